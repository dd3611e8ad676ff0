/**
 * QuickJS, loaded once per worker and kept: the host compiles the wasm once
 * (engine/module-cache.ts) and posts the Module with every JavaScript run;
 * loading it (instantiating plus the emscripten start-up, ~15 ms) happens on
 * the first run in a worker only. One holder per worker, made by serveWorker
 * (runtimes/worker-main.ts) and passed down to the program, never a
 * module-level global.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';

/** QuickJS's glue is imported on first use (runtimes/programs.ts says why). */
async function instantiate(wasm: WebAssembly.Module): Promise<QuickJSWASMModule> {
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, { default: releaseSync }] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: wasm }));
}

export class QuickJSHolder {
  /** The loaded QuickJS, once load() has settled. */
  current: QuickJSWASMModule | undefined;
  private pending: Promise<QuickJSWASMModule> | undefined;

  /**
   * Load QuickJS from `wasm`, unless this worker already holds it. Every
   * message carries the Module, and each arrives as a new object (a
   * structured clone), so identity says nothing: a platform has one QuickJS
   * build, and the first one that loads is kept.
   */
  load(wasm: WebAssembly.Module): Promise<QuickJSWASMModule> {
    if (this.current) return Promise.resolve(this.current);
    if (!this.pending) {
      const pending = instantiate(wasm);
      this.pending = pending;
      pending.then(
        (module) => {
          if (this.pending === pending) this.current = module;
        },
        () => {
          if (this.pending === pending) this.pending = undefined;
        },
      );
    }
    return this.pending;
  }

  /**
   * Forget the instance: after the host's own stack overflowed inside
   * QuickJS's C code, or it trapped, its heap is not to be trusted, so the
   * next run loads a fresh one.
   */
  discard(): void {
    this.current = undefined;
    this.pending = undefined;
  }
}
