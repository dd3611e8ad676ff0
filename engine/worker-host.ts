/**
 * The platform seam (STYLE.md 2): what the engine needs from Node's
 * worker_threads or the browser's Web Workers. node/host.ts and web/host.ts
 * each implement it in a few dozen lines.
 */
import type { HostToWorker, WorkerToHost } from './protocol.js';

export interface WorkerHandle {
  post(message: HostToWorker): void;
  /** Set once per worker; the pool routes messages to whichever process owns it. */
  onMessage(handler: (message: WorkerToHost) => void): void;
  /** The worker failed to load or died outside our control. */
  onError(handler: (error: Error) => void): void;
  /** Stop the worker now, wherever it is (worker termination is our signal delivery). */
  terminate(): void;
  /** Whether the worker should keep the host alive (Node: ref/unref; browsers: no-op). */
  setActive(active: boolean): void;
  /**
   * Set when the platform already sent this worker its 'init' (a browser
   * page's early workers, web/worker-start.ts): its channel, and when it
   * answered. The pool then uses that channel instead of sending another.
   */
  readonly initialised?: { channel: SharedArrayBuffer; ready: Promise<void> };
}

export interface WorkerHost {
  /** Start a worker running the wasmbox worker runtime. */
  spawn(): WorkerHandle;
  /** Throw a clear error when workers cannot share memory here (no cross-origin isolation). */
  assertUsable(): void;
  /**
   * The bytes of QuickJS's wasm (@jitl/quickjs-wasmfile-release-sync), for
   * the JavaScript runtime (runtimes/quickjs/). Where they live is a platform
   * matter: a file beside the package in Node, a bundled asset URL in browsers.
   */
  quickjsWasm(): Promise<Uint8Array>;
}
