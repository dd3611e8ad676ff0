/**
 * Translation between the kernel's vocabulary and WASI preview1's numbers
 * (wasi_snapshot_preview1.witx). This is the only place WASI numbers meet
 * kernel ones (STYLE.md 4).
 */
import { wasi } from '@bjorn3/browser_wasi_shim';
import { FileKind, type StatInfo } from '../../engine/abi.js';
import { errnoName } from '../../engine/errno.js';

const errnoTable = wasi as unknown as Record<string, number>;

/** Kernel errno → WASI errno, by name: ENOENT → ERRNO_NOENT. */
export function toWasiErrno(errno: number): number {
  if (errno === 0) return 0;
  return errnoTable[`ERRNO_${errnoName(errno).slice(1)}`] ?? wasi.ERRNO_IO;
}

export function toWasiFiletype(kind: FileKind): number {
  switch (kind) {
    case FileKind.File:
      return wasi.FILETYPE_REGULAR_FILE;
    case FileKind.Dir:
      return wasi.FILETYPE_DIRECTORY;
    case FileKind.Symlink:
      return wasi.FILETYPE_SYMBOLIC_LINK;
    case FileKind.CharDevice:
      return wasi.FILETYPE_CHARACTER_DEVICE;
    default:
      // A pipe has no WASI file type of its own.
      return wasi.FILETYPE_UNKNOWN;
  }
}

/** Every right defined by preview1: wasi-libc refuses I/O on an fd lacking one (TOOLCHAIN.md). */
export const ALL_RIGHTS = (1n << 29n) - 1n;

const msToNs = (ms: number): bigint => BigInt(Math.round(ms * 1e6));
export const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

/** filestat, laid out as the witx struct: dev@0 ino@8 filetype@16 nlink@24 size@32 atim@40 mtim@48 ctim@56. */
export class Filestat {
  constructor(private readonly st: StatInfo) {}
  write_bytes(view: DataView, ptr: number): void {
    const st = this.st;
    view.setBigUint64(ptr, BigInt(st.dev), true);
    view.setBigUint64(ptr + 8, BigInt(st.ino), true);
    view.setUint8(ptr + 16, toWasiFiletype(st.kind));
    view.setBigUint64(ptr + 24, BigInt(st.nlink), true);
    view.setBigUint64(ptr + 32, BigInt(st.size), true);
    view.setBigUint64(ptr + 40, msToNs(st.atimeMs), true);
    view.setBigUint64(ptr + 48, msToNs(st.mtimeMs), true);
    view.setBigUint64(ptr + 56, msToNs(st.ctimeMs), true);
  }
}

/**
 * A terminal's rights: wasi-libc's isatty(3) is "a character device without
 * the seek and tell rights" (libc-bottom-half/sources/isatty.c), so a tty
 * reports every right but those two.
 */
const TTY_RIGHTS = ALL_RIGHTS & ~BigInt(wasi.RIGHTS_FD_SEEK | wasi.RIGHTS_FD_TELL);

/** fdstat: filetype@0 flags@2 rights_base@8 rights_inheriting@16, with every right (a terminal: all but seek and tell). */
export class Fdstat {
  constructor(
    private readonly kind: FileKind,
    private readonly flags: number,
    private readonly seekable = true,
  ) {}
  write_bytes(view: DataView, ptr: number): void {
    view.setUint8(ptr, toWasiFiletype(this.kind));
    view.setUint16(ptr + 2, this.flags, true);
    const tty = this.kind === FileKind.CharDevice && !this.seekable;
    view.setBigUint64(ptr + 8, tty ? TTY_RIGHTS : ALL_RIGHTS, true);
    view.setBigUint64(ptr + 16, ALL_RIGHTS, true);
  }
}

/** lookupflags.symlink_follow (the shim does not export it). */
export const LOOKUP_SYMLINK_FOLLOW = 1;
