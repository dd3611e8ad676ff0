/**
 * The staging half of sb.fs.importTar: the archive's members, validated and
 * held apart from the volume, then applied in one synchronous pass.
 *
 * Staging looks only at the archive. Every member name is relative to the
 * target: an absolute name or a `..` component is refused (GNU tar strips a
 * leading '/'; we refuse, so that an archive never means something other
 * than what it says). A member under a symlink the archive made earlier is
 * refused (the classic escape: `link -> /etc`, then `link/passwd`), and so is
 * a hard link to anything but an earlier regular file of the archive.
 * Every parent of a member is staged too, as an implicit directory.
 *
 * `apply` then checks the staged tree against the volume as it is at that
 * moment (an existing symlink or file where a directory must be, a non-empty
 * directory a member would replace, permissions, limits.fsBytes) and only
 * then writes, with no await in between: a refused archive changes nothing,
 * and no process sees half an import. Existing symlinks are never followed:
 * a member replaces a symlink in its place, and a symlink where a parent
 * directory must be is refused.
 */
import { FileKind } from './abi.js';
import { errnoFromCode, errnoName } from './errno.js';
import { FsError, LimitExceededError, TarError } from './errors.js';
import type { TarEntry } from './tar-format.js';
import { isErr, type Vfs } from './vfs.js';

export interface TarImportResult {
  /** Regular files written (the first name of each; further names are `hardlinks`). */
  files: number;
  hardlinks: number;
  symlinks: number;
  /** Directories created or updated, the implied parents of members included. */
  directories: number;
  /** Bytes of file content written. */
  bytes: number;
  /** Members not extracted: devices, fifos and unknown entry types, by name. */
  skipped: string[];
}

interface Inode {
  data: Uint8Array;
  filled: number;
  mode: number;
  mtime: number;
  /** The path it was first written at, during apply; later names link to it. */
  writtenAt?: string;
}

/** What check() found in the volume at a member's name. */
type Found = 'merge' | 'rmdir' | 'unlink';
interface Plan {
  found: Map<string, Found>;
  createTarget: boolean;
}

type Staged =
  | { kind: 'dir'; mode: number; mtime: number; implicit: boolean }
  | { kind: 'file'; inode: Inode }
  | { kind: 'symlink'; target: string; mtime: number };

/** Entries at most per archive: a bound on the metadata an archive of empty entries can make us hold. */
export const MAX_ENTRIES = 1_000_000;
const W_OK = 2;
const X_OK = 1;
const EMPTY = new Uint8Array(0);

export class Staging {
  /** Relative path → member, parents before children. */
  private readonly nodes = new Map<string, Staged>();
  private rootMeta: { mode: number; mtime: number } | null = null;
  private current: Inode | null = null;
  private entries = 0;
  private stagedBytes = 0;
  readonly skipped: string[] = [];

  /**
   * @param budget bytes of content the archive may bring before staging stops
   *   (an early bound; apply checks limits.fsBytes exactly).
   */
  constructor(
    private readonly vfs: Vfs,
    private readonly target: string,
    private readonly budget: number,
  ) {}

  entry(e: TarEntry): void {
    this.current = null;
    if (++this.entries > MAX_ENTRIES) throw new TarError('too-large', `the archive has more than ${MAX_ENTRIES} entries`, e.name);
    if (e.type === 'char' || e.type === 'block' || e.type === 'fifo' || e.type === 'other') {
      this.skipped.push(e.name);
      return;
    }
    const rel = memberPath(e.name, e.name, 'name');
    if (rel === '') {
      // "./": the target itself. GNU tar gives the directory the member's mode and time; so do we.
      if (e.type !== 'dir') throw new TarError('conflict', 'a member other than a directory names the target directory itself', e.name);
      this.rootMeta = { mode: e.mode, mtime: e.mtime };
      return;
    }
    this.stageParents(rel, e.name);
    switch (e.type) {
      case 'dir': {
        const old = this.nodes.get(rel);
        if (old?.kind === 'dir') {
          old.mode = e.mode;
          old.mtime = e.mtime;
          old.implicit = false;
        } else this.place(rel, { kind: 'dir', mode: e.mode, mtime: e.mtime, implicit: false }, e.name);
        return;
      }
      case 'file': {
        if (this.stagedBytes + e.size > this.budget) throw this.overBudget(this.stagedBytes + e.size);
        this.stagedBytes += e.size;
        const inode: Inode = { data: new Uint8Array(e.size), filled: 0, mode: e.mode, mtime: e.mtime };
        this.place(rel, { kind: 'file', inode }, e.name);
        this.current = inode;
        return;
      }
      case 'hardlink': {
        const to = memberPath(e.linkname, e.name, 'link');
        const target = this.nodes.get(to);
        if (target?.kind !== 'file') {
          throw new TarError('hardlink', `is a hard link to '${e.linkname}', which is not an earlier regular file of the archive`, e.name);
        }
        this.place(rel, { kind: 'file', inode: target.inode }, e.name);
        return;
      }
      case 'symlink':
        if (e.linkname === '') throw new TarError('corrupt', 'is a symlink with an empty target', e.name);
        this.place(rel, { kind: 'symlink', target: e.linkname, mtime: e.mtime }, e.name);
        return;
    }
  }

