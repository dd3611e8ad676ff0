/**
 * Job control for an interactive shell on a terminal (POSIX XCU 2.11, "Job
 * Control"; bash's jobs.c): each job's processes form their own process
 * group; a foreground job's group is made the terminal's foreground group
 * while it runs, so ^C reaches it and not the shell, and the shell takes the
 * terminal back when the job ends. Background jobs get a group of their own
 * and never the terminal. Commands the shell runs in its own worker (a
 * builtin, a coreutil) stay in the shell's group, where ^C interrupts them
 * through the kernel (engine/kernel.ts signalGroup).
 *
 * Every call here may fail because a process ended first (ESRCH, EPERM):
 * the job is over then, and that is not an error.
 */
import { rethrowInterrupted } from '../program.js';
import type { Sys } from '../sys.js';

export class JobControl {
  constructor(
    private readonly sys: Sys,
    /** The terminal's fd (0). */
    private readonly tty: number,
    /** The shell's own process group. */
    readonly shellPgid: number,
  ) {}

  /** Put a foreground job's processes in one group led by the first, and give it the terminal. */
  foreground(pids: readonly number[]): void {
    if (pids.length === 0) return;
    this.group(pids);
    this.quietly(() => this.sys.tcsetpgrp(this.tty, pids[0]!));
  }

  /** A background job: its own group, without the terminal. */
  background(pids: readonly number[]): void {
    this.group(pids);
  }

  /** Give the terminal back to an existing job (`fg`). */
  resume(pgid: number): void {
    this.quietly(() => this.sys.tcsetpgrp(this.tty, pgid));
  }

  /** The job is over (or stopped waiting): the shell takes the terminal back. */
  reclaim(): void {
    this.quietly(() => this.sys.tcsetpgrp(this.tty, this.shellPgid));
  }

  private group(pids: readonly number[]): void {
    for (const pid of pids) this.quietly(() => this.sys.setpgid(pid, pids[0]!));
  }

  private quietly(call: () => void): void {
    try {
      call();
    } catch (error) {
      rethrowInterrupted(error);
      // The process ended already; see the top of this file.
    }
  }
}
