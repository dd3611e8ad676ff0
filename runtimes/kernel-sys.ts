/**
 * `Sys` (runtimes/sys.ts) over the kernel's syscall channel: each method is
 * one or a few syscalls, encoded as engine/syscalls.ts and
 * engine/process-calls.ts decode them. Paths are made absolute here, against
 * this process's cwd, and sent with the AT_ROOT dirfd.
 */
import { AT_ROOT, FileKind, Op, OpenFlag, TimeFlag, Whence, readStat, type StatInfo } from '../engine/abi.js';
import { errnoName } from '../engine/errno.js';
import { resolvePath } from '../engine/path.js';
import { StdioBuffer } from './stdio-buffer.js';
import type { SyscallTransport } from './syscall-client.js';
import { SysError, type FileType, type OpenMode, type SpawnOptions, type Stat, type Sys, type Termios, type WaitStatus, type WindowSize } from './sys.js';

const encoder = new TextEncoder();

const FILE_TYPES: Record<number, FileType> = {
  [FileKind.File]: 'file',
  [FileKind.Dir]: 'dir',
  [FileKind.Symlink]: 'symlink',
  [FileKind.Pipe]: 'pipe',
  [FileKind.CharDevice]: 'char',
};

const OPEN_FLAGS: Record<OpenMode, number> = {
  r: 0,
  'r+': OpenFlag.ReadWrite,
  w: OpenFlag.WriteOnly | OpenFlag.Create | OpenFlag.Truncate,
  'w+': OpenFlag.ReadWrite | OpenFlag.Create | OpenFlag.Truncate,
  wx: OpenFlag.WriteOnly | OpenFlag.Create | OpenFlag.Exclusive,
  'wx+': OpenFlag.ReadWrite | OpenFlag.Create | OpenFlag.Exclusive,
  a: OpenFlag.WriteOnly | OpenFlag.Create | OpenFlag.Append,
  'a+': OpenFlag.ReadWrite | OpenFlag.Create | OpenFlag.Append,
};

const WHENCE = { set: Whence.Set, cur: Whence.Current, end: Whence.End } as const;

/** The sandbox has one user; tools that print owners show it. */
const UID = 1000;
const GID = 1000;
const MAX_SYMLINKS = 40;

function toStat(s: StatInfo): Stat {
  return {
    type: FILE_TYPES[s.kind] ?? 'unknown',
    mode: s.mode & 0o7777,
    size: s.size,
    ino: s.ino,
    dev: s.dev,
    nlink: s.nlink,
    uid: UID,
    gid: GID,
    atimeMs: s.atimeMs,
    mtimeMs: s.mtimeMs,
    ctimeMs: s.ctimeMs,
  };
}

export class KernelSys implements Sys {
  umask = 0o022;
  private cwdPath: string;
  private readonly stdio: StdioBuffer;

  constructor(
    private readonly t: SyscallTransport,
    readonly pid: number,
    cwd: string,
  ) {
    this.cwdPath = cwd;
    this.stdio = new StdioBuffer(t);
    t.beforeCall = () => this.stdio.flush();
  }

  /** Flush and detach from the transport; call when the program ends. */
  finish(): void {
    this.t.interruptible = false;
    this.stdio.flush();
    this.t.beforeCall = undefined;
  }

  get cwd(): string {
    return this.cwdPath;
  }

  // --- plumbing ---

  private fail(errno: number, syscall: string, path?: string): never {
    throw new SysError(errnoName(errno), syscall, path);
  }

  private call(op: Op, syscall: string, path?: string): void {
    const errno = this.t.call(op);
    if (errno !== 0) this.fail(errno, syscall, path);
  }

  resolve(path: string): string {
    const abs = resolvePath(this.cwdPath, path);
    if (typeof abs === 'number') this.fail(abs, 'resolve', path);
    return abs;
  }

  /** The absolute path, keeping a trailing slash (it asks for a directory). */
  private abs(path: string, syscall: string): string {
    const abs = resolvePath(this.cwdPath, path);
    if (typeof abs === 'number') this.fail(abs, syscall, path);
    return path.endsWith('/') && abs !== '/' ? `${abs}/` : abs;
  }

  private pathCall(op: Op, syscall: string, path: string, more?: (w: ReturnType<SyscallTransport['begin']>) => void): void {
    const w = this.t.begin().u32(AT_ROOT).str(this.abs(path, syscall));
    more?.(w);
    this.call(op, syscall, path);
  }

