/**
 * The contract between wasmbox's own programs (the shell, the coreutils and,
 * later, the JavaScript runtime) and the worker that runs them. A program is
 * a synchronous function over a `Sys`: it blocks in syscalls like a WASI
 * program does, and returns its exit status. It keeps no module-level
 * mutable state: the shell runs coreutils in its own worker, one after
 * another, and a pooled worker runs many programs in its lifetime.
 */
import type { QuickJSHolder } from './quickjs/quickjs-holder.js';
import type { Sys } from './sys.js';

export interface ProgramContext {
  /** argv[0] is the name the program was invoked by (e.g. "ls", or "/bin/ls"). */
  readonly argv: string[];
  /** The environment; the program may change its own copy. */
  readonly env: Record<string, string>;
  readonly sys: Sys;
  /**
   * Set when a process of this program asked for a copy of itself
   * (`sys.spawn({ fork })`): the shell uses it to run a subshell, a pipeline
   * stage or a background job with the parent's state. JSON-shaped.
   */
  readonly fork?: unknown;
  /** This worker's QuickJS (loaded before a JavaScript program runs), for runtimes/quickjs/. */
  readonly quickjs?: QuickJSHolder;
  /** The process's memory limit in bytes (limits.memoryMiB), for programs that keep their own heap (QuickJS's). */
  readonly memoryBytes?: number;
}

/** Returns the exit status (0-255). May throw `Exit` to end early from deep inside. */
export type Program = (ctx: ProgramContext) => number;

/**
 * Thrown out of a syscall when the kernel interrupts an interruptible
 * program (a session's shell, on a command's timeout): the running command
 * unwinds and the shell reports status 128 + signal. Not an Error, so code
 * that handles errors does not mistake it for one.
 */
export class Interrupted {
  constructor(readonly signal: number) {}
}

/**
 * For a `catch` that shrugs off a failed call: a signal is not a failure,
 * and swallowing it would lose it (the syscall client clears the signal
 * word as it throws), so it goes on up.
 */
export function rethrowInterrupted(error: unknown): void {
  if (error instanceof Interrupted) throw error;
}

/**
 * Make `call` again when a signal interrupts it, as SA_RESTART does. A
 * signal is taken before a call does anything (runtimes/syscall-client.ts),
 * so the interrupted call had no effect. For what must happen whatever
 * signal comes: a session's report of a command, the shell's "exit".
 */
export function restartOnSignal<T>(call: () => T): T {
  for (;;) {
    try {
      return call();
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
    }
  }
}

/** Thrown to end the program with a status, like exit(3). The runner catches it. */
export class Exit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}
