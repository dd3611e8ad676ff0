/**
 * browser_wasi_shim's Fd, backed by kernel syscalls: the shim decodes the
 * guest's arguments and writes the results, this class asks the kernel.
 * It holds no file data, so terminating the worker loses nothing.
 */
import { Fd, wasi } from '@bjorn3/browser_wasi_shim';
import { FileKind, Op, TimeFlag, readStat, type Whence } from '../../engine/abi.js';
import type { SyscallClient } from '../syscall-client.js';
import { Fdstat, Filestat, LOOKUP_SYMLINK_FOLLOW, nsToMs, toWasiErrno, toWasiFiletype } from './wasi-abi.js';

/** WASI fstflags → the kernel's TimeFlag (the same bits, named for what they are). */
function timeFlags(fstFlags: number): number {
  let flags = 0;
  if (fstFlags & wasi.FSTFLAGS_ATIM) flags |= TimeFlag.Atime;
  if (fstFlags & wasi.FSTFLAGS_ATIM_NOW) flags |= TimeFlag.AtimeNow;
  if (fstFlags & wasi.FSTFLAGS_MTIM) flags |= TimeFlag.Mtime;
  if (fstFlags & wasi.FSTFLAGS_MTIM_NOW) flags |= TimeFlag.MtimeNow;
  return flags;
}

const READDIR_BATCH_MISS = -1;

export class KernelFd extends Fd {
  /** A readdir batch: entries from cookie `batchStart` on. */
  private batch: { name: string; kind: FileKind; ino: number }[] = [];
  private batchStart = READDIR_BATCH_MISS;

  constructor(
    private readonly sys: SyscallClient,
    readonly fd: number,
    readonly kind: FileKind,
    /** The name a preopened directory is known by, e.g. "/". */
    readonly preopen?: string,
  ) {
    super();
  }

  moveTo(fd: number): KernelFd {
    return new KernelFd(this.sys, fd, this.kind, this.preopen);
  }

  private simple(op: Op, fill: (w: ReturnType<SyscallClient['begin']>) => void): number {
    fill(this.sys.begin());
    return toWasiErrno(this.sys.call(op));
  }

  fd_fdstat_get() {
    this.sys.begin().u32(this.fd);
    const errno = this.sys.call(Op.Fdstat);
    if (errno !== 0) return { ret: toWasiErrno(errno), fdstat: null };
    const kind = this.sys.response.readU32() as FileKind;
    const flags = this.sys.response.readU32();
    const seekable = this.sys.response.readU32() === 1;
    return { ret: 0, fdstat: new Fdstat(kind, flags, seekable) as unknown as wasi.Fdstat };
  }

  fd_fdstat_set_flags(flags: number) {
    return this.simple(Op.FsetFlags, (w) => w.u32(this.fd).u32(flags));
  }

  fd_fdstat_set_rights() {
    return 0;
  }

  fd_filestat_get() {
    this.sys.begin().u32(this.fd);
    const errno = this.sys.call(Op.Fstat);
    if (errno !== 0) return { ret: toWasiErrno(errno), filestat: null };
    return { ret: 0, filestat: new Filestat(readStat(this.sys.response)) as unknown as wasi.Filestat };
  }

  fd_filestat_set_size(size: bigint) {
    return this.simple(Op.FsetSize, (w) => w.u32(this.fd).f64(Number(size)));
  }

  fd_filestat_set_times(atim: bigint, mtim: bigint, fstFlags: number) {
    return this.simple(Op.FsetTimes, (w) => w.u32(this.fd).f64(nsToMs(atim)).f64(nsToMs(mtim)).u32(timeFlags(fstFlags)));
  }

  fd_allocate(offset: bigint, len: bigint) {
    const st = this.fd_filestat_get();
    if (st.ret !== 0) return st.ret;
    const end = offset + len;
    const size = (st.filestat as unknown as { st: { size: number } }).st.size;
    if (BigInt(size) >= end) return 0;
    return this.fd_filestat_set_size(end);
  }

  fd_seek(offset: bigint, whence: number) {
    this.sys.begin().u32(this.fd).f64(Number(offset)).u32(whence as Whence);
    const errno = this.sys.call(Op.Seek);
    if (errno !== 0) return { ret: toWasiErrno(errno), offset: 0n };
    return { ret: 0, offset: BigInt(this.sys.response.readF64()) };
  }

  fd_tell() {
    return this.fd_seek(0n, wasi.WHENCE_CUR);
  }

  fd_sync() {
    return this.simple(Op.Sync, (w) => w.u32(this.fd));
  }

  fd_prestat_get() {
    if (this.preopen === undefined) return { ret: wasi.ERRNO_BADF, prestat: null };
    return { ret: 0, prestat: wasi.Prestat.dir(this.preopen) };
  }

  fd_readdir_single(cookie: bigint) {
    const c = Number(cookie);
    if (this.batchStart === READDIR_BATCH_MISS || c < this.batchStart || c >= this.batchStart + this.batch.length) {
      this.sys.begin().u32(this.fd).f64(c);
      const errno = this.sys.call(Op.Readdir);
      if (errno !== 0) return { ret: toWasiErrno(errno), dirent: null };
      const r = this.sys.response;
      const count = r.readU32();
      this.batch = [];
      for (let i = 0; i < count; i++) this.batch.push({ name: r.readStr(), kind: r.readU32() as FileKind, ino: r.readF64() });
      this.batchStart = c;
      if (count === 0) return { ret: 0, dirent: null };
    }
    const entry = this.batch[c - this.batchStart]!;
    return { ret: 0, dirent: new wasi.Dirent(BigInt(c + 1), BigInt(entry.ino), entry.name, toWasiFiletype(entry.kind)) };
  }

  path_create_directory(path: string) {
    return this.simple(Op.Mkdir, (w) => w.u32(this.fd).str(path).u32(0o777));
  }

  path_remove_directory(path: string) {
    return this.simple(Op.Rmdir, (w) => w.u32(this.fd).str(path));
  }

  path_unlink_file(path: string) {
    return this.simple(Op.Unlink, (w) => w.u32(this.fd).str(path));
  }

  path_filestat_get(flags: number, path: string) {
    this.sys.begin().u32(this.fd).str(path).u32(flags & LOOKUP_SYMLINK_FOLLOW ? 1 : 0);
    const errno = this.sys.call(Op.Stat);
    if (errno !== 0) return { ret: toWasiErrno(errno), filestat: null };
    return { ret: 0, filestat: new Filestat(readStat(this.sys.response)) as unknown as wasi.Filestat };
  }

  path_filestat_set_times(flags: number, path: string, atim: bigint, mtim: bigint, fstFlags: number) {
    return this.simple(Op.SetTimes, (w) =>
      w.u32(this.fd).str(path).u32(flags & LOOKUP_SYMLINK_FOLLOW ? 1 : 0).f64(nsToMs(atim)).f64(nsToMs(mtim)).u32(timeFlags(fstFlags)),
    );
  }
}
