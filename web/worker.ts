/** Entry of a wasmbox worker in a browser (a module Web Worker). */
import type { HostToWorker, WorkerToHost } from '../engine/protocol.js';
import { serveWorker } from '../runtimes/worker-main.js';

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;
serveWorker({
  postMessage: (message: WorkerToHost) => scope.postMessage(message),
  onMessage: (handler) => scope.addEventListener('message', (e: MessageEvent<HostToWorker>) => handler(e.data)),
});
