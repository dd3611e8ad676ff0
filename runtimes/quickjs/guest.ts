/**
 * A guest: one QuickJS runtime and context running a program's JavaScript
 * with Node's globals (guest/*.js) over the kernel (`Sys`). The `js`
 * program (js-program.ts) and other runtimes built on it (an edge server, a
 * REPL) use it the same way: createGuest, then runMain or importModule, then
 * runUntil, then dispose (README.md in this folder).
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { SysError, type Sys } from '../sys.js';
import { BOOTSTRAP } from './guest-library.js';
import { HostFunction, NODE_VERSION, performanceNow } from './host-function.js';
import { toGuest } from './marshal.js';
import { ModuleLoader } from './module-loader.js';
import { moduleKind } from './module-kind.js';
import { nodeError } from './node-errors.js';
import { decodeUtf8 } from './utf8.js';
import { TIME_LIMIT_MESSAGE } from '../../engine/signals.js';

export { NODE_VERSION };


/**
 * QuickJS's stack limit. Its C code recurses on the host's own stack too (a
 * wasm call per C frame, bigger frames while V8 runs the baseline-compiled
 * code), and a browser worker's stack is about 1 MB: at 160 KiB of QuickJS
 * stack Chromium's sometimes overflowed first in a plain recursion. 128 KiB
 * gives ~700 frames of a simple recursion. C code that recurses with little
 * QuickJS stack per level (JSON.stringify of a 100,000-deep object) can
 * still overflow the host's: js-program.ts then ends the program with a
 * RangeError and drops that QuickJS instance.
 */
export const DEFAULT_STACK_BYTES = 128 * 1024;
/**
 * The most heap a guest gets, whatever limits.memoryMiB says: past ~450 MiB
 * this QuickJS build (quickjs-emscripten 0.32, release-sync) traps inside
 * its allocator instead of throwing 'out of memory'.
 */
export const MAX_HEAP_BYTES = 384 * 1024 * 1024;
/** Exit status after running out of memory: Node aborts (SIGABRT) on a full heap. */
export const OUT_OF_MEMORY_STATUS = 134;


export interface GuestOptions {
  quickjs: QuickJSWASMModule;
  /** The runtime's memory limit (runtime.setMemoryLimit); default none. */
  memoryBytes?: number;
  /** QuickJS's stack limit; default DEFAULT_STACK_BYTES. */
  stackBytes?: number;
}

/** Why the guest stopped running, once it has. */
export type GuestEnd =
  | { kind: 'exit'; status: number }
  | { kind: 'signal'; signal: number }
  | { kind: 'out-of-memory' };

export function createGuest(sys: Sys, argv: string[], env: Record<string, string>, options: GuestOptions): Guest {
  return new Guest(sys, argv, env, options);
}

export class Guest {
  readonly runtime: QuickJSRuntime;
  readonly context: QuickJSContext;
  /** Set once the guest must stop: process.exit, an uncaught error, a signal, out of memory. */
  end: GuestEnd | undefined;
  /** What bootstrap.js returned: `internal`, `require` and `evalGlobals`. */
  private readonly boot: QuickJSHandle;
  /** guest/hooks.js, loaded the first time the host needs a hook. */
  private hooksHandle: QuickJSHandle | undefined;
  /** The guest libraries loaded so far: a hook whose library never loaded has nothing to do. */
  private readonly loaded = new Set<string>();
  private builtinExposed = false;
  private readonly loader: ModuleLoader;
  private readonly memoryBytes: number | undefined;

