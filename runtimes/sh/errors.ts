/**
 * The shell's non-local control flow, as exceptions: `break`, `continue` and
 * `return` unwind to the loop or function that handles them, and a fatal
 * error (bash's "jump to top level": an expansion error, `set -u`, function
 * nesting too deep) unwinds the current command and, in a non-interactive
 * shell, ends it. `exit` uses `Exit` from runtimes/program.ts.
 */

export class BreakSignal {
  constructor(public levels: number) {}
}

export class ContinueSignal {
  constructor(public levels: number) {}
}

export class ReturnSignal {
  constructor(readonly status: number) {}
}

/** An error that aborts the current command; `message` is printed as `sh: MESSAGE`. */
export class FatalError extends Error {
  constructor(
    message: string,
    readonly status = 1,
    /**
     * An unset parameter (`set -u`, `${x:?}`): `bash -c` ends with 127 when
     * this happens at its top level, but 1 in a subshell or a script.
     */
    readonly parameter = false,
  ) {
    super(message);
  }
}
