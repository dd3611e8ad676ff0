/**
 * The public error classes, each with a stable `code` (STYLE.md 5). Callers
 * branch on `code` or `instanceof`, never on message text.
 */
import type { ErrnoName } from './errno.js';

export class WasmboxError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class SandboxClosedError extends WasmboxError {
  constructor() {
    super('SANDBOX_CLOSED', 'the sandbox is closed');
  }
}

export class ProcessNotFoundError extends WasmboxError {
  readonly id: string;
  constructor(id: string) {
    super('PROCESS_NOT_FOUND', `no process with id ${JSON.stringify(id)}`);
    this.id = id;
  }
}

export class TimeoutError extends WasmboxError {
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super('TIMEOUT', `${what} did not finish within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

export class InvalidSnapshotError extends WasmboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_SNAPSHOT', message, options);
  }
}

export class LimitExceededError extends WasmboxError {
  readonly limit: string;
  constructor(limit: string, message: string) {
    super('LIMIT_EXCEEDED', message);
    this.limit = limit;
  }
}

/**
 * A tar archive that sb.fs.importTar refuses: malformed (`reason` 'corrupt'),
 * or an entry that would land outside the target or cannot be placed
 * ('absolute', 'dotdot', 'symlink', 'hardlink', 'conflict', 'too-large').
 * `entry` names the member when one is at fault. Nothing was written.
 */
export class TarError extends WasmboxError {
  readonly reason: string;
  readonly entry: string | undefined;
  constructor(reason: string, message: string, entry?: string, options?: { cause?: unknown }) {
    super('TAR_ERROR', entry === undefined ? message : `${JSON.stringify(entry)}: ${message}`, options);
    this.reason = reason;
    this.entry = entry;
  }
}

/** A file-system error at the public edge: errno name, the syscall and the path. */
export class FsError extends WasmboxError {
  declare readonly code: ErrnoName;
  readonly syscall: string;
  readonly path: string | undefined;
  constructor(code: ErrnoName, syscall: string, path?: string, detail?: string) {
    const where = path === undefined ? '' : ` '${path}'`;
    super(code, `${code}: ${detail ?? describeErrno(code)}, ${syscall}${where}`);
    this.syscall = syscall;
    this.path = path;
  }
}

/** spawn() could not start a program: `code` says why, `path` says which file. */
export class SpawnError extends WasmboxError {
  declare readonly code: 'ENOENT' | 'EACCES' | 'EISDIR' | 'ENOEXEC' | 'EINVAL' | 'E2BIG';
  readonly path: string;
  readonly reason: string;
  constructor(code: SpawnError['code'], path: string, reason: string) {
    super(code, `cannot run '${path}': ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

/**
 * sb.fetch: the edge function at `entry` cannot serve: the file is missing
 * or is not an ES module that loads, or its default export has no fetch
 * method. `reason` says which (the module's own error message, for one that
 * throws while loading). A handler that throws while handling a request is
 * not this error: that request gets a 500 response.
 */
export class EdgeFunctionError extends WasmboxError {
  readonly entry: string;
  readonly reason: string;
  constructor(entry: string, reason: string) {
    super('EDGE_FUNCTION_INVALID', `edge function '${entry}' cannot serve: ${reason}`);
    this.entry = entry;
    this.reason = reason;
  }
}

/** sb.pty.get, connect or input named a terminal the sandbox does not have. */
export class PtyNotFoundError extends WasmboxError {
  readonly id: string;
  constructor(id: string) {
    super('PTY_NOT_FOUND', `no pty with id ${JSON.stringify(id)}`);
    this.id = id;
  }
}

/** Input for a terminal whose program has ended (or that was killed). */
export class PtyEndedError extends WasmboxError {
  readonly id: string;
  constructor(id: string, detail: string) {
    super('PTY_ENDED', `pty ${JSON.stringify(id)} has ended: ${detail}`);
    this.id = id;
  }
}

/** The browser page lacks cross-origin isolation, so SharedArrayBuffer is unavailable. */
export class IsolationError extends WasmboxError {
  constructor(detail: string) {
    super('NOT_CROSS_ORIGIN_ISOLATED', detail);
  }
}

const descriptions: Partial<Record<ErrnoName, string>> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file already exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  ENOTEMPTY: 'directory not empty',
  EBADF: 'bad file descriptor',
  EINVAL: 'invalid argument',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  ELOOP: 'too many symbolic links encountered',
  ENAMETOOLONG: 'name too long',
  EXDEV: 'cross-device link not permitted',
  EPIPE: 'broken pipe',
  ESPIPE: 'illegal seek',
  EMFILE: 'too many open files',
};

export function describeErrno(code: ErrnoName): string {
  return descriptions[code] ?? code.toLowerCase();
}
