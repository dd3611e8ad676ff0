/**
 * What every wasmbox worker runs: wait for a channel, say ready, then run
 * one program per 'run' message. A worker whose program ended normally is
 * reused, so nothing from one run may stay behind: each run builds its own
 * instance and fd list and drops them on return.
 */
import type { HostToWorker, WorkerPort } from '../engine/protocol.js';
import { SyscallClient } from './syscall-client.js';
import { runWasi } from './wasi/wasi-process.js';
import { runProgram } from './program-runner.js';
import { lookupProgram } from './programs.js';
import { Op } from '../engine/abi.js';
import { QuickJSHolder } from './quickjs/quickjs-holder.js';

/** A stub naming a program this runtime does not have (a snapshot from a newer wasmbox, or a typo). */
function missingProgram(sys: SyscallClient, name: string): number {
  const text = new TextEncoder().encode(`wasmbox: no built-in program named '${name}'\n`);
  sys.begin().u32(2).bytesOf(text);
  sys.call(Op.Write);
  return 126;
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
        if (!sys) throw new Error('wasmbox worker: run before init');
        const outcome = runWasi(sys, message);
        if (outcome.type === 'exit') port.postMessage({ type: 'exit', pid: message.pid, code: outcome.code });
        else port.postMessage({ type: 'failed', pid: message.pid, message: outcome.message });
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
        // A JavaScript program needs QuickJS loaded first: the first time in this worker that takes ~15 ms.
        if (message.quickjs) {
          quickjs.load(message.quickjs).then(() => run(), (error: Error) =>
            port.postMessage({ type: 'failed', pid: message.pid, message: `wasmbox: QuickJS failed to load: ${error.message}\n` }),
          );
        } else run();
        return;
      }
    }
  });
}