  // --- descriptors ---

  read(fd: number, buffer: Uint8Array): number {
    const max = Math.min(buffer.byteLength, this.t.maxPayload);
    this.t.begin().u32(fd).u32(max);
    this.call(Op.Read, 'read');
    const data = this.t.response.readBytesView();
    buffer.set(data);
    return data.byteLength;
  }

  write(fd: number, data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (this.stdio.handles(fd)) {
      const errno = this.stdio.write(fd, bytes);
      if (errno !== 0) this.fail(errno, 'write');
      return;
    }
    for (let off = 0; off < bytes.byteLength; ) {
      this.t.begin().u32(fd).bytesOf(bytes.subarray(off, off + this.t.maxPayload));
      this.call(Op.Write, 'write');
      const n = this.t.response.readF64();
      if (n <= 0) this.fail(5 /* EIO */, 'write');
      off += n;
    }
  }

  flush(): void {
    this.stdio.flush();
  }

  open(path: string, flags: OpenMode = 'r', mode = 0o666): number {
    const bits = OPEN_FLAGS[flags];
    if (bits === undefined) this.fail(22 /* EINVAL */, 'open', path);
    this.t.begin().u32(AT_ROOT).str(this.abs(path, 'open')).u32(bits).u32(mode & ~this.umask & 0o7777).u32(1);
    this.call(Op.Open, 'open', path);
    return this.t.response.readU32();
  }

  close(fd: number): void {
    this.t.begin().u32(fd);
    this.call(Op.Close, 'close');
  }

  seek(fd: number, offset: number, whence: 'set' | 'cur' | 'end' = 'set'): number {
    this.t.begin().u32(fd).f64(offset).u32(WHENCE[whence]);
    this.call(Op.Seek, 'lseek');
    return this.t.response.readF64();
  }

  fstat(fd: number): Stat {
    this.t.begin().u32(fd);
    this.call(Op.Fstat, 'fstat');
    return toStat(readStat(this.t.response));
  }

  ftruncate(fd: number, size: number): void {
    this.t.begin().u32(fd).f64(size);
    this.call(Op.FsetSize, 'ftruncate');
  }

  isatty(fd: number): boolean {
    // isatty(3) is "does a terminal call succeed"; the window size is the cheapest one.
    this.t.begin().u32(fd);
    return this.t.call(Op.TtyWinsize) === 0;
  }

  pipe(): [number, number] {
    this.t.begin();
    this.call(Op.Pipe, 'pipe');
    const r = this.t.response.readU32();
    return [r, this.t.response.readU32()];
  }

  dup(fd: number, min = 0): number {
    this.t.begin().u32(fd).u32(min);
    this.call(Op.Dup, 'dup');
    return this.t.response.readU32();
  }

  dup2(from: number, to: number): void {
    this.t.begin().u32(from).u32(to);
    this.call(Op.Dup2, 'dup2');
  }

  // --- paths ---

  stat(path: string): Stat {
    this.pathCall(Op.Stat, 'stat', path, (w) => w.u32(1));
    return toStat(readStat(this.t.response));
  }

  lstat(path: string): Stat {
    this.pathCall(Op.Stat, 'lstat', path, (w) => w.u32(0));
    return toStat(readStat(this.t.response));
  }

  tryStat(path: string, follow = true): Stat | undefined {
    const abs = resolvePath(this.cwdPath, path);
    if (typeof abs === 'number') return undefined;
    this.t.begin().u32(AT_ROOT).str(path.endsWith('/') && abs !== '/' ? `${abs}/` : abs).u32(follow ? 1 : 0);
    if (this.t.call(Op.Stat) !== 0) return undefined;
    return toStat(readStat(this.t.response));
  }

  readdir(path: string): string[] {
    this.t.begin().u32(AT_ROOT).str(this.abs(path, 'opendir')).u32(OpenFlag.Directory).u32(0).u32(1);
    this.call(Op.Open, 'opendir', path);
    const fd = this.t.response.readU32();
    const names: string[] = [];
    try {
      for (let cookie = 0; ; ) {
        this.t.begin().u32(fd).f64(cookie);
        this.call(Op.Readdir, 'readdir', path);
        const r = this.t.response;
        const count = r.readU32();
        if (count === 0) break;
        for (let i = 0; i < count; i++) {
          const name = r.readStr();
          r.readU32();
          r.readF64();
          if (name !== '.' && name !== '..') names.push(name);
        }
        cookie += count;
      }
    } finally {
      this.t.begin().u32(fd);
      this.t.call(Op.Close);
    }
    return names;
  }

