/**
 * The kernel's side of a session (DESIGN.md "sessions"): a queue of
 * commands for one long-lived shell process. The shell blocks in
 * SessionNext until a command is queued; the kernel then installs that
 * command's own stdin, stdout and stderr at the shell's fds 0-2, so each
 * command's output is recorded apart, and answers with the command's text.
 * SessionDone reports the status and closes those fds again.
 */
import type { FdTable } from './fd-table.js';
import type { OpenFile } from './open-file.js';
import { Notifier } from './waitable.js';

export interface ShellState {
  cwd: string;
  env: Record<string, string>;
}

export interface QueuedCommand {
  id: string;
  command: string;
  /** The command's stdin, stdout and stderr, as the shell will see them. */
  stdio: [OpenFile, OpenFile, OpenFile];
}

export class SessionChannel extends Notifier {
  private readonly queue: QueuedCommand[] = [];
  private closed = false;
  /** The command the shell is running now. */
  current: QueuedCommand | undefined;

  constructor(
    private readonly onDone: (id: string, status: number) => void,
    /** The shell has taken this command: it starts running now. */
    private readonly onStart: (id: string) => void = () => {},
  ) {
    super();
  }

  enqueue(command: QueuedCommand): void {
    for (const file of command.stdio) file.retain();
    this.queue.push(command);
    this.notify();
  }

  /** No more commands: a shell waiting for one is told to exit. */
  close(): void {
    this.closed = true;
    for (const c of this.queue.splice(0)) for (const file of c.stdio) file.unref();
    this.notify();
  }

  /** The next command, installed at fds 0-2; null when closed; undefined to wait. */
  take(fds: FdTable): QueuedCommand | null | undefined {
    const next = this.queue.shift();
    if (!next) return this.closed ? null : undefined;
    next.stdio.forEach((file, fd) => {
      fds.installAt(fd, file);
      file.unref();
    });
    this.current = next;
    this.onStart(next.id);
    return next;
  }

  /** The shell's cwd and exported environment after its last command. */
  state: ShellState | undefined;

  done(fds: FdTable, status: number, state: ShellState): void {
    this.state = state;
    const current = this.current;
    this.current = undefined;
    for (const fd of [0, 1, 2]) fds.close(fd);
    if (current) this.onDone(current.id, status);
  }
}
