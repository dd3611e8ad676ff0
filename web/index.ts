/** wasmbox for browsers: the Sandbox on module Web Workers. */
import { ModuleCache } from '../engine/module-cache.js';
import { Sandbox as EngineSandbox, type Platform } from '../engine/sandbox.js';
import { WorkerPool } from '../engine/worker-pool.js';
import { WebWorkerHost } from './host.js';

/** The worker pool and compiled-module cache are the only things sandboxes share (STYLE.md 12). */
let shared: Platform | undefined;

export class Sandbox extends EngineSandbox {
  protected static override platform(): Platform {
    return (shared ??= { pool: new WorkerPool(new WebWorkerHost()), modules: new ModuleCache() });
  }
}

export * from '../engine/public.js';
