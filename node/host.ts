/** The WorkerHost seam on Node: worker_threads. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../engine/protocol.js';
import type { WorkerHandle, WorkerHost } from '../engine/worker-host.js';

/**
 * Node 20 cannot start a worker from a .ts file, so the worker always runs
 * the built bundle: beside this file in dist/, or in dist/ when running from
 * source (tests build it first).
 */
function workerUrl(): URL {
  const candidates = [new URL('./node-worker.js', import.meta.url), new URL('../dist/node-worker.js', import.meta.url)];
  for (const url of candidates) if (existsSync(fileURLToPath(url))) return url;
  throw new Error(`wasmbox: the worker bundle is missing (looked for ${candidates.map((u) => fileURLToPath(u)).join(' and ')}); run 'npm run build'`);
}

export class NodeWorkerHost implements WorkerHost {
  private url: URL | undefined;

  assertUsable(): void {}

  /** Read from the installed package (a dependency of wasmbox), wherever npm put it. */
  async quickjsWasm(): Promise<Uint8Array> {
    const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    return new Uint8Array(await readFile(path));
  }

  spawn(): WorkerHandle {
    this.url ??= workerUrl();
    const worker = new Worker(this.url);
    return {
      post: (message: HostToWorker) => worker.postMessage(message),
      onMessage: (handler: (message: WorkerToHost) => void) => worker.on('message', handler),
      onError: (handler: (error: Error) => void) => {
        worker.on('error', handler);
        worker.on('exit', (code) => handler(new Error(`worker exited with code ${code}`)));
      },
      terminate: () => {
        worker.removeAllListeners('exit');
        void worker.terminate();
      },
      setActive: (active: boolean) => (active ? worker.ref() : worker.unref()),
    };
  }
}