  mkdir(path: string, mode = 0o777): void {
    this.pathCall(Op.Mkdir, 'mkdir', path, (w) => w.u32(mode & ~this.umask & 0o7777));
  }

  rmdir(path: string): void {
    this.pathCall(Op.Rmdir, 'rmdir', path);
  }

  unlink(path: string): void {
    this.pathCall(Op.Unlink, 'unlink', path);
  }

  rename(from: string, to: string): void {
    this.t.begin().u32(AT_ROOT).str(this.abs(from, 'rename')).u32(AT_ROOT).str(this.abs(to, 'rename'));
    this.call(Op.Rename, 'rename', from);
  }

  symlink(target: string, path: string): void {
    this.t.begin().str(target).u32(AT_ROOT).str(this.abs(path, 'symlink'));
    this.call(Op.Symlink, 'symlink', path);
  }

  readlink(path: string): string {
    this.pathCall(Op.Readlink, 'readlink', path);
    return this.t.response.readStr();
  }

  link(existing: string, path: string): void {
    this.t.begin().u32(AT_ROOT).str(this.abs(existing, 'link')).u32(0).u32(AT_ROOT).str(this.abs(path, 'link'));
    this.call(Op.Link, 'link', path);
  }

  chmod(path: string, mode: number): void {
    this.pathCall(Op.Chmod, 'chmod', path, (w) => w.u32(mode & 0o7777));
  }

  utimes(path: string, atimeMs: number, mtimeMs: number): void {
    this.pathCall(Op.SetTimes, 'utimes', path, (w) => w.u32(1).f64(atimeMs).f64(mtimeMs).u32(TimeFlag.Atime | TimeFlag.Mtime));
  }

