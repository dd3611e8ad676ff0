/**
 * The one place a wasmbox Web Worker is made, and the way to make the
 * first ones before the library has loaded.
 *
 * A worker's start (fetch, parse and run the worker bundle: ~150 ms on a
 * 2-core machine) does not need the library, so a page can begin it first
 * thing and let it overlap the library's own load. `startWorkersEarly` is
 * in this small module, apart from the Sandbox, for that reason: import it
 * from the page's entry, call it, and load 'wasmbox' afterwards. The
 * sandbox's worker pool then takes these workers before it starts others.
 *
 * Each early worker is also sent its 'init' (its syscall channel) at once,
 * so it is ready, not just loaded, when the first process wants it: the
 * page's main thread, which would otherwise relay that handshake, is busy
 * loading the library and building the page just then.
 */
import { DEFAULT_CHANNEL_BYTES } from '../engine/abi.js';

/** Bundlers (Vite, webpack, esbuild) recognise this exact `new Worker(new URL(…))` form and bundle the worker. */
export const startWorker = (): Worker => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'wasmbox' });

/** A worker as the host (web/host.ts) gets it: new, or one of these early ones. */
export interface StartedWorker {
  worker: Worker;
  /** Why it failed to load, when it failed before the pool took it (an 'error' event nobody else heard). */
  failure?: Error;
  /** The init already sent: its channel, and the worker's answer (which may come before the pool listens). */
  initialised?: { channel: SharedArrayBuffer; ready: Promise<void> };
}

interface EarlyWorker extends StartedWorker {
  initialised: NonNullable<StartedWorker['initialised']>;
}

const early: EarlyWorker[] = [];

/** At most this many are kept waiting: more would only compete for the cores with the page. */
const MAX_EARLY = 8;

/**
 * Start `count` workers now (default 1, the first process's), for the
 * first Sandbox to use. Does nothing where wasmbox cannot run (a page that
 * is not cross-origin isolated: Sandbox.create says why), and never starts
 * more than 8 in all.
 */
export function startWorkersEarly(count = 1): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`startWorkersEarly: count must be a non-negative integer, got ${String(count)}`);
  if (typeof Worker === 'undefined' || typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) return;
  for (let i = 0; i < count && early.length < MAX_EARLY; i++) {
    const worker = startWorker();
    const channel = new SharedArrayBuffer(DEFAULT_CHANNEL_BYTES);
    let entry!: EarlyWorker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.addEventListener('message', (e: MessageEvent<{ type?: string }>) => e.data?.type === 'ready' && resolve(), { once: true });
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        entry.failure = new Error(e.message || 'the worker failed to load');
        reject(entry.failure);
      });
    });
    ready.catch(() => {}); // the pool hears of a failure through `failure` and onError
    entry = { worker, initialised: { channel, ready } };
    worker.postMessage({ type: 'init', channel });
    early.push(entry);
  }
}

/** A worker started by startWorkersEarly, oldest first (the pool calls this before starting one itself). */
export function takeEarlyWorker(): Readonly<EarlyWorker> | undefined {
  return early.shift();
}
