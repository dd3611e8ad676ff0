/**
 * What every wasmbox worker runs: wait for a channel, say ready, then run
 * one program per 'run' message. A worker whose program ended normally is
 * reused, so nothing from one run may stay behind: each run builds its own
 * instance and fd list and drops them on return.
 */
import type { HostToWorker, WorkerPort } from '../engine/protocol.js';
import { SyscallClient } from './syscall-client.js';
import { runProgram } from './program-runner.js';
import { loadQuickJSPrograms, lookupProgram } from './programs.js';
import { Op } from '../engine/abi.js';
import { QuickJSHolder } from './quickjs/quickjs-holder.js';

/** A stub naming a program this runtime does not have (a snapshot from a newer wasmbox, or a typo). */
function missingProgram(sys: SyscallClient, name: string): number {
  const text = new TextEncoder().encode(`wasmbox: no built-in program named '${name}'\n`);
  sys.begin().u32(2).bytesOf(text);
  sys.call(Op.Write);
  return 126;
}

/**
 * Run `then` once `loading` is done, outside the promise: an exception in a
 * run must end the worker as an uncaught error (the host sees the worker
 * fail, as for a program run straight from a message), not become an
 * unhandled rejection that nothing reports.
 */
function whenLoaded<T>(loading: Promise<T>, then: (loaded: T) => void, failed: (error: Error) => void): void {
  loading.then(
    (loaded) => queueMicrotask(() => then(loaded)),
    (error: unknown) => failed(error instanceof Error ? error : new Error(String(error))),
  );
}

export function serveWorker(port: WorkerPort): void {
  let sys: SyscallClient | undefined;
  const quickjs = new QuickJSHolder();
  port.onMessage((message: HostToWorker) => {
    switch (message.type) {
      case 'init':
        sys = new SyscallClient(message.channel);
        port.postMessage({ type: 'ready' });
        return;
      case 'run-wasi': {
        const client = sys;
        if (!client) throw new Error('wasmbox worker: run before init');
        // The WASI runtime is a chunk of its own, like QuickJS's (runtimes/programs.ts): a shell's worker never needs it.
        whenLoaded(
          import('./wasi/wasi-process.js'),
          ({ runWasi }) => {
            const outcome = runWasi(client, message);
            if (outcome.type === 'exit') port.postMessage({ type: 'exit', pid: message.pid, code: outcome.code });
            else port.postMessage({ type: 'failed', pid: message.pid, message: outcome.message });
          },
          (error) => port.postMessage({ type: 'failed', pid: message.pid, message: `wasmbox: the WASI runtime failed to load: ${error.message}\n` }),
        );
        return;
      }
      case 'run-program': {
        const client = sys;
        if (!client) throw new Error('wasmbox worker: run before init');
        const run = () => {
          const program = lookupProgram(message.name);
          const code = program
            ? runProgram(client, {
                program,
                pid: message.pid,
                argv: message.argv,
                env: message.env,
                cwd: message.cwd,
                fork: message.fork === undefined ? undefined : JSON.parse(message.fork),
                quickjs,
                memoryBytes: message.memoryBytes,
              })
            : missingProgram(client, message.name);
          port.postMessage({ type: 'exit', pid: message.pid, code });
        };
        // A JavaScript program needs QuickJS and its own code loaded first: the first time in this worker that takes ~15 ms.
        if (message.quickjs) {
          whenLoaded(Promise.all([quickjs.load(message.quickjs), loadQuickJSPrograms()]), run, (error) =>
            port.postMessage({ type: 'failed', pid: message.pid, message: `wasmbox: QuickJS failed to load: ${error.message}\n` }),
          );
        } else run();
        return;
      }
    }
  });
}
