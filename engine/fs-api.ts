/**
 * sb.fs: the sandbox's files from the host's side. Every error is an FsError
 * with the errno name, the call and the path (STYLE.md 4). Paths are
 * absolute, or relative to the sandbox's working directory.
 */
import { FileKind } from './abi.js';
import { Errno, errnoName, errnoFromCode } from './errno.js';
import { FsError, LimitExceededError } from './errors.js';
import { resolvePath } from './path.js';
import type { TarImportResult } from './tar-import.js';
import { isErr, type Vfs } from './vfs.js';

export type { TarImportResult } from './tar-import.js';

export type FileType = 'file' | 'directory' | 'symlink' | 'device' | 'other';

export interface FileStat {
  type: FileType;
  size: number;
  mode: number;
  ino: number;
  nlink: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface DirEntryInfo {
  name: string;
  type: FileType;
}

const typeNames: Record<number, FileType> = {
  [FileKind.File]: 'file',
  [FileKind.Dir]: 'directory',
  [FileKind.Symlink]: 'symlink',
  [FileKind.CharDevice]: 'device',
};

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function isWasm(data: Uint8Array): boolean {
  return data.byteLength >= 4 && WASM_MAGIC.every((b, i) => data[i] === b);
}

export class SandboxFs {
  constructor(
    private readonly vfs: Vfs,
    private readonly cwd: () => string,
    private readonly checkOpen: () => void,
  ) {}

  private path(syscall: string, path: unknown): string {
    this.checkOpen();
    if (typeof path !== 'string') throw new FsError('EINVAL', syscall, String(path), 'the path must be a string');
    const abs = resolvePath(this.cwd(), path);
    if (typeof abs === 'number') throw new FsError(errnoName(abs), syscall, path.replaceAll('\0', '\\0'));
    return abs;
  }

