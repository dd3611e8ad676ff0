/**
 * The synchronous syscall ABI between a worker and the kernel.
 *
 * Each worker owns one SharedArrayBuffer channel. The worker writes a request
 * into the data area, sets STATE to REQUEST, notifies, and blocks in
 * Atomics.wait until the kernel sets STATE to RESPONSE. The kernel wakes with
 * Atomics.waitAsync, so the host thread never blocks (TOOLCHAIN.md: a worker in
 * Atomics.wait progresses only while the host's event loop runs).
 *
 * Arguments are positional: each op's encoder and decoder agree on the order,
 * so no tags are stored. This file is shared by the kernel and the worker
 * runtimes and must stay free of platform globals.
 */

export const enum Slot {
  State = 0,
  Op = 1,
  Length = 2,
  Errno = 3,
  /** A word nobody notifies: workers sleep on it with Atomics.wait(…, timeout). */
  Sleep = 4,
  /**
   * A signal the kernel asks an interruptible program (a session's shell)
   * to take without ending its worker: the command running in it unwinds
   * and the shell goes on. The kernel also wakes Sleep and answers a
   * blocked call with EINTR.
   */
  Signal = 5,
}

export const enum ChannelState {
  Idle = 0,
  Request = 1,
  Response = 2,
}

export const HEADER_BYTES = 64;
/**
 * A dirfd meaning "the path is absolute": wasmbox's own programs resolve
 * paths against their cwd in the worker and need no directory fd, so closing
 * or replacing fd 3 (`exec 3>file`) cannot break their path calls.
 */
export const AT_ROOT = 0xffffffff;
/** Default channel size: large reads and writes move in chunks of this size. */
export const DEFAULT_CHANNEL_BYTES = HEADER_BYTES + 1024 * 1024;

export const enum Op {
  Read = 1,
  Write,
  Pread,
  Pwrite,
  Seek,
  Close,
  Fstat,
  FsetSize,
  FsetTimes,
  Fdstat,
  FsetFlags,
  Sync,
  Readdir,
  Renumber,
  Open,
  Mkdir,
  Rmdir,
  Unlink,
  Rename,
  Symlink,
  Readlink,
  Link,
  Stat,
  SetTimes,
  Poll,
  // Added for wasmbox's own programs (runtimes/sys.ts); WASI has no equivalent.
  Chmod,
  Pipe,
  Dup,
  Dup2,
  Spawn,
  Wait,
  Kill,
  // A session's shell asks for its next command and reports its status (engine/session-channel.ts).
  SessionNext,
  SessionDone,
  // terminals (engine/tty.ts, engine/tty-calls.ts): termios, window size, process groups.
  TtyGetAttr,
  TtySetAttr,
  TtyWinsize,
  TtyGetForeground,
  TtySetForeground,
  SetPgid,
  CatchInterrupts,
  // edge functions (engine/edge-calls.ts): a serving JS process takes requests (FetchNext) and answers
  // each with FetchDone, which also waits for and returns the next one; guest fetch() goes through
  // the host's fetch when the network allow-list permits (NetFetch).
  FetchNext,
  FetchRead,
  FetchWrite,
  FetchDone,
  FetchLoadFailed,
  NetFetch,
}

/** Kernel file types, as they cross the channel (not WASI's numbering). */
export const enum FileKind {
  Unknown = 0,
  File = 1,
  Dir = 2,
  Symlink = 3,
  Pipe = 4,
  CharDevice = 5,
}

/** Open flags as they cross the channel (Linux values, for familiarity). */
export const enum OpenFlag {
  WriteOnly = 0x1,
  ReadWrite = 0x2,
  Create = 0x40,
  Exclusive = 0x80,
  Truncate = 0x200,
  Append = 0x400,
  Directory = 0x10000,
  NoFollow = 0x20000,
}

export const enum Whence {
  Set = 0,
  Current = 1,
  End = 2,
}

export const enum TimeFlag {
  Atime = 1,
  AtimeNow = 2,
  Mtime = 4,
  MtimeNow = 8,
}

export const enum PollKind {
  Read = 1,
  Write = 2,
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A cursor over the channel's data area. The same class writes requests on
 * one side and reads them on the other. Chromium refuses
 * TextEncoder.encodeInto into shared memory, so strings are encoded into an
 * ordinary buffer and copied; bytes are copied out with slice() before use.
 */
export class Wire {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  pos = 0;

  constructor(buffer: ArrayBufferLike, offset = HEADER_BYTES) {
    this.view = new DataView(buffer, offset);
    this.bytes = new Uint8Array(buffer, offset);
  }

  get capacity(): number {
    return this.bytes.byteLength;
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  u32(value: number): this {
    this.view.setUint32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  f64(value: number): this {
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  str(value: string): this {
    return this.bytesOf(encoder.encode(value));
  }

  bytesOf(value: Uint8Array): this {
    this.u32(value.byteLength);
    this.bytes.set(value, this.pos);
    this.pos += value.byteLength;
    return this;
  }

  /** Reserve `length` bytes preceded by their length; returns the offset to fill. */
  reserve(length: number): number {
    this.u32(length);
    const at = this.pos;
    this.pos += length;
    return at;
  }

  readU32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  readF64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readStr(): string {
    return decoder.decode(this.readBytes());
  }

  /** A copy of the next byte string. */
  readBytes(): Uint8Array<ArrayBuffer> {
    const length = this.readU32();
    const out = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** A view (no copy) of the next byte string; valid until the channel is reused. */
  readBytesView(): Uint8Array {
    const length = this.readU32();
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

/** File status as the kernel reports it. Times are milliseconds since the epoch. */
export interface StatInfo {
  dev: number;
  ino: number;
  kind: FileKind;
  mode: number;
  nlink: number;
  size: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

export function writeStat(w: Wire, s: StatInfo): void {
  w.f64(s.dev).f64(s.ino).u32(s.kind).u32(s.mode).f64(s.nlink).f64(s.size);
  w.f64(s.atimeMs).f64(s.mtimeMs).f64(s.ctimeMs);
}

export function readStat(w: Wire): StatInfo {
  return {
    dev: w.readF64(),
    ino: w.readF64(),
    kind: w.readU32() as FileKind,
    mode: w.readU32(),
    nlink: w.readF64(),
    size: w.readF64(),
    atimeMs: w.readF64(),
    mtimeMs: w.readF64(),
    ctimeMs: w.readF64(),
  };
}
