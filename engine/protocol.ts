/**
 * Every control message between the host and a worker, as one tagged union
 * per direction (STYLE.md 2). Control is asynchronous postMessage; the
 * synchronous syscall path is the SharedArrayBuffer channel in abi.ts.
 */

/** What a worker's stdio fds are, so the runtime can choose a buffering policy. */
export interface StdioInfo {
  /** fds 1 and 2: true when a terminal (flush per line), false for a pipe or file. */
  terminal: [boolean, boolean];
}

export type HostToWorker =
  | { type: 'init'; channel: SharedArrayBuffer }
  | {
      type: 'run-wasi';
      pid: number;
      module: WebAssembly.Module;
      argv: string[];
      env: string[];
      cwd: string;
      stdio: StdioInfo;
      /** fds the kernel opened before start: 3 is the root directory, preopened as "/". */
      preopens: { fd: number; path: string }[];
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
