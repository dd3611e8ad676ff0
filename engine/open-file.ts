/**
 * Open-file descriptions (open(2)'s "open file description"): what an fd
 * points at, with its position and status flags. Several fds, in one process
 * or inherited by several, may share one description; `refs` counts them.
 *
 * Results are numbers: a count or position when >= 0, otherwise -errno, or
 * WOULD_BLOCK when the caller should wait on `waitable` and try again.
 */
import { FileKind, Whence, type StatInfo } from './abi.js';
import { Errno } from './errno.js';
import { Pipe } from './pipe.js';
import { Vfs, attempt, errnoOf, isErr, toStatInfo, type DirEntry } from './vfs.js';
import type { Waitable } from './waitable.js';

export const WOULD_BLOCK = -100_000;

type Stats = Parameters<typeof toStatInfo>[0];

export abstract class OpenFile {
  refs = 0;
  append = false;
  nonblock = false;
  abstract readonly kind: FileKind;
  /** Something to wait on when an operation returns WOULD_BLOCK. */
  readonly waitable: Waitable | undefined = undefined;

  read(_target: Uint8Array): number {
    return -Errno.EBADF;
  }
  write(_data: Uint8Array): number {
    return -Errno.EBADF;
  }
  pread(_target: Uint8Array, _position: number): number {
    return -Errno.ESPIPE;
  }
  pwrite(_data: Uint8Array, _position: number): number {
    return -Errno.ESPIPE;
  }
  seek(_offset: number, _whence: Whence): number {
    return -Errno.ESPIPE;
  }
  abstract stat(): StatInfo | { errno: number };
  setSize(_size: number): number {
    return Errno.EINVAL;
  }
  setTimes(_atimeMs: number, _mtimeMs: number): number {
    return Errno.OK;
  }
  /** Readable now (or at EOF)? Used by poll. */
  pollRead(): boolean {
    return true;
  }
  pollWrite(): boolean {
    return true;
  }
  /** Called when the last fd referring to this description closes. */
  protected release(): void {}

  retain(): this {
    this.refs++;
    return this;
  }

  /** Drop one reference; releases the description when it was the last. */
  unref(): void {
    if (--this.refs === 0) this.release();
  }
}

function deviceStat(kind: FileKind, ino: number): StatInfo {
  return { dev: 1, ino, kind, mode: 0o020666, nlink: 1, size: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0 };
}

/** A regular file in the volume, read and written at an explicit position. */
export class VfsFile extends OpenFile {
  readonly kind = FileKind.File;
  position = 0;

  constructor(
    private readonly vfs: Vfs,
    private readonly fd: number,
    readonly path: string,
    private readonly readable: boolean,
    private readonly writable: boolean,
  ) {
    super();
  }

  read(target: Uint8Array): number {
    const n = this.pread(target, this.position);
    if (n > 0) this.position += n;
    return n;
  }

  write(data: Uint8Array): number {
    if (!this.writable) return -Errno.EBADF;
    if (this.append) {
      const s = this.stat();
      if (isErr(s)) return -s.errno;
      this.position = s.size;
    }
    const n = this.pwrite(data, this.position);
    if (n > 0) this.position += n;
    return n;
  }

  pread(target: Uint8Array, position: number): number {
    if (!this.readable) return -Errno.EBADF;
    const r = attempt(() => this.vfs.volume.readSync(this.fd, target, 0, target.byteLength, position));
    return isErr(r) ? -r.errno : r;
  }

  pwrite(data: Uint8Array, position: number): number {
    if (!this.writable) return -Errno.EBADF;
    if (data.byteLength === 0) return 0;
    if (!this.reserveUpTo(position + data.byteLength)) return -Errno.ENOSPC;
    const r = attempt(() => this.vfs.volume.writeSync(this.fd, data, 0, data.byteLength, position));
    return isErr(r) ? -r.errno : r;
  }

  seek(offset: number, whence: Whence): number {
    let base: number;
    if (whence === Whence.Set) base = 0;
    else if (whence === Whence.Current) base = this.position;
    else if (whence === Whence.End) {
      const s = this.stat();
      if (isErr(s)) return -s.errno;
      base = s.size;
    } else return -Errno.EINVAL;
    const next = base + offset;
    if (!Number.isSafeInteger(next) || next < 0) return -Errno.EINVAL;
    this.position = next;
    return next;
  }

  stat(): StatInfo | { errno: number } {
    return attempt(() => toStatInfo(this.vfs.volume.fstatSync(this.fd) as Stats));
  }

  setSize(size: number): number {
    if (!this.writable) return Errno.EINVAL;
    if (!Number.isSafeInteger(size) || size < 0) return Errno.EINVAL;
    if (!this.reserveUpTo(size)) return Errno.ENOSPC;
    return errnoOf(() => this.vfs.volume.ftruncateSync(this.fd, size));
  }

  /** limits.fsBytes: may the file grow to `end` bytes? (ENOSPC otherwise, as a full disk.) */
  private reserveUpTo(end: number): boolean {
    if (this.vfs.space.limit === Infinity) return true;
    const s = this.stat();
    return isErr(s) || this.vfs.space.reserve(end - s.size);
  }

