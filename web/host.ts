/** The WorkerHost seam in browsers: module Web Workers. */
import { IsolationError } from '../engine/errors.js';
import type { HostToWorker, WorkerToHost } from '../engine/protocol.js';
import type { WorkerHandle, WorkerHost } from '../engine/worker-host.js';
// Vite (and other bundlers) emit the file as an asset and give its URL.
import quickjsWasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { startWorker, takeEarlyWorker, type StartedWorker } from './worker-start.js';

/** A worker from startWorkersEarly when there is one, else a new one. */
function earlyOrNew(): StartedWorker {
  return takeEarlyWorker() ?? { worker: startWorker() };
}

export class WebWorkerHost implements WorkerHost {
  /** `start` is for tests; the default takes the page's early workers first (worker-start.ts). */
  constructor(private readonly start: () => StartedWorker = earlyOrNew) {}

  assertUsable(): void {
    if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
      throw new IsolationError(
        'wasmbox needs SharedArrayBuffer, which browsers only provide to cross-origin isolated pages. ' +
          "Serve the page with the headers 'Cross-Origin-Opener-Policy: same-origin' and " +
          "'Cross-Origin-Embedder-Policy: require-corp' (or 'credentialless'); " +
          `this page has crossOriginIsolated=${String(globalThis.crossOriginIsolated)}.`,
      );
    }
  }

  async quickjsWasm(): Promise<Uint8Array> {
    const response = await fetch(quickjsWasmUrl);
    if (!response.ok) throw new Error(`wasmbox: could not load QuickJS's wasm from ${quickjsWasmUrl}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  spawn(): WorkerHandle {
    const { worker, failure, initialised } = this.start();
    return {
      initialised,
      post: (message: HostToWorker) => worker.postMessage(message),
      onMessage: (handler: (message: WorkerToHost) => void) => worker.addEventListener('message', (e) => handler(e.data as WorkerToHost)),
      onError: (handler: (error: Error) => void) => {
        // An early worker may have failed before anyone listened.
        if (failure) queueMicrotask(() => handler(failure));
        worker.addEventListener('error', (e) => {
          e.preventDefault();
          handler(new Error(e.message || 'the worker failed to load'));
        });
      },
      terminate: () => worker.terminate(),
      setActive: () => {},
    };
  }
}
