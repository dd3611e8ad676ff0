/**
 * Background jobs started with `&`: numbered from 1, with the pids of their
 * processes (a pipeline has several) and the command text for `jobs`. A
 * finished job keeps its status until `wait` or `jobs` reports it.
 */
import { rethrowInterrupted } from '../program.js';
import type { Sys, WaitStatus } from '../sys.js';

export interface Job {
  id: number;
  pids: number[];
  command: string;
  /** Statuses of the processes that have ended, by pid. */
  done: Map<number, number>;
  /** The shell told the user it finished (`jobs` prints Done once). */
  reported: boolean;
  /** A job of the parent shell, listed by `jobs` in a subshell but not its child to wait for. */
  inherited?: boolean;
}

/** The JSON shape of a job in a fork payload. */
export interface JobJson {
  id: number;
  pids: number[];
  command: string;
}

export function statusOf(w: WaitStatus): number {
  return w.exitCode & 0xff;
}

export class JobTable {
  private readonly jobs: Job[] = [];
  private nextId = 1;
  /** Statuses of reaped background pids not in the table any more, for `wait PID`. */
  private readonly reaped = new Map<number, number>();

  add(pids: number[], command: string): Job {
    if (this.jobs.length === 0) this.nextId = 1;
    const job: Job = { id: this.nextId++, pids, command, done: new Map(), reported: false };
    this.jobs.push(job);
    return job;
  }

  list(): readonly Job[] {
    return this.jobs;
  }

  isDone(job: Job): boolean {
    return job.pids.every((p) => job.done.has(p));
  }

  /** The job's status: its last process's. */
  statusOf(job: Job): number {
    return job.done.get(job.pids[job.pids.length - 1]) ?? 0;
  }

  byId(id: number): Job | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  byPid(pid: number): Job | undefined {
    return this.jobs.find((j) => j.pids.includes(pid));
  }

  /** The most recent job (`%%`, `%+`). */
  current(): Job | undefined {
    return this.jobs[this.jobs.length - 1];
  }

  toJson(): JobJson[] {
    return this.jobs.filter((j) => !this.isDone(j)).map(({ id, pids, command }) => ({ id, pids, command }));
  }

  /** Show the parent's running jobs in a subshell (bash does). */
  inherit(list: JobJson[]): void {
    for (const j of list) this.jobs.push({ ...j, done: new Map(), reported: false, inherited: true });
    this.nextId = Math.max(this.nextId, ...list.map((j) => j.id + 1));
  }

  /** Collect every finished process without blocking. */
  poll(sys: Sys): void {
    for (const job of this.jobs) {
      if (job.inherited) continue;
      for (const pid of job.pids) {
        if (job.done.has(pid)) continue;
        let w: WaitStatus | null = null;
        try {
          w = sys.wait(pid, { noHang: true });
        } catch (error) {
          rethrowInterrupted(error);
          w = { exitCode: 127, signal: null };
        }
        if (w) job.done.set(pid, statusOf(w));
      }
    }
  }

  /** Block until every process of the job has ended; returns its status. */
  waitFor(sys: Sys, job: Job): number {
    if (job.inherited) return 127;
    for (const pid of job.pids) {
      if (job.done.has(pid)) continue;
      try {
        job.done.set(pid, statusOf(sys.wait(pid)!));
      } catch (error) {
        rethrowInterrupted(error);
        job.done.set(pid, 127);
      }
    }
    return this.statusOf(job);
  }

  /** Forget a job (after `wait` collected it), remembering its pids' statuses. */
  remove(job: Job): void {
    const i = this.jobs.indexOf(job);
    if (i >= 0) this.jobs.splice(i, 1);
    for (const [pid, status] of job.done) this.reaped.set(pid, status);
  }

  reapedStatus(pid: number): number | undefined {
    return this.reaped.get(pid);
  }
}
