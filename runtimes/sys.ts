/**
 * The synchronous system interface of wasmbox's own programs: POSIX calls in
 * JavaScript shapes, each one a kernel syscall over the worker's channel
 * (runtimes/syscall-client.ts). Failures throw `SysError` carrying the errno
 * name (STYLE.md 4); programs print `${argv0}: ${path}: ${err.message}` the way
 * GNU tools do, where `message` is the strerror text ("No such file or directory").
 *
 * Paths are resolved against `sys.cwd` in the worker; the kernel sees only
 * absolute paths. Writes to fds 1 and 2 are buffered in the worker and flushed
 * before any other syscall, at 64 KiB, at a newline and at exit, so output
 * always precedes a read of input and a program that writes a byte at a time
 * is not a syscall per byte.
 */

import type { Termios, WindowSize } from '../engine/termios.js';

export type { Termios, WindowSize };

export type FileType = 'file' | 'dir' | 'symlink' | 'pipe' | 'char' | 'unknown';

export interface Stat {
  type: FileType;
  /** Permission bits only (0o7777); the type is in `type`. */
  mode: number;
  size: number;
  ino: number;
  dev: number;
  nlink: number;
  uid: number;
  gid: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Node-style open flags: 'r' 'r+' 'w' 'w+' 'wx' 'a' 'a+'. */
export type OpenMode = 'r' | 'r+' | 'w' | 'w+' | 'wx' | 'wx+' | 'a' | 'a+';

export interface SpawnOptions {
  /** argv[0] is looked up on env.PATH unless it contains a '/'. */
  argv: string[];
  env: Record<string, string>;
  /** Defaults to the caller's cwd. */
  cwd?: string;
  /** Child fd i is a copy of the caller's fd `fds[i]` (default [0, 1, 2]); -1 leaves it closed. */
  fds?: number[];
  /**
   * Run a copy of the calling program instead of looking up argv[0]: the
   * child's program gets this JSON-shaped value as `ctx.fork`.
   */
  fork?: unknown;
}

export interface WaitStatus {
  /** 0-255; 128 + signal number when killed by a signal. */
  exitCode: number;
  /** The signal's name when the process was killed, e.g. 'SIGPIPE'. */
  signal: string | null;
}

export interface Sys {
  readonly pid: number;
  /** The working directory, absolute. */
  readonly cwd: string;
  /** The file mode creation mask applied by open/mkdir (default 0o022). */
  umask: number;

  // --- descriptors ---
  /** Read up to buffer.length bytes; 0 at end of file. Blocks on an empty pipe. */
  read(fd: number, buffer: Uint8Array): number;
  /** Write all of `data` (strings as UTF-8). Throws EPIPE only if SIGPIPE is ignored; normally the process just ends. */
  write(fd: number, data: Uint8Array | string): void;
  open(path: string, flags?: OpenMode, mode?: number): number;
  close(fd: number): void;
  /** Returns the new offset. */
  seek(fd: number, offset: number, whence?: 'set' | 'cur' | 'end'): number;
  fstat(fd: number): Stat;
  ftruncate(fd: number, size: number): void;
  isatty(fd: number): boolean;
  /** [readFd, writeFd] */
  pipe(): [number, number];
  /** A new fd (the lowest free one at or above `min`) for the same open file. */
  dup(fd: number, min?: number): number;
  /** Make `to` a copy of `from`, closing what `to` was. */
  dup2(from: number, to: number): void;
  /** Flush buffered stdout/stderr now. */
  flush(): void;

  // --- paths (relative to cwd) ---
  stat(path: string): Stat;
  lstat(path: string): Stat;
  /** stat without throwing: undefined when it does not exist (or cannot be reached). */
  tryStat(path: string, follow?: boolean): Stat | undefined;
  /** Entry names without '.' and '..', in the kernel's order. */
  readdir(path: string): string[];
  mkdir(path: string, mode?: number): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  readlink(path: string): string;
  link(existing: string, path: string): void;
  chmod(path: string, mode: number): void;
  utimes(path: string, atimeMs: number, mtimeMs: number): void;
  /** Canonical absolute path, every symlink resolved; throws ENOENT if a component is missing. */
  realpath(path: string): string;
  /** Absolute, normalized (`.` and `..` folded lexically), without touching the file system. */
  resolve(path: string): string;
  chdir(path: string): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string, options?: { append?: boolean; mode?: number }): void;

  // --- processes ---
  /** Start a process; returns its pid. Throws SysError ENOENT (not found), EACCES or ENOEXEC (cannot run), EAGAIN (process limit). */
  spawn(options: SpawnOptions): number;
  /** Wait for a child to end; with `noHang`, null if it is still running. */
  wait(pid: number, options?: { noHang?: boolean }): WaitStatus | null;
  /** Send a signal by name ('SIGTERM', 'SIGKILL', 'SIGINT', ...) to a process of this sandbox. */
  kill(pid: number, signal?: string): void;

  // --- terminals (engine/tty.ts); each throws ENOTTY when `fd` is not a terminal ---
  /** The terminal's settings (tcgetattr(3)). */
  tcgetattr(fd: number): Termios;
  /** Change the terminal's settings (tcsetattr(3) with TCSANOW); `cfmakeraw` in engine/termios.ts makes raw mode. */
  tcsetattr(fd: number, termios: Termios): void;
  /** The window size (TIOCGWINSZ); it follows the host's resize while the program runs. */
  winsize(fd: number): WindowSize;
  /** The terminal's foreground process group (tcgetpgrp(3)). */
  tcgetpgrp(fd: number): number;
  /** Make `pgid` the foreground process group: ^C and ^\ go to it (tcsetpgrp(3)). */
  tcsetpgrp(fd: number, pgid: number): void;
  /** Move process `pid` (0: the caller) into group `pgid` (0: a new group led by `pid`), as setpgid(2). */
  setpgid(pid: number, pgid: number): void;

  // --- time ---
  /** Milliseconds since the epoch. */
  now(): number;
  /** Block for `ms` milliseconds, without spinning. */
  sleep(ms: number): void;

  // --- the JavaScript runtime (runtimes/quickjs/) ---
  /**
   * The signal the kernel asked this program to take without ending its
   * worker (engine/abi.ts Slot.Signal: a timeout's SIGALRM, a ^C), or 0.
   * Does not consume it. QuickJS's interrupt handler polls it.
   */
  pendingSignal?(): number;
  /** Run `fn` with signals held (clean-up that must run whole); one that came meanwhile is thrown after. */
  holdSignals?<T>(fn: () => T): T;
}

/** Run `fn` with `sys`'s signals held where it can hold them (runtimes/syscall-client.ts holdSignals). */
export function holdSignals<T>(sys: Sys, fn: () => T): T {
  return sys.holdSignals ? sys.holdSignals(fn) : fn();
}

/** strerror(3) texts, as glibc words them. */
export const STRERROR: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  E2BIG: 'Argument list too long',
  ENOEXEC: 'Exec format error',
  EBADF: 'Bad file descriptor',
  ECHILD: 'No child processes',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  ENOTTY: 'Inappropriate ioctl for device',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system',
  EMLINK: 'Too many links',
  EPIPE: 'Broken pipe',
  ENAMETOOLONG: 'File name too long',
  ENOSYS: 'Function not implemented',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  ENOTSUP: 'Operation not supported',
};

export class SysError extends Error {
  constructor(
    /** The errno name, e.g. 'ENOENT'. */
    readonly code: string,
    readonly syscall: string,
    readonly path?: string,
  ) {
    super(STRERROR[code] ?? code);
    this.name = 'SysError';
  }
}
