/**
 * The program behind a session (DESIGN.md): one shell whose state (cwd,
 * variables, functions, aliases, options) lives across commands. It asks
 * the kernel for the next command, which arrives with its own stdin,
 * stdout and stderr at fds 0-2 (engine/session-channel.ts), runs it, and
 * reports the status. `exit N` ends the session with status N.
 */
import { KernelSys } from '../kernel-sys.js';
import { Exit, Interrupted, restartOnSignal, type Program } from '../program.js';
import { Shell } from './main.js';

export const shSession: Program = (ctx) => {
  const sys = ctx.sys;
  if (!(sys instanceof KernelSys)) throw new Error('a session shell needs the kernel channel');
  // Interactive in bash's sense: a syntax error or a failed expansion ends
  // the command, not the session, and aliases expand.
  const shell = new Shell(ctx, { interactive: true });
  sys.setInterruptible(true);
  for (;;) {
    let next: { id: string; command: string } | null;
    try {
      next = sys.sessionNext();
    } catch (error) {
      if (error instanceof Interrupted) continue; // a signal for a command that had already ended
      throw error;
    }
    if (next === null) return 0;
    let status: number;
    try {
      status = shell.runSource(next.command);
    } catch (error) {
      if (error instanceof Exit) {
        sys.flush();
        return error.status;
      }
      if (!(error instanceof Interrupted)) throw error;
      status = 128 + error.signal;
    }
    // A signal taken now (the command's timeout firing as it ended) was meant for a command that is over.
    restartOnSignal(() => sys.sessionDone(status, sys.cwd, shell.vars.environment()));
  }
};