  data(bytes: Uint8Array): void {
    const inode = this.current;
    if (!inode) return;
    inode.data.set(bytes, inode.filled);
    inode.filled += bytes.length;
  }

  entryEnd(): void {
    this.current = null;
  }

  /** Check the staged tree against the volume as it is now, then write it. Synchronous on purpose. */
  apply(): TarImportResult {
    const plan = this.check();
    return this.write(plan);
  }

  private stageParents(rel: string, name: string): void {
    let at = rel.indexOf('/');
    while (at >= 0) {
      const dir = rel.slice(0, at);
      const node = this.nodes.get(dir);
      if (node === undefined) this.nodes.set(dir, { kind: 'dir', mode: 0o755, mtime: -1, implicit: true });
      else if (node.kind === 'symlink') throw new TarError('symlink', `would be written through the symlink '${dir}' made by an earlier member`, name);
      else if (node.kind === 'file') throw new TarError('conflict', `needs '${dir}' to be a directory, but an earlier member made it a file`, name);
      at = rel.indexOf('/', at + 1);
    }
  }

  /** A member replaces what an earlier member put at its name, as on extraction by GNU tar. */
  private place(rel: string, node: Staged, name: string): void {
    const old = this.nodes.get(rel);
    if (old?.kind === 'dir') {
      const under = `${rel}/`;
      for (const key of this.nodes.keys()) {
        if (key.startsWith(under)) throw new TarError('conflict', `would replace the directory '${rel}', which has members under it`, name);
      }
    }
    // Delete first, so the new member takes its place in order after its own parents.
    this.nodes.delete(rel);
    this.nodes.set(rel, node);
  }

  private overBudget(bytes: number): LimitExceededError {
    const limit = this.vfs.space.limit;
    return new LimitExceededError('fsBytes', `importing the archive would need at least ${bytes} bytes of file content, more than the ${limit}-byte file system can take (limit fsBytes=${limit})`);
  }

  private path(rel: string): string {
    if (rel === '') return this.target;
    return this.target === '/' ? `/${rel}` : `${this.target}/${rel}`;
  }

  /**
   * Everything that could refuse the import, against the volume now; no
   * writes. Says, for each member whose name exists in the volume, whether
   * it merges into an existing directory or replaces what is there.
   */
  private check(): Plan {
    const { vfs } = this;
    const found = new Map<string, Found>();
    const writable = new Set<string>();
    const needWrite = (dir: string) => {
      if (writable.has(dir)) return;
      try {
        vfs.volume.accessSync(dir, W_OK | X_OK);
      } catch (error) {
        throw new FsError(errnoName(errnoFromCode((error as { code?: unknown }).code)), 'importTar', dir, 'cannot create entries in this directory');
      }
      writable.add(dir);
    };

    const top = vfs.stat(this.target);
    const createTarget = isErr(top);
    if (isErr(top)) {
      let up = this.target;
      do up = up.slice(0, up.lastIndexOf('/')) || '/';
      while (up !== '/' && isErr(vfs.stat(up)));
      needWrite(up);
    } else if (top.kind !== FileKind.Dir) throw new FsError('ENOTDIR', 'importTar', this.target);

    let freed = 0;
    const inodes = new Set<Inode>();
    for (const [rel, node] of this.nodes) {
      if (node.kind === 'file') inodes.add(node.inode);
      const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      // Under a directory the import creates (or puts in place of something else), nothing exists yet.
      const parentExists = parent === '' ? !createTarget : found.get(parent) === 'merge';
      if (!parentExists) continue;
      needWrite(this.path(parent));
      const path = this.path(rel);
      const st = vfs.stat(path, false);
      if (isErr(st)) continue;
      if (node.kind === 'dir' && st.kind === FileKind.Dir) {
        found.set(rel, 'merge');
        continue;
      }
      if (node.kind === 'dir' && node.implicit) {
        if (st.kind === FileKind.Symlink) throw new TarError('symlink', `would be written through '${path}', a symlink in the target`, this.firstUnder(rel));
        throw new TarError('conflict', `needs '${path}' to be a directory, but it is not one`, this.firstUnder(rel));
      }
      if (st.kind === FileKind.Dir) {
        const children = vfs.readdir(path);
        if (isErr(children) || children.length > 0) throw new TarError('conflict', `would replace the non-empty directory '${path}'`, rel);
        found.set(rel, 'rmdir');
        continue;
      }
      // Replaced (never followed, when a symlink): an existing file's bytes are freed when this was its only name.
      if (st.kind === FileKind.File && st.nlink === 1) freed += st.size;
      found.set(rel, 'unlink');
    }

    const space = vfs.space;
    if (space.limit !== Infinity) {
      let bytes = 0;
      for (const inode of inodes) bytes += inode.data.length;
      const after = space.used() - freed + bytes;
      if (after > space.limit) throw new LimitExceededError('fsBytes', `importing the archive would bring the file system to ${after} bytes of file content (limit fsBytes=${space.limit})`);
    }
    return { found, createTarget };
  }

