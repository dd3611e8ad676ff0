/**
 * Compiled WebAssembly modules, keyed by the SHA-256 of their bytes, so a
 * program is compiled once however many times and in however many sandboxes
 * it runs; workers receive the compiled Module, not the bytes. V8 compiles
 * lazily, so a cached Module also keeps the tiered-up code (TOOLCHAIN.md).
 */

const MAX_ENTRIES = 64;

export class ModuleCache {
  private readonly modules = new Map<string, Promise<WebAssembly.Module>>();
  /** The engine's own runtimes (QuickJS), compiled once per platform and never evicted. */
  private readonly runtimes = new Map<string, Promise<WebAssembly.Module>>();

  /**
   * A runtime's module by name: `load` fetches its bytes the first time only,
   * so a warm start pays neither the read nor the SHA-256 of 500 KB.
   */
  runtime(name: string, load: () => Promise<Uint8Array>): Promise<WebAssembly.Module> {
    let entry = this.runtimes.get(name);
    if (!entry) {
      entry = load().then((bytes) => this.get(bytes).then((r) => r.module));
      entry.catch(() => this.runtimes.delete(name));
      this.runtimes.set(name, entry);
    }
    return entry;
  }

  async get(bytes: Uint8Array): Promise<{ key: string; module: WebAssembly.Module }> {
    const key = await sha256Hex(bytes);
    let entry = this.modules.get(key);
    if (entry) {
      // Refresh its place: the map's order is the eviction order.
      this.modules.delete(key);
    } else {
      entry = WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      entry.catch(() => this.modules.delete(key));
    }
    this.modules.set(key, entry);
    while (this.modules.size > MAX_ENTRIES) this.modules.delete(this.modules.keys().next().value!);
    return { key, module: await entry };
  }

  get size(): number {
    return this.modules.size;
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