  constructor(
    readonly sys: Sys,
    readonly argv: string[],
    readonly env: Record<string, string>,
    options: GuestOptions,
  ) {
    this.runtime = options.quickjs.newRuntime();
    this.memoryBytes = options.memoryBytes;
    if (options.memoryBytes !== undefined) this.runtime.setMemoryLimit(options.memoryBytes);
    this.runtime.setMaxStackSize(options.stackBytes ?? DEFAULT_STACK_BYTES);
    // Called every few thousand bytecodes: a requested exit or a kernel signal (timeout, ^C) stops the guest.
    this.runtime.setInterruptHandler(() => {
      if (this.end) return true;
      const signal = sys.pendingSignal?.() ?? 0;
      if (signal === 0) return false;
      this.end = { kind: 'signal', signal };
      return true;
    });
    this.context = this.runtime.newContext();
    this.loader = new ModuleLoader(this);
    this.runtime.setModuleLoader(
      (name) => this.loader.load(name),
      (base, requested) => this.loader.normalize(base, requested),
    );
    const ctx = this.context;
    const hostFunction = new HostFunction({
      sys,
      context: ctx,
      argv,
      env,
      memoryBytes: options.memoryBytes,
      loadedLibrary: (name) => this.loaded.add(name),
      requestExit: (status) => (this.end ??= { kind: 'exit', status }),
    });
    const host = ctx.newFunction('host', (op, ...args) => hostFunction.call(op, args));
    const init = ctx.evalCode(`(function (host) {${BOOTSTRAP}\n})`, 'node:internal/bootstrap', { type: 'global', strict: true });
    try {
      const bootstrap = ctx.unwrapResult(init);
      this.boot = ctx.unwrapResult(ctx.callFunction(bootstrap, ctx.undefined, host));
      bootstrap.dispose();
    } finally {
      host.dispose();
    }
  }

  // --- running ---

  /**
   * Run a program's main code: a file, or code given inline (`-e`, runCode)
   * under a pseudo file name in the cwd. ESM or CommonJS by module-kind.ts.
   * An uncaught error is printed and ends the guest with status 1.
   */
  runMain(main: { file: string } | { code: string; name: string; print?: boolean }): void {
    if ('file' in main) {
      const path = this.sys.resolve(main.file);
      let source: string;
      try {
        source = decodeUtf8(this.sys.readFile(path));
      } catch (error) {
        if (!(error instanceof SysError)) throw error;
        this.reportMissingMain(path, error);
        return;
      }
      const kind = moduleKind(path, source);
      if (kind === 'esm' || (kind === 'cjs' && this.needsModule(source, path))) this.runModule(source, path)?.dispose();
      else this.callHook('cjsRequire', path);
      return;
    }
    const filename = `${this.sys.cwd === '/' ? '' : this.sys.cwd}/${main.name}`;
    if (moduleKind(filename, main.code) === 'esm') {
      this.runModule(main.code, filename)?.dispose();
      return;
    }
    const evalGlobals = this.context.getProp(this.boot, 'evalGlobals');
    this.context.callFunction(evalGlobals, this.context.undefined).dispose();
    evalGlobals.dispose();
    const result = this.context.evalCode(main.code, main.name, { type: 'global' });
    if (result.error) {
      // Node's syntax detection: code that is no script but parses as a module (top-level await, export) is one.
      if (!main.print && this.isSyntaxError(result.error) && this.parsesAsModule(main.code, filename)) {
        result.error.dispose();
        this.runModule(main.code, filename)?.dispose();
        return;
      }
      this.uncaught(result.error);
      result.error.dispose();
      return;
    }
    if (main.print && !this.end) {
      // node -p prints the value as console.log would.
      const text = this.callHook('format', result.value);
      if (typeof text === 'string') this.sys.write(1, `${text}\n`);
    }
    result.value.dispose();
  }

  /** Import a module by absolute path and run the loop until its evaluation settles; its namespace, or undefined if it failed. */
  importModule(path: string): QuickJSHandle | undefined {
    const abs = this.sys.resolve(path);
    const ns = this.runModule(`export * from ${JSON.stringify(abs)}; import * as ns from ${JSON.stringify(abs)}; export default ns;`, `${abs}#import`);
    if (!ns) return undefined;
    const inner = this.context.getProp(ns, 'default');
    ns.dispose();
    return inner;
  }

  private isSyntaxError(error: QuickJSHandle): boolean {
    const ctx = this.context;
    if (ctx.typeof(error) !== 'object') return false;
    const name = ctx.getProp(error, 'name');
    const is = ctx.typeof(name) === 'string' && ctx.getString(name) === 'SyntaxError';
    name.dispose();
    return is;
  }

