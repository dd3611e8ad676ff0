// Infrastructure checks for the browser test project. If these fail, the
// browser environment (COOP/COEP headers, Node built-in aliases for memfs,
// module workers) is broken, not wasmbox itself.
import { describe, expect, it } from 'vitest';
import { Volume } from 'memfs';

describe('browser test environment', () => {
  it('runs in a real browser, not Node', () => {
    expect(typeof window).toBe('object');
    expect(typeof document).toBe('object');
  });

  it('is crossOriginIsolated (COOP/COEP headers reached the page)', () => {
    expect(crossOriginIsolated).toBe(true);
  });

  it('has SharedArrayBuffer and Atomics.waitAsync', () => {
    const sab = new SharedArrayBuffer(8);
    expect(sab.byteLength).toBe(8);
    expect(typeof Atomics.waitAsync).toBe('function');
  });

  it('loads memfs with browser aliases for Node built-ins', async () => {
    const vol = new Volume();
    vol.writeFileSync('/a', 'x');
    expect(vol.readFileSync('/a', 'utf8')).toBe('x');
    // Buffer (node:buffer -> buffer)
    expect(vol.readFileSync('/a').toString()).toBe('x');
    // stream (node:stream -> browser-shims/stream.js): wasmbox never makes memfs streams, so the
    // browser build leaves Node streams out, and making one says so instead of half working.
    expect(() => vol.createReadStream('/a')).toThrow(/stream\.Readable is not available in wasmbox's browser build/);
    expect(() => vol.createWriteStream('/b')).toThrow(/stream\.Writable is not available/);
    // memfs's own snapshot and tree-printing add-ons (browser-shims/memfs-extras.js): left out, and say so.
    expect(() => vol.toSnapshot()).toThrow(/memfs toSnapshotSync is not available in wasmbox's browser build/);
    expect(() => vol.toBinarySnapshot()).toThrow(/toBinarySnapshotSync is not available/);
    expect(() => vol.toTree()).toThrow(/memfs toTree is not available/);
    // url (node:url -> browser-shims/url.js, the page's WHATWG URL)
    vol.mkdirSync('/d');
    vol.writeFileSync('/d/f.txt', 'y');
    expect(vol.globSync('*.txt', { cwd: new URL('file:///d') })).toEqual(['f.txt']);
    // global process.nextTick in memfs's Dir (browserInject in browser-aliases.ts)
    const names: string[] = [];
    for await (const entry of await vol.promises.opendir('/d')) names.push(String(entry.name));
    expect(names).toEqual(['f.txt']);
    // ...and no Node globals leaked into the page
    expect('process' in globalThis).toBe(false);
    expect('Buffer' in globalThis).toBe(false);
  });

  it('module worker gets a SharedArrayBuffer and Atomics.wait/notify works with the page', async () => {
    const worker = new Worker(new URL('./sab-worker.ts', import.meta.url), { type: 'module' });
    try {
      const sab = new SharedArrayBuffer(8);
      const i32 = new Int32Array(sab);
      const ready = new Promise<{ crossOriginIsolated: boolean; isShared: boolean }>(
        (resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
        },
      );
      // Start waiting on the result word before waking the worker, so no notify is missed.
      const done = Atomics.waitAsync(i32, 1, 0, 15_000);
      worker.postMessage({ sab });
      const hello = await ready;
      expect(hello).toEqual({ type: 'ready', crossOriginIsolated: true, isShared: true });

      // Wake the worker once it is really blocked in Atomics.wait (notify returns 1).
      const deadline = performance.now() + 10_000;
      while (Atomics.notify(i32, 0, 1) === 0) {
        if (performance.now() > deadline) throw new Error('worker never blocked in Atomics.wait');
        await new Promise((r) => setTimeout(r, 5));
      }

      expect(done.async).toBe(true);
      expect(await done.value).toBe('ok');
      expect(Atomics.load(i32, 1)).toBe(1); // worker saw 'ok' from Atomics.wait
    } finally {
      worker.terminate();
    }
  });
});
