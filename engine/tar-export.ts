/**
 * sb.fs.exportTar: one directory's subtree as a tar archive (tar-format.ts:
 * ustar, with pax headers for long names, big sizes and odd mtimes).
 *
 * Members are named relative to the directory, as `tar -C dir -c <its
 * entries>` names them: `notes.txt`, `src/`, `src/main.c`, directories
 * ending in '/', no `./` prefix, and no member for the directory itself.
 * Parents come before their children, and names are sorted. A file with
 * several links is stored once and then as hard links to that first name,
 * as GNU tar does. Fifos and devices are left out (they mean nothing in
 * another sandbox). Owner and group are `user` (1000), the sandbox's one user.
 *
 * Memory: the archive is built in place. A first pass walks the tree and
 * encodes the headers; the plain archive is then allocated once at its final
 * size and each file's content is read straight into it. With gzip, content
 * goes through fflate's streaming Gzip in 64 KiB pieces, so only the
 * compressed output is held.
 */
import { Gzip } from 'fflate';
import { FileKind, type StatInfo } from './abi.js';
import { errnoFromCode, errnoName } from './errno.js';
import { FsError } from './errors.js';
import { BLOCK, encodeHeader, endOfArchive, padding, type TarEntryInput } from './tar-format.js';
import { isErr, type Vfs } from './vfs.js';

interface Member {
  header: Uint8Array;
  /** Set for a regular file whose content follows the header. */
  path?: string;
  size: number;
}

/** A mode changed so the walk could read; put back (mode, then times: memfs's chmod touches mtime). */
interface Restore {
  path: string;
  mode: number;
  atimeMs: number;
  mtimeMs: number;
}

const PIECE = 64 * 1024;
const USER = { uid: 1000, gid: 1000, uname: 'user', gname: 'user' };

export function exportTar(vfs: Vfs, root: string, options: { gzip?: boolean } = {}): Uint8Array {
  const st = vfs.stat(root);
  if (isErr(st)) throw new FsError(errnoName(st.errno), 'exportTar', root);
  if (st.kind !== FileKind.Dir) throw new FsError('ENOTDIR', 'exportTar', root, 'exportTar takes a directory');
  const restore: Restore[] = [];
  try {
    const members: Member[] = [];
    walk(vfs, root, '', members, new Map(), restore);
    return options.gzip ? gzipArchive(vfs, members) : plainArchive(vfs, members);
  } finally {
    for (const r of restore.reverse()) {
      vfs.chmod(r.path, r.mode);
      vfs.setTimes(r.path, r.atimeMs, r.mtimeMs, false);
    }
  }
}

function walk(vfs: Vfs, dir: string, prefix: string, out: Member[], links: Map<number, string>, restore: Restore[]): void {
  readable(vfs, dir, vfs.stat(dir, false), 0o500, restore);
  const entries = vfs.readdir(dir);
  if (isErr(entries)) throw new FsError(errnoName(entries.errno), 'scandir', dir);
  for (const { name } of entries) {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const member = `${prefix}${name}`;
    const st = vfs.stat(path, false);
    if (isErr(st)) throw new FsError(errnoName(st.errno), 'lstat', path);
    const base: TarEntryInput = { name: member, type: 'file', mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000), ...USER };
    if (st.kind === FileKind.Dir) {
      out.push({ header: encodeHeader({ ...base, name: `${member}/`, type: 'dir' }), size: 0 });
      walk(vfs, path, `${member}/`, out, links, restore);
    } else if (st.kind === FileKind.Symlink) {
      const target = vfs.readlink(path);
      if (isErr(target)) throw new FsError(errnoName(target.errno), 'readlink', path);
      out.push({ header: encodeHeader({ ...base, type: 'symlink', mode: 0o777, linkname: target }), size: 0 });
    } else if (st.kind === FileKind.File && st.nlink > 1 && links.has(st.ino)) {
      out.push({ header: encodeHeader({ ...base, type: 'hardlink', linkname: links.get(st.ino)! }), size: 0 });
    } else if (st.kind === FileKind.File) {
      if (st.nlink > 1) links.set(st.ino, member);
      readable(vfs, path, st, 0o400, restore);
      out.push({ header: encodeHeader({ ...base, size: st.size }), path, size: st.size });
    }
    // Anything else (a device) is left out, as GNU tar leaves out sockets.
  }
}

/** The host reads everything, as root would: lend the owner the bits the walk needs. */
function readable(vfs: Vfs, path: string, st: StatInfo | { errno: number }, bits: number, restore: Restore[]): void {
  if (isErr(st) || (st.mode & bits) === bits) return;
  restore.push({ path, mode: st.mode & 0o7777, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs });
  vfs.chmod(path, (st.mode & 0o7777) | bits);
}

function plainArchive(vfs: Vfs, members: Member[]): Uint8Array {
  let total = 2 * BLOCK;
  for (const m of members) total += m.header.length + m.size + padding(m.size).length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const m of members) {
    out.set(m.header, at);
    at += m.header.length;
    if (m.path !== undefined) readInto(vfs, m.path, out.subarray(at, at + m.size));
    at += m.size + padding(m.size).length;
  }
  return out; // the trailing zero blocks are already zero
}

function gzipArchive(vfs: Vfs, members: Member[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const gzip = new Gzip({ level: 6 }, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  const scratch = new Uint8Array(PIECE);
  for (const m of members) {
    gzip.push(m.header);
    if (m.path === undefined) continue;
    const fd = open(vfs, m.path);
    try {
      for (let pos = 0; pos < m.size; pos += PIECE) {
        const n = Math.min(PIECE, m.size - pos);
        readExactly(vfs, fd, m.path, scratch.subarray(0, n), pos);
        gzip.push(scratch.subarray(0, n));
      }
    } finally {
      vfs.volume.closeSync(fd);
    }
    gzip.push(padding(m.size));
  }
  gzip.push(endOfArchive(), true);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks.splice(0)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function open(vfs: Vfs, path: string): number {
  try {
    return vfs.volume.openSync(path, 'r');
  } catch (error) {
    throw new FsError(errnoName(errnoFromCode((error as { code?: unknown }).code)), 'open', path);
  }
}

function readInto(vfs: Vfs, path: string, target: Uint8Array): void {
  const fd = open(vfs, path);
  try {
    readExactly(vfs, fd, path, target, 0);
  } finally {
    vfs.volume.closeSync(fd);
  }
}

function readExactly(vfs: Vfs, fd: number, path: string, target: Uint8Array, position: number): void {
  let got = 0;
  while (got < target.length) {
    const n = vfs.volume.readSync(fd, target, got, target.length - got, position + got);
    // The tree cannot change under a synchronous walk; a short read means memfs disagrees with its stat.
    if (n <= 0) throw new FsError('EIO', 'read', path, 'the file is shorter than its size');
    got += n;
  }
}