  /** A file with top-level await and no import/export: no CommonJS function body compiles, a module does. */
  private needsModule(source: string, filename: string): boolean {
    if (!/\bawait\b/.test(source)) return false;
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
    const compiled = this.context.evalCode(wrapped, `${filename}#detect`, { type: 'global', compileOnly: true });
    if (!compiled.error) {
      compiled.value.dispose();
      return false;
    }
    const syntax = this.isSyntaxError(compiled.error);
    compiled.error.dispose();
    return syntax && this.parsesAsModule(source, filename);
  }

  private parsesAsModule(source: string, filename: string): boolean {
    const compiled = this.context.evalCode(source, `${filename}#detect`, { type: 'module', compileOnly: true });
    if (compiled.error) {
      compiled.error.dispose();
      return false;
    }
    compiled.value.dispose();
    return true;
  }

  private runModule(source: string, filename: string): QuickJSHandle | undefined {
    const result = this.context.evalCode(withImportMeta(source, filename), filename, { type: 'module' });
    if (result.error) {
      this.uncaught(result.error);
      result.error.dispose();
      return undefined;
    }
    // With top-level await the evaluation is a promise for the namespace; without, the namespace itself (the same handle comes back).
    const settled = this.awaitPromise(result.value);
    if (settled?.type !== 'fulfilled' || settled.value !== result.value) result.value.dispose();
    if (!settled) return undefined;
    if (settled.type === 'rejected') {
      this.uncaught(settled.error);
      settled.error.dispose();
      return undefined;
    }
    return settled.value;
  }

  /**
   * Run the event loop until `promise` settles (or the guest ends): its
   * state, with handles the caller disposes; undefined if the guest ended
   * first or nothing was left that could settle it.
   */
  awaitPromise(promise: QuickJSHandle): { type: 'fulfilled'; value: QuickJSHandle } | { type: 'rejected'; error: QuickJSHandle } | undefined {
    let state = this.context.getPromiseState(promise);
    if (state.type === 'pending') {
      this.runUntil(() => !this.isPending(promise));
      state = this.context.getPromiseState(promise);
    }
    if (state.type === 'pending' || this.end) {
      if (state.type === 'rejected') state.error.dispose();
      if (state.type === 'fulfilled') state.value.dispose();
      return undefined;
    }
    return state.type === 'fulfilled' ? { type: 'fulfilled', value: state.value } : { type: 'rejected', error: state.error };
  }

  /** Whether `promise` is still pending; a settled state's result handle is released at once. */
  private isPending(promise: QuickJSHandle): boolean {
    const state = this.context.getPromiseState(promise);
    if (state.type === 'pending') return true;
    if (state.type === 'rejected') state.error.dispose();
    else if (!state.notAPromise) state.value.dispose();
    return false;
  }

  /**
   * The event loop (Node's phases, simplified): process.nextTick callbacks
   * and promise jobs until none is left, then due timers and immediates,
   * then sleep until the next timer, or read stdin if the program listens to
   * it. Returns when `done()` holds, the guest ended, or nothing (no ref'ed
   * timer, no stdin listener) keeps it alive.
   */
  runUntil(done: () => boolean = () => false): void {
    const sys = this.sys;
    for (;;) {
      this.drainJobs();
      if (this.end || done()) return;
      const wait = this.loaded.has('timers') ? this.callHook('timers', performanceNow(sys)) : -1;
      if (this.end) return;
      if (wait === 0) continue;
      if (this.loaded.has('process') && this.callHook('wantsStdin') === true) {
        // A blocking read: timers wait while stdin has no data (KNOWN_LIMITATIONS.md).
        const chunk = new Uint8Array(65536);
        let n = 0;
        try {
          n = sys.read(0, chunk);
        } catch (error) {
          if (!(error instanceof SysError)) throw error;
          // EINTR: the kernel wants the program to stop (a timeout, ^C); any other error ends stdin.
          const signal = sys.pendingSignal?.() ?? 0;
          if (signal !== 0) {
            this.end = { kind: 'signal', signal };
            return;
          }
        }
        this.callHook('stdin', chunk.subarray(0, n));
        continue;
      }
      if (typeof wait !== 'number' || wait < 0) return;
      sys.sleep(wait);
      if (this.end) return;
      const signal = sys.pendingSignal?.() ?? 0;
      if (signal !== 0) {
        this.end = { kind: 'signal', signal };
        return;
      }
    }
  }