  realpath(path: string): string {
    // Walk component by component, expanding symlinks as the kernel stores them.
    let pending = this.resolve(path).split('/').filter(Boolean);
    let done = '';
    let links = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '..') {
        done = done.slice(0, done.lastIndexOf('/'));
        continue;
      }
      const candidate = `${done}/${part}`;
      const st = this.lstat(candidate);
      if (st.type === 'symlink') {
        if (++links > MAX_SYMLINKS) this.fail(40 /* ELOOP */, 'realpath', path);
        const target = this.readlink(candidate);
        const rest = target.split('/').filter((p) => p !== '' && p !== '.');
        pending = [...rest, ...pending];
        if (target.startsWith('/')) done = '';
        continue;
      }
      if (pending.length > 0 && st.type !== 'dir') this.fail(20 /* ENOTDIR */, 'realpath', path);
      done = candidate;
    }
    return done || '/';
  }

  chdir(path: string): void {
    const abs = this.resolve(path);
    const st = this.stat(abs);
    if (st.type !== 'dir') this.fail(20 /* ENOTDIR */, 'chdir', path);
    this.cwdPath = abs;
  }

  readFile(path: string): Uint8Array {
    const fd = this.open(path, 'r');
    try {
      const chunks: Uint8Array[] = [];
      let total = 0;
      const buffer = new Uint8Array(Math.min(this.t.maxPayload, 1 << 20));
      for (;;) {
        const n = this.read(fd, buffer);
        if (n === 0) break;
        chunks.push(buffer.slice(0, n));
        total += n;
      }
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.byteLength;
      }
      return out;
    } finally {
      this.close(fd);
    }
  }

  writeFile(path: string, data: Uint8Array | string, options: { append?: boolean; mode?: number } = {}): void {
    const fd = this.open(path, options.append ? 'a' : 'w', options.mode ?? 0o666);
    try {
      this.write(fd, data);
    } finally {
      this.close(fd);
    }
  }

  // --- processes ---

  spawn(options: SpawnOptions): number {
    const cwd = options.cwd === undefined ? this.cwdPath : this.resolve(options.cwd);
    const fds = options.fds ?? [0, 1, 2];
    const w = this.t.begin();
    w.u32(options.argv.length);
    for (const a of options.argv) w.str(a);
    const env = Object.entries(options.env);
    w.u32(env.length);
    for (const [k, v] of env) w.str(`${k}=${v}`);
    w.str(cwd).u32(fds.length);
    for (const fd of fds) w.u32(fd < 0 ? AT_ROOT : fd);
    w.u32(options.fork === undefined ? 0 : 1).str(options.fork === undefined ? '' : JSON.stringify(options.fork));
    this.call(Op.Spawn, 'spawn', options.argv[0]);
    return this.t.response.readU32();
  }

  wait(pid: number, options: { noHang?: boolean } = {}): WaitStatus | null {
    this.t.begin().u32(pid).u32(options.noHang ? 1 : 0);
    this.call(Op.Wait, 'wait');
    const r = this.t.response;
    if (r.readU32() === 0) return null;
    const exitCode = r.readU32();
    const signal = r.readStr();
    return { exitCode, signal: signal || null };
  }

  kill(pid: number, signal = 'SIGTERM'): void {
    this.t.begin().u32(pid).str(signal);
    this.call(Op.Kill, 'kill');
  }

  // --- terminals ---

  tcgetattr(fd: number): Termios {
    this.t.begin().u32(fd);
    this.call(Op.TtyGetAttr, 'tcgetattr');
    return JSON.parse(this.t.response.readStr()) as Termios;
  }

  tcsetattr(fd: number, termios: Termios): void {
    this.t.begin().u32(fd).str(JSON.stringify(termios));
    this.call(Op.TtySetAttr, 'tcsetattr');
  }

  winsize(fd: number): WindowSize {
    this.t.begin().u32(fd);
    this.call(Op.TtyWinsize, 'ioctl');
    const rows = this.t.response.readU32();
    return { rows, cols: this.t.response.readU32() };
  }

  tcgetpgrp(fd: number): number {
    this.t.begin().u32(fd);
    this.call(Op.TtyGetForeground, 'tcgetpgrp');
    return this.t.response.readU32();
  }

  tcsetpgrp(fd: number, pgid: number): void {
    this.t.begin().u32(fd).u32(pgid);
    this.call(Op.TtySetForeground, 'tcsetpgrp');
  }

  setpgid(pid: number, pgid: number): void {
    this.t.begin().u32(pid).u32(pgid);
    this.call(Op.SetPgid, 'setpgid');
  }

  // --- edge functions (not part of Sys: runtimes/quickjs/edge-wire.ts frames its own messages) ---

  /** The raw channel, for calls whose messages carry bodies in parts (engine/http-wire.ts). */
  get transport(): SyscallTransport {
    return this.t;
  }

  // --- sessions (not part of Sys: only the session loop uses them) ---

  /**
   * Let the kernel interrupt the running command instead of ending the
   * process (engine/abi.ts Slot.Signal). With `catchInterrupts`, a terminal's
   * ^C does the same (engine/kernel.ts signalGroup), as an interactive shell
   * catches SIGINT; a session's shell is interruptible by its program name.
   */
  setInterruptible(on: boolean, options: { catchInterrupts?: boolean } = {}): void {
    this.t.interruptible = on;
    if (options.catchInterrupts === undefined) return;
    this.t.begin().u32(options.catchInterrupts ? 1 : 0);
    this.call(Op.CatchInterrupts, 'sigaction');
  }

  /** Block until the session has a command; its stdio is then at fds 0-2. Null when the session is closing. */
  sessionNext(): { id: string; command: string } | null {
    this.t.begin();
    this.call(Op.SessionNext, 'session_next');
    const r = this.t.response;
    if (r.readU32() === 0) return null;
    const id = r.readStr();
    return { id, command: r.readStr() };
  }

  /** Report a command's status, and the shell's cwd and exported environment after it (snapshots keep them). */
  sessionDone(status: number, cwd: string, env: Record<string, string>): void {
    this.t.begin().u32(status & 0xff).str(cwd).str(JSON.stringify(env));
    this.call(Op.SessionDone, 'session_done');
  }

  // --- time ---

  now(): number {
    return Date.now();
  }

  sleep(ms: number): void {
    this.t.sleep(ms);
  }

  pendingSignal(): number {
    return this.t.peekSignal?.() ?? 0;
  }

  holdSignals<T>(fn: () => T): T {
    return this.t.holdSignals ? this.t.holdSignals(fn) : fn();
  }
}