  setTimes(atimeMs: number, mtimeMs: number): number {
    return errnoOf(() => this.vfs.volume.futimesSync(this.fd, new Date(atimeMs), new Date(mtimeMs)));
  }

  protected release(): void {
    errnoOf(() => this.vfs.volume.closeSync(this.fd));
  }
}

/** An open directory: its path, and a listing taken when reading starts at cookie 0. */
export class DirFile extends OpenFile {
  readonly kind = FileKind.Dir;
  private listing: DirEntry[] | undefined;

  constructor(
    private readonly vfs: Vfs,
    readonly path: string,
  ) {
    super();
  }

  read(): number {
    return -Errno.EISDIR;
  }

  write(): number {
    return -Errno.EISDIR;
  }

  stat(): StatInfo | { errno: number } {
    return this.vfs.stat(this.path);
  }

  setTimes(atimeMs: number, mtimeMs: number): number {
    return this.vfs.setTimes(this.path, atimeMs, mtimeMs, true);
  }

  /**
   * Entries from `cookie` on, including '.' and '..' as readdir(3) returns
   * them. Cookie n means "the n-th entry"; a cookie of 0 takes a fresh listing.
   */
  entries(cookie: number): DirEntry[] | { errno: number } {
    if (cookie === 0 || this.listing === undefined) {
      const self = this.vfs.stat(this.path);
      if (isErr(self)) return self;
      const parentPath = this.path === '/' ? '/' : this.path.slice(0, this.path.lastIndexOf('/')) || '/';
      const parent = this.vfs.stat(parentPath);
      const children = this.vfs.readdir(this.path);
      if (isErr(children)) return children;
      this.listing = [
        { name: '.', kind: FileKind.Dir, ino: self.ino },
        { name: '..', kind: FileKind.Dir, ino: isErr(parent) ? self.ino : parent.ino },
        ...children,
      ];
    }
    return this.listing.slice(cookie);
  }
}

/** One end of a pipe. */
export class PipeEnd extends OpenFile {
  readonly kind = FileKind.Pipe;
  readonly waitable: Waitable;

  constructor(
    readonly pipe: Pipe,
    readonly end: 'read' | 'write',
  ) {
    super();
    this.waitable = pipe;
    if (end === 'read') pipe.openReader();
    else pipe.openWriter();
  }

  read(target: Uint8Array): number {
    if (this.end !== 'read') return -Errno.EBADF;
    if (target.byteLength === 0) return 0;
    const n = this.pipe.readInto(target);
    if (n >= 0) return n;
    return this.nonblock ? -Errno.EAGAIN : WOULD_BLOCK;
  }

  write(data: Uint8Array): number {
    if (this.end !== 'write') return -Errno.EBADF;
    const n = this.pipe.write(data);
    if (n < 0) return -Errno.EPIPE;
    if (n === 0 && data.byteLength > 0) return this.nonblock ? -Errno.EAGAIN : WOULD_BLOCK;
    return n;
  }

  stat(): StatInfo {
    return { ...deviceStat(FileKind.Pipe, 0), mode: 0o010600, size: this.pipe.size };
  }

  pollRead(): boolean {
    return this.end === 'read' && this.pipe.readable;
  }

  pollWrite(): boolean {
    return this.end === 'write' && this.pipe.writable;
  }

  protected release(): void {
    if (this.end === 'read') this.pipe.closeReader();
    else this.pipe.closeWriter();
  }
}

/** /dev/null, /dev/zero and /dev/urandom. */
export class DeviceFile extends OpenFile {
  readonly kind = FileKind.CharDevice;

  constructor(readonly device: 'null' | 'zero' | 'urandom') {
    super();
  }

  read(target: Uint8Array): number {
    if (this.device === 'null') return 0;
    if (this.device === 'zero') target.fill(0);
    else {
      // getRandomValues takes at most 65536 bytes a call, and never shared memory (Web Crypto).
      const scratch = new Uint8Array(Math.min(65536, target.byteLength));
      for (let i = 0; i < target.byteLength; i += scratch.byteLength) {
        crypto.getRandomValues(scratch);
        target.set(scratch.subarray(0, target.byteLength - i), i);
      }
    }
    return target.byteLength;
  }

  write(data: Uint8Array): number {
    return data.byteLength;
  }

  pread(target: Uint8Array): number {
    return this.read(target);
  }

  pwrite(data: Uint8Array): number {
    return data.byteLength;
  }

  seek(): number {
    return 0;
  }

  stat(): StatInfo {
    return deviceStat(FileKind.CharDevice, this.device === 'null' ? 3 : this.device === 'zero' ? 5 : 9);
  }
}

export const DEVICES: Record<string, DeviceFile['device']> = {
  '/dev/null': 'null',
  '/dev/zero': 'zero',
  '/dev/urandom': 'urandom',
  '/dev/random': 'urandom',
};