  /** nextTick callbacks, then promise jobs, until both queues are empty. */
  private drainJobs(): void {
    for (;;) {
      if (this.end) return;
      const ticked = this.loaded.has('process') && this.callHook('ticks') === true;
      if (this.end) return;
      if (!this.runtime.hasPendingJob()) {
        if (ticked) continue;
        return;
      }
      const result = this.runtime.executePendingJobs();
      if (result.error) {
        this.uncaught(result.error);
        result.error.dispose();
      }
    }
  }

  /** The exit status the program returns, once the loop has run out. */
  status(): number {
    const end = this.end;
    if (!end) {
      if (!this.loaded.has('process')) return 0;
      const code = this.callHook('exitCode');
      const status = typeof code === 'number' && Number.isInteger(code) ? code & 0xff : 0;
      this.callHook('exit', status);
      return this.end ? this.status() : status;
    }
    switch (end.kind) {
      case 'exit':
        return end.status & 0xff;
      case 'signal':
        return 128 + end.signal;
      case 'out-of-memory':
        return OUT_OF_MEMORY_STATUS;
    }
  }

  /** What to print on stderr about how the guest ended, if anything (a timeout, out of memory). */
  endMessage(): string | undefined {
    const end = this.end;
    if (end?.kind === 'out-of-memory') {
      const limit = this.memoryBytes === undefined ? '' : ` of ${Math.round(this.memoryBytes / 1048576)} MiB (limits.memoryMiB, at most ${MAX_HEAP_BYTES / 1048576} for JavaScript)`;
      return `FATAL ERROR: JavaScript heap out of memory: the program needed more than its limit${limit}\n`;
    }
    if (end?.kind === 'signal' && end.signal === 14) return TIME_LIMIT_MESSAGE;
    return undefined;
  }

  /**
   * Free the runtime. Returns false when QuickJS cannot free it cleanly (it
   * aborts when objects outlive their runtime, which its out-of-memory paths
   * can leave behind): the caller must then drop this QuickJS instance.
   */
  dispose(): boolean {
    if (this.end?.kind === 'out-of-memory') return false;
    try {
      this.hooksHandle?.dispose();
      this.boot.dispose();
      this.context.dispose();
      this.runtime.dispose();
      return true;
    } catch {
      return false;
    }
  }

  // --- errors ---

  /** An uncaught error: out of memory and interrupts end the guest; anything else the guest reports (and maybe handles). */
  private uncaught(error: QuickJSHandle): void {
    if (this.end) return;
    const ctx = this.context;
    const name = ctx.typeof(error) === 'object' ? ctx.getProp(error, 'name') : undefined;
    const message = ctx.typeof(error) === 'object' ? ctx.getProp(error, 'message') : undefined;
    const isInternal = name !== undefined && ctx.typeof(name) === 'string' && ctx.getString(name) === 'InternalError';
    const text = message !== undefined && ctx.typeof(message) === 'string' ? ctx.getString(message) : '';
    name?.dispose();
    message?.dispose();
    if (isInternal && text === 'out of memory') {
      this.end = { kind: 'out-of-memory' };
      return;
    }
    if (isInternal && text === 'interrupted') {
      this.end ??= { kind: 'exit', status: 1 };
      return;
    }
    const handled = this.callHook('uncaught', error);
    if (handled !== true) this.end ??= { kind: 'exit', status: 1 };
  }

  private reportMissingMain(path: string, error: SysError): void {
    const e = nodeError(error.code, 'open', path);
    const text =
      error.code === 'ENOENT'
        ? `Error: Cannot find module '${path}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader) {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n`
        : `Error: ${e.message}\n`;
    this.sys.write(2, text);
    this.end = { kind: 'exit', status: 1 };
  }

