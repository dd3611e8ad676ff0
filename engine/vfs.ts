/**
 * The sandbox's stored files: one memfs Volume, seen through calls that
 * return kernel errnos instead of throwing. memfs keeps the inodes and names
 * (STYLE.md 3); open-file descriptions live in open-file.ts and per-process
 * fd tables in fd-table.ts. memfs's own fd position is never used: every
 * read and write passes an explicit position (TOOLCHAIN.md: memfs has no lseek).
 */
import { Volume } from 'memfs';
import { Errno, errnoFromCode } from './errno.js';
import { FileKind, type StatInfo } from './abi.js';
import { FsSpace } from './fs-limit.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

export function kindOfMode(mode: number): FileKind {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return FileKind.File;
    case S_IFDIR:
      return FileKind.Dir;
    case S_IFLNK:
      return FileKind.Symlink;
    case S_IFCHR:
      return FileKind.CharDevice;
    default:
      return FileKind.Unknown;
  }
}

interface MemfsStats {
  dev: number | bigint;
  ino: number | bigint;
  mode: number | bigint;
  nlink: number | bigint;
  size: number | bigint;
  atimeMs: number | bigint;
  mtimeMs: number | bigint;
  ctimeMs: number | bigint;
}

export function toStatInfo(s: MemfsStats): StatInfo {
  const mode = Number(s.mode);
  return {
    dev: Number(s.dev),
    ino: Number(s.ino),
    kind: kindOfMode(mode),
    mode,
    nlink: Number(s.nlink),
    size: Number(s.size),
    atimeMs: Number(s.atimeMs),
    mtimeMs: Number(s.mtimeMs),
    ctimeMs: Number(s.ctimeMs),
  };
}

export interface DirEntry {
  name: string;
  kind: FileKind;
  ino: number;
}

/** Run a memfs call, turning a thrown error into its errno. */
export function attempt<T>(fn: () => T): T | { errno: number } {
  try {
    return fn();
  } catch (error) {
    return { errno: errnoFromCode((error as { code?: unknown }).code) };
  }
}

export function isErr(value: unknown): value is { errno: number } {
  return typeof value === 'object' && value !== null && 'errno' in value && !(value instanceof Uint8Array);
}

export class Vfs {
  readonly volume: Volume;
  /** limits.fsBytes accounting: writes that grow a file ask it first. */
  readonly space: FsSpace;

  constructor(volume = new Volume()) {
    this.volume = volume;
    this.space = new FsSpace(volume);
  }

  stat(path: string, follow = true): StatInfo | { errno: number } {
    return attempt(() => toStatInfo((follow ? this.volume.statSync(path) : this.volume.lstatSync(path)) as MemfsStats));
  }

  readdir(path: string): DirEntry[] | { errno: number } {
    return attempt(() => {
      const names = this.volume.readdirSync(path) as string[];
      names.sort();
      return names.map((name) => {
        const child = path === '/' ? `/${name}` : `${path}/${name}`;
        const s = this.volume.lstatSync(child) as MemfsStats;
        return { name, kind: kindOfMode(Number(s.mode)), ino: Number(s.ino) };
      });
    });
  }

  mkdir(path: string, mode = 0o777): number {
    return errnoOf(() => this.volume.mkdirSync(path, { mode }));
  }

  rmdir(path: string): number {
    if (path === '/') return Errno.EBUSY;
    return errnoOf(() => this.volume.rmdirSync(path));
  }

  unlink(path: string): number {
    const s = this.stat(path, false);
    if (isErr(s)) return s.errno;
    // unlink(2) of a directory is EISDIR on Linux; memfs would remove it.
    if (s.kind === FileKind.Dir) return Errno.EISDIR;
    return errnoOf(() => this.volume.unlinkSync(path));
  }

  rename(from: string, to: string): number {
    if (from === to) return Errno.OK;
    // rename(2): a directory cannot be moved inside itself.
    if (to.startsWith(from + '/')) return Errno.EINVAL;
    const src = this.stat(from, false);
    if (isErr(src)) return src.errno;
    const dst = this.stat(to, false);
    if (!isErr(dst)) {
      if (src.kind === FileKind.Dir && dst.kind !== FileKind.Dir) return Errno.ENOTDIR;
      if (src.kind !== FileKind.Dir && dst.kind === FileKind.Dir) return Errno.EISDIR;
      if (dst.kind === FileKind.Dir) {
        const entries = this.readdir(to);
        if (!isErr(entries) && entries.length > 0) return Errno.ENOTEMPTY;
      }
    }
    return errnoOf(() => this.volume.renameSync(from, to));
  }

  symlink(target: string, path: string): number {
    return errnoOf(() => this.volume.symlinkSync(target, path));
  }

  readlink(path: string): string | { errno: number } {
    return attempt(() => String(this.volume.readlinkSync(path)));
  }

  link(from: string, to: string): number {
    return errnoOf(() => this.volume.linkSync(from, to));
  }

  setTimes(path: string, atimeMs: number, mtimeMs: number, follow: boolean): number {
    return errnoOf(() => {
      const a = new Date(atimeMs);
      const m = new Date(mtimeMs);
      if (follow) this.volume.utimesSync(path, a, m);
      else this.volume.lutimesSync(path, a, m);
    });
  }

  chmod(path: string, mode: number): number {
    return errnoOf(() => this.volume.chmodSync(path, mode));
  }
}

export function errnoOf(fn: () => unknown): number {
  try {
    fn();
    return Errno.OK;
  } catch (error) {
    return errnoFromCode((error as { code?: unknown }).code);
  }
}

export { S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG };
