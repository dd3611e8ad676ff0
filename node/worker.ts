/** Entry of a wasmbox worker on Node (worker_threads). */
import { parentPort } from 'node:worker_threads';
import type { HostToWorker } from '../engine/protocol.js';
import { serveWorker } from '../runtimes/worker-main.js';

const port = parentPort!;
serveWorker({
  postMessage: (message) => port.postMessage(message),
  onMessage: (handler) => port.on('message', (message: HostToWorker) => handler(message)),
});