  /**
   * Call a hook of bootstrap.js; its result if it is a primitive. An error
   * out of a hook is an uncaught error of the program (a timer callback threw).
   */
  callHook(name: string, ...args: unknown[]): unknown {
    const ctx = this.context;
    const hooks = this.hooks();
    if (!hooks) return undefined;
    const fn = ctx.getProp(hooks, name);
    const handles = args.map((a) => toGuest(ctx, a));
    const result = ctx.callFunction(fn, hooks, handles);
    fn.dispose();
    for (let i = 0; i < handles.length; i++) if (handles[i] !== args[i]) handles[i]!.dispose();
    if (result.error) {
      this.uncaught(result.error);
      result.error.dispose();
      return undefined;
    }
    const type = ctx.typeof(result.value);
    const value = type === 'object' || type === 'function' ? undefined : ctx.dump(result.value);
    result.value.dispose();
    return value;
  }

  /** A hook's result as a handle the caller disposes, or its error as a host Error (module-loader.ts builds module sources so). */
  callHookResult(name: string, ...args: unknown[]): { value: QuickJSHandle } | { error: Error } {
    const ctx = this.context;
    const hooks = this.hooks();
    if (!hooks) return { error: new Error('the guest library failed to load') };
    const fn = ctx.getProp(hooks, name);
    const handles = args.map((a) => toGuest(ctx, a));
    const result = ctx.callFunction(fn, hooks, handles);
    fn.dispose();
    for (const h of handles) h.dispose();
    if (!result.error) return { value: result.value };
    const dumped = ctx.dump(result.error) as { name?: string; message?: string; code?: string } | string;
    result.error.dispose();
    const error = typeof dumped === 'object' && dumped !== null ? Object.assign(new Error(String(dumped.message)), { name: dumped.name ?? 'Error', code: dumped.code }) : new Error(String(dumped));
    return { error };
  }

  // edge functions (runtimes/quickjs/serve.ts): begin
  /** A library of guest/ by name (bootstrap.js `internal`): its exports as a handle the caller disposes, or its error. */
  library(name: string): { value: QuickJSHandle } | { error: Error } {
    const ctx = this.context;
    const internal = ctx.getProp(this.boot, 'internal');
    const nameHandle = ctx.newString(name);
    const result = ctx.callFunction(internal, ctx.undefined, nameHandle);
    internal.dispose();
    nameHandle.dispose();
    if (!result.error) return { value: result.value };
    const dumped = ctx.dump(result.error) as { message?: string } | string;
    result.error.dispose();
    return { error: new Error(typeof dumped === 'object' && dumped !== null ? String(dumped.message) : String(dumped)) };
  }
  // edge functions: end

  /**
   * Give the ES modules that stand for built-ins and CommonJS files
   * (module-loader.ts) the guest's require, as Symbol.for('wasmbox.builtin')
   * on the global: done on the first such import, not in every process.
   */
  exposeBuiltinRequire(): void {
    if (this.builtinExposed) return;
    this.builtinExposed = true;
    const ctx = this.context;
    const requireBuiltin = ctx.getProp(this.boot, 'require');
    const key = ctx.newSymbolFor('wasmbox.builtin');
    ctx.setProp(ctx.global, key, requireBuiltin);
    key.dispose();
    requireBuiltin.dispose();
  }

  /** guest/hooks.js's exports, loading it the first time; undefined if the guest cannot even load it (out of memory). */
  private hooks(): QuickJSHandle | undefined {
    if (this.hooksHandle) return this.hooksHandle;
    const loaded = this.library('hooks');
    if ('error' in loaded) return undefined;
    this.hooksHandle = loaded.value;
    return this.hooksHandle;
  }
}

/**
 * QuickJS leaves import.meta empty (quickjs-libc fills it, quickjs-emscripten
 * does not): set url, filename and dirname as Node does, in front of the
 * module's first line so line numbers stay the file's. A `#!` line becomes a
 * comment, as Node ignores it.
 */
export function withImportMeta(source: string, filename: string): string {
  const slash = filename.lastIndexOf('/');
  const dirname = slash <= 0 ? '/' : filename.slice(0, slash);
  const url = `file://${encodeURI(filename)}`;
  const body = source.startsWith('#!') ? `//${source}` : source;
  return `import.meta.url=${JSON.stringify(url)};import.meta.filename=${JSON.stringify(filename)};import.meta.dirname=${JSON.stringify(dirname)};${body}`;
}

