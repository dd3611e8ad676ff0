/** The WorkerHost seam in browsers: module Web Workers. */
import { IsolationError } from '../engine/errors.js';
import type { HostToWorker, WorkerToHost } from '../engine/protocol.js';
import type { WorkerHandle, WorkerHost } from '../engine/worker-host.js';

/** Bundlers (Vite, webpack, esbuild) recognise this exact `new Worker(new URL(…))` form and bundle the worker. */
const startWorker = (): Worker => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'wasmbox' });

export class WebWorkerHost implements WorkerHost {
  constructor(private readonly start: () => Worker = startWorker) {}

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

  spawn(): WorkerHandle {
    const worker = this.start();
    return {
      post: (message: HostToWorker) => worker.postMessage(message),
      onMessage: (handler: (message: WorkerToHost) => void) => worker.addEventListener('message', (e) => handler(e.data as WorkerToHost)),
      onError: (handler: (error: Error) => void) =>
        worker.addEventListener('error', (e) => {
          e.preventDefault();
          handler(new Error(e.message || 'the worker failed to load'));
        }),
      terminate: () => worker.terminate(),
      setActive: () => {},
    };
  }
}