  private run<T>(syscall: string, path: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof FsError) throw error;
      const code = errnoName(errnoFromCode((error as { code?: unknown }).code));
      throw new FsError(code, syscall, path);
    }
  }

  async readFile(path: string): Promise<Uint8Array>;
  async readFile(path: string, options: { encoding: 'utf8' | 'utf-8' }): Promise<string>;
  async readFile(path: string, options?: { encoding?: 'utf8' | 'utf-8' }): Promise<Uint8Array | string> {
    const abs = this.path('open', path);
    const data = this.run('open', abs, () => this.vfs.volume.readFileSync(abs) as Uint8Array);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return options?.encoding ? decoder.decode(bytes as Uint8Array<ArrayBuffer>) : bytes;
  }

  /**
   * Write a whole file, creating it (and not its parents). A file that
   * starts with the WASM magic is made executable (0755) unless `mode` says
   * otherwise, so a binary written in can be run at once.
   */
  async writeFile(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
    const abs = this.path('open', path);
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new TypeError('writeFile takes a string or a Uint8Array');
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const mode = options.mode ?? (isWasm(bytes) ? 0o755 : 0o644);
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new RangeError(`mode must be an integer from 0 to 0o7777, got ${String(mode)}`);
    const st = this.vfs.stat(abs);
    if (!isErr(st) && st.kind === FileKind.Dir) throw new FsError('EISDIR', 'open', abs);
    // The file keeps its inode, so its old content is given back as the new one is written.
    const growth = bytes.byteLength - (!isErr(st) && st.kind === FileKind.File ? st.size : 0);
    if (!this.vfs.space.reserve(growth)) {
      throw new LimitExceededError('fsBytes', `writing ${bytes.byteLength} bytes to '${abs}' would pass the file system's limit (fsBytes=${this.vfs.space.limit})`);
    }
    this.run('open', abs, () => {
      // A new file is created writable and given its mode after: memfs checks the mode while writing, so 0o400 would refuse its own content.
      this.vfs.volume.writeFileSync(abs, bytes, { mode: isErr(st) ? 0o600 : mode });
      if (options.mode !== undefined || isErr(st)) this.vfs.volume.chmodSync(abs, mode);
    });
  }

  async readdir(path: string): Promise<string[]>;
  async readdir(path: string, options: { withFileTypes: true }): Promise<DirEntryInfo[]>;
  async readdir(path: string, options?: { withFileTypes?: boolean }): Promise<string[] | DirEntryInfo[]> {
    const abs = this.path('scandir', path);
    const entries = this.vfs.readdir(abs);
    if (isErr(entries)) throw new FsError(errnoName(entries.errno), 'scandir', abs);
    if (options?.withFileTypes) return entries.map((e) => ({ name: e.name, type: typeNames[e.kind] ?? 'other' }));
    return entries.map((e) => e.name);
  }

  async stat(path: string): Promise<FileStat> {
    return this.statOf('stat', path, true);
  }

  async lstat(path: string): Promise<FileStat> {
    return this.statOf('lstat', path, false);
  }

  private statOf(syscall: string, path: string, follow: boolean): FileStat {
    const abs = this.path(syscall, path);
    const st = this.vfs.stat(abs, follow);
    if (isErr(st)) throw new FsError(errnoName(st.errno), syscall, abs);
    return {
      type: typeNames[st.kind] ?? 'other',
      size: st.size,
      mode: st.mode & 0o7777,
      ino: st.ino,
      nlink: st.nlink,
      atimeMs: st.atimeMs,
      mtimeMs: st.mtimeMs,
      ctimeMs: st.ctimeMs,
    };
  }

  async exists(path: string): Promise<boolean> {
    const abs = this.path('access', path);
    return !isErr(this.vfs.stat(abs, false));
  }

  async mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    const abs = this.path('mkdir', path);
    this.run('mkdir', abs, () => {
      if (options.recursive) {
        const st = this.vfs.stat(abs);
        if (!isErr(st) && st.kind !== FileKind.Dir) throw new FsError('EEXIST', 'mkdir', abs);
      }
      this.vfs.volume.mkdirSync(abs, { recursive: options.recursive ?? false, mode: options.mode ?? 0o755 });
    });
  }

  /** Remove a file or symlink; a directory needs `recursive`. `force` ignores a missing path. */
  async rm(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    const abs = this.path('rm', path);
    if (abs === '/') throw new FsError('EBUSY', 'rm', abs, 'refusing to remove the root directory');
    const st = this.vfs.stat(abs, false);
    if (isErr(st)) {
      if (options.force && st.errno === Errno.ENOENT) return;
      throw new FsError(errnoName(st.errno), 'rm', abs);
    }
    if (st.kind === FileKind.Dir && !options.recursive) throw new FsError('EISDIR', 'rm', abs, 'is a directory (pass recursive: true)');
    // Through unlink and rmdir, not memfs's rmSync, which leaves the removed files' inodes (and bytes) allocated.
    const errno = removeTree(this.vfs, abs, st.kind);
    if (errno !== Errno.OK) throw new FsError(errnoName(errno), 'rm', abs);
  }

  async rename(from: string, to: string): Promise<void> {
    const a = this.path('rename', from);
    const b = this.path('rename', to);
    const errno = this.vfs.rename(a, b);
    if (errno !== Errno.OK) throw new FsError(errnoName(errno), 'rename', a, `${errnoName(errno)} renaming to '${b}'`);
  }

  async symlink(target: string, path: string): Promise<void> {
    const abs = this.path('symlink', path);
    if (typeof target !== 'string' || target.length === 0 || target.includes('\0')) {
      throw new FsError('EINVAL', 'symlink', abs, 'the target must be a non-empty string without NUL');
    }
    const errno = this.vfs.symlink(target, abs);
    if (errno !== Errno.OK) throw new FsError(errnoName(errno), 'symlink', abs);
  }

  async readlink(path: string): Promise<string> {
    const abs = this.path('readlink', path);
    const target = this.vfs.readlink(abs);
    if (isErr(target)) throw new FsError(errnoName(target.errno), 'readlink', abs);
    return target;
  }

  /**
   * The directory at `path` as a tar archive (ustar, pax headers where
   * needed), gzip-compressed with `gzip: true`. Members are named relative to
   * the directory (`a.txt`, `src/`, `src/main.c`), as `tar -C path -c
   * <entries>` names them; the directory itself is not a member.
   */
  async exportTar(path: string, options: { gzip?: boolean } = {}): Promise<Uint8Array> {
    const abs = this.path('exportTar', path);
    if (typeof options !== 'object' || options === null) throw new TypeError('exportTar options must be an object');
    // The tar code is a chunk loaded on first use, like the snapshot code (engine/sandbox.ts).
    const { exportTar } = await import('./tar-export.js');
    return exportTar(this.vfs, abs, { gzip: options.gzip === true });
  }

  /**
   * Extract a tar archive (plain or gzip, detected; from bytes or a stream)
   * into the directory at `path`, created if missing. All or nothing: a
   * corrupt archive (TarError 'corrupt'), a member that would land outside
   * the directory (TarError naming it), or one that would pass
   * limits.fsBytes (LimitExceededError) leaves the file system as it was.
   * Devices and fifos are skipped and listed in `skipped`.
   */
  async importTar(data: Uint8Array | ReadableStream<Uint8Array>, path: string): Promise<TarImportResult> {
    const abs = this.path('importTar', path);
    const { importTar } = await import('./tar-import.js');
    return importTar(this.vfs, abs, data, this.checkOpen);
  }

  async chmod(path: string, mode: number): Promise<void> {
    const abs = this.path('chmod', path);
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new RangeError(`mode must be an integer from 0 to 0o7777, got ${String(mode)}`);
    const errno = this.vfs.chmod(abs, mode);
    if (errno !== Errno.OK) throw new FsError(errnoName(errno), 'chmod', abs);
  }
}

/** rm -r: children first, files and symlinks by unlink, directories by rmdir. Returns the first errno. */
function removeTree(vfs: Vfs, abs: string, kind: FileKind): number {
  if (kind !== FileKind.Dir) return vfs.unlink(abs);
  const entries = vfs.readdir(abs);
  if (isErr(entries)) return entries.errno;
  for (const entry of entries) {
    const errno = removeTree(vfs, abs === '/' ? `/${entry.name}` : `${abs}/${entry.name}`, entry.kind);
    if (errno !== Errno.OK) return errno;
  }
  return vfs.rmdir(abs);
}
