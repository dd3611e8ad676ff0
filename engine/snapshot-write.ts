/**
 * Writing a snapshot: one walk of the memfs volume plans every entry (its
 * header blocks and a view of its data), which gives the archive's exact
 * size; then one buffer of that size is filled. The archive is never held
 * twice, and the walk is synchronous, so the tree is copied as of one
 * instant even while processes run (they make syscalls on this thread).
 *
 * The walk reads memfs's inodes directly (memfs 4.x: `volume._core`, its
 * `Link` tree and `Node.buf`), not through `readFileSync`, which would copy
 * every file once more and bump its atime.
 */
import type { Volume } from 'memfs';
import { BLOCK, encodeHeader, planHeader, type HeaderPlan, type TarEntryInput } from './tar-format.js';
import { DEVICE_NAMES } from './kernel.js';
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from './vfs.js';
import { CHUNK_BYTES, MANIFEST_NAME, encodeManifest, hex, type ManifestFields } from './snapshot-manifest.js';

export type Superblock = Volume['_core'];
export type MemLink = Superblock['root'];
export type MemNode = ReturnType<MemLink['getNode']>;

interface Part {
  header: HeaderPlan;
  data: Uint8Array | null;
}

/** The kernel's device files: recreated by every kernel, so left out. */
const SKIPPED = new Set(DEVICE_NAMES.map((name) => `dev/${name}`));

/** The uncompressed archive: the manifest entry, then the tree; `fields` go into the manifest. */
export async function writeArchive(volume: Volume, fields: Omit<ManifestFields, 'contentBytes'>): Promise<Uint8Array<ArrayBuffer>> {
  const parts = planTree(volume._core);
  let contentBytes = 2 * BLOCK;
  for (const part of parts) contentBytes += part.header.length + (part.data ? padded(part.data.length) : 0);
  const manifest = encodeManifest({ ...fields, contentBytes });
  const manifestHeader = encodeHeader({ name: MANIFEST_NAME, type: 'file', mode: 0o644, size: manifest.bytes.length, mtime: Math.floor(Date.now() / 1000) });
  const bodyStart = manifestHeader.length + padded(manifest.bytes.length);

  const out = new Uint8Array(bodyStart + contentBytes);
  out.set(manifestHeader, 0);
  out.set(manifest.bytes, manifestHeader.length);
  const body = out.subarray(bodyStart);
  // Each chunk is hashed as soon as it is written, while the next ones are filled.
  const digests: Promise<ArrayBuffer>[] = [];
  const hashUpTo = (end: number) => {
    while ((digests.length + 1) * CHUNK_BYTES <= end) digests.push(crypto.subtle.digest('SHA-256', body.subarray(digests.length * CHUNK_BYTES, (digests.length + 1) * CHUNK_BYTES)));
  };
  // A new buffer is zeroed: padding and the end-of-archive blocks need no writing.
  let at = 0;
  for (const part of parts) {
    part.header.write(body, at, true);
    at += part.header.length;
    if (part.data) {
      body.set(part.data, at);
      at += padded(part.data.length);
    }
    hashUpTo(at);
  }
  hashUpTo(body.length);
  if (digests.length * CHUNK_BYTES < body.length || digests.length === 0) digests.push(crypto.subtle.digest('SHA-256', body.subarray(digests.length * CHUNK_BYTES)));

  const encoder = new TextEncoder();
  const hashes = await Promise.all(digests);
  hashes.forEach((digest, i) => out.set(encoder.encode(hex(digest)), manifestHeader.length + manifest.hashOffsets[i]!));
  return out;
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/**
 * Every entry of the tree, parents before children, names sorted: the root
 * as "./", directories with a trailing '/', no leading '/'. A file with
 * several names is stored once; its other names are hard-link entries to
 * the first name seen.
 */
function planTree(core: Superblock): Part[] {
  const parts: Part[] = [];
  const firstName = new Map<MemNode, string>();
  const visit = (link: MemLink, path: string): void => {
    const node = link.getNode();
    const mode = node.mode & 0o7777;
    const mtime = node.mtime.getTime() / 1000;
    const type = node.mode & S_IFMT;
    if (type === S_IFDIR) {
      parts.push({ header: planHeader({ name: path === '' ? './' : `${path}/`, type: 'dir', mode, mtime }), data: null });
      const names = [...link.children.keys()].filter((n) => n !== '.' && n !== '..').sort();
      for (const name of names) {
        const child = link.children.get(name);
        const childPath = path === '' ? name : `${path}/${name}`;
        if (child && !SKIPPED.has(childPath)) visit(child, childPath);
      }
      return;
    }
    if (node.nlink > 1) {
      const first = firstName.get(node);
      if (first !== undefined) {
        parts.push({ header: planHeader({ name: path, type: 'hardlink', linkname: first, mode, mtime }), data: null });
        return;
      }
      firstName.set(node, path);
    }
    let entry: TarEntryInput;
    let data: Uint8Array | null = null;
    if (type === S_IFREG) {
      const bytes = node.buf.subarray(0, node.getSize());
      entry = { name: path, type: 'file', mode, mtime, size: bytes.length };
      data = bytes;
    } else if (type === S_IFLNK) {
      entry = { name: path, type: 'symlink', linkname: node.symlink, mode: 0o777, mtime };
    } else {
      // memfs makes no devices, fifos or sockets; the kernel's devices are not inodes.
      return;
    }
    parts.push({ header: planHeader(entry), data });
  };
  visit(core.root, '');
  return parts;
}
