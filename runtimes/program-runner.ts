/**
 * Running one of wasmbox's own programs (the shell, a coreutil) in this
 * worker: build its Sys, call it, turn `Exit` and uncaught errors into an
 * exit status. An uncaught error is a bug in the program, not the guest's
 * fault: say so on stderr, in the shape of a crash report, and exit 70
 * (EX_SOFTWARE, sysexits.h).
 */
import { KernelSys } from './kernel-sys.js';
import { Exit, Interrupted, type Program, type ProgramContext } from './program.js';
import type { SyscallTransport } from './syscall-client.js';

export const INTERNAL_ERROR_STATUS = 70;

export interface ProgramRun {
  program: Program;
  pid: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  fork?: unknown;
  quickjs?: ProgramContext['quickjs'];
  memoryBytes?: number;
}

export function runProgram(transport: SyscallTransport, run: ProgramRun): number {
  const sys = new KernelSys(transport, run.pid, run.cwd);
  let status: number;
  try {
    status = run.program({ argv: run.argv, env: run.env, sys, fork: run.fork, quickjs: run.quickjs, memoryBytes: run.memoryBytes });
  } catch (error) {
    if (error instanceof Exit) status = error.status;
    // A signal the program let unwind it ends it as the signal would have.
    else if (error instanceof Interrupted) status = 128 + error.signal;
    else {
      const name = run.argv[0] ?? 'program';
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      try {
        sys.write(2, `${name}: internal error: ${detail}\n`);
      } catch {
        // stderr is gone too; the status still tells.
      }
      status = INTERNAL_ERROR_STATUS;
    }
  } finally {
    try {
      sys.finish();
    } catch {
      // The reader of stdout went away: nothing more to say.
    }
  }
  return status & 0xff;
}
