/**
 * Every control message between the host and a worker, as one tagged union
 * per direction (STYLE.md 2). Control is asynchronous postMessage; the
 * synchronous syscall path is the SharedArrayBuffer channel in abi.ts.
 */

export type HostToWorker =
  | { type: 'init'; channel: SharedArrayBuffer }
  | {
      type: 'run-wasi';
      pid: number;
      module: WebAssembly.Module;
      argv: string[];
      env: string[];
      cwd: string;
      /** fds the kernel opened before start: 3 is the root directory, preopened as "/". */
      preopens: { fd: number; path: string }[];
    }
  | {
      /** Run one of wasmbox's own programs (engine/program-files.ts), e.g. the shell or ls. */
      type: 'run-program';
      pid: number;
      name: string;
      argv: string[];
      env: Record<string, string>;
      cwd: string;
      /** JSON from the parent's `sys.spawn({ fork })`, when this is a copy of it. */
      fork?: string;
      /** QuickJS's compiled wasm, for the JavaScript programs (engine/program-files.ts QUICKJS_PROGRAMS). */
      quickjs?: WebAssembly.Module;
      /** Memory limit of the program's own heap (QuickJS's), in bytes; limits.memoryMiB. */
      memoryBytes?: number;
    };

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'exit'; pid: number; code: number }
  | { type: 'failed'; pid: number; message: string };

/** A port as both platforms present it; the worker side's half of the WorkerHost seam. */
export interface WorkerPort {
  postMessage(message: WorkerToHost): void;
  onMessage(handler: (message: HostToWorker) => void): void;
}