  /** The first member at or under `rel`, to name in an error about an implied directory. */
  private firstUnder(rel: string): string {
    for (const key of this.nodes.keys()) if (key.startsWith(`${rel}/`)) return key;
    return rel;
  }

  private write(plan: Plan): TarImportResult {
    const { volume } = this.vfs;
    const result: TarImportResult = { files: 0, hardlinks: 0, symlinks: 0, directories: 0, bytes: 0, skipped: this.skipped };
    const dirs: { path: string; mode: number; mtime: number }[] = [];
    let path = this.target;
    try {
      if (plan.createTarget) volume.mkdirSync(this.target, { recursive: true, mode: 0o755 });
      for (const [rel, node] of this.nodes) {
        path = this.path(rel);
        const found = plan.found.get(rel);
        if (found === 'rmdir') volume.rmdirSync(path);
        else if (found === 'unlink') volume.unlinkSync(path);
        if (node.kind === 'dir') {
          if (found !== 'merge') volume.mkdirSync(path, { mode: 0o755 });
          if (!node.implicit) dirs.push({ path, mode: node.mode, mtime: node.mtime });
          result.directories++;
        } else if (node.kind === 'symlink') {
          volume.symlinkSync(node.target, path);
          volume.lutimesSync(path, date(node.mtime), date(node.mtime));
          result.symlinks++;
        } else if (node.inode.writtenAt !== undefined) {
          volume.linkSync(node.inode.writtenAt, path);
          result.hardlinks++;
        } else {
          const { inode } = node;
          volume.writeFileSync(path, inode.data, { mode: 0o600 });
          volume.chmodSync(path, inode.mode & 0o7777);
          volume.utimesSync(path, date(inode.mtime), date(inode.mtime));
          inode.writtenAt = path;
          result.bytes += inode.data.length;
          result.files++;
          // Let the staged copy go as soon as the volume has its own.
          inode.data = EMPTY;
        }
      }
      // Modes and times of directories last: writing into them changed their mtime, and a
      // read-only mode would have stopped the writes. Deepest first.
      dirs.sort((a, b) => depth(b.path) - depth(a.path));
      if (this.rootMeta) dirs.push({ path: this.target, ...this.rootMeta });
      for (const dir of dirs) {
        path = dir.path;
        volume.chmodSync(path, dir.mode & 0o7777);
        volume.utimesSync(path, date(dir.mtime), date(dir.mtime));
      }
    } catch (error) {
      if (error instanceof FsError) throw error;
      // check() ruled out every failure it knows of; reaching here is a bug worth its own report.
      throw new FsError(errnoName(errnoFromCode((error as { code?: unknown }).code)), 'importTar', path, 'unexpected failure while applying a checked archive (the import may be partial)');
    }
    this.vfs.space.invalidate();
    return result;
  }
}

/**
 * A member name (or hard-link target) as a path relative to the target:
 * '.' components and empty ones dropped ("./a//b" is "a/b"), '' for the
 * target itself. Absolute names and '..' components are refused.
 */
export function memberPath(name: string, entry: string, what: 'name' | 'link'): string {
  const whose = what === 'name' ? 'the name' : `the hard-link target '${name}'`;
  if (name.startsWith('/')) throw new TarError('absolute', `${whose} is absolute; members must be relative to the target`, entry);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new TarError(what === 'name' ? 'dotdot' : 'hardlink', `${whose} has a '..' component, which could reach outside the target`, entry);
  return parts.join('/');
}

/** Tar mtimes are seconds since the epoch. */
function date(seconds: number): Date {
  return new Date(seconds * 1000);
}

function depth(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 0x2f) n++;
  return n;
}
