/**
 * Reading a snapshot into a new memfs volume. Nothing outside this module
 * sees the volume until every entry parsed, every name was safe and the
 * content hash matched: a restore is all or nothing. Every problem is an
 * InvalidSnapshotError that names it (or LimitExceededError for a snapshot
 * bigger than limits.fsBytes).
 *
 * The tree is built with memfs's inode calls (memfs 4.x: `Link.createChild`,
 * `Superblock.createNode`), never by path, so no entry is ever written
 * through a symlink: a name whose parent is not a directory is refused.
 */
import { Volume } from 'memfs';
import { Gunzip } from 'fflate';
import { crc32 } from './crc32.js';
import { InvalidSnapshotError, LimitExceededError } from './errors.js';
import { BLOCK, TarFormatError, TarParser, type TarEntry, type TarEvent } from './tar-format.js';
import { S_IFDIR, S_IFLNK, S_IFREG } from './vfs.js';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, decodeManifest, hex, type Manifest } from './snapshot-manifest.js';
import type { MemLink, MemNode, Superblock } from './snapshot-write.js';

export interface RestoredTree {
  volume: Volume;
  manifest: Manifest;
}

export interface ReadLimits {
  /** Bytes of regular-file content the restored tree may hold (limits.fsBytes). */
  fsBytes: number;
}

/** Parse, check and build; throws before anything is returned. */
export async function readSnapshot(input: unknown, limits: ReadLimits): Promise<RestoredTree> {
  if (!(input instanceof Uint8Array)) throw new InvalidSnapshotError(`a snapshot is a Uint8Array, got ${input === null ? 'null' : typeof input}`);
  if (input.length === 0) throw new InvalidSnapshotError('the snapshot is empty (0 bytes)');
  const gzip = isGzip(input);
  const tar = gzip ? gunzip(input, archiveCap(limits)) : input;
  if (!isUstar(tar)) {
    throw new InvalidSnapshotError('not a snapshot: the bytes are neither a gzip stream (magic 1f 8b) nor a tar archive ("ustar" at byte 257)');
  }
  try {
    return await build(tar, limits, gzip);
  } catch (error) {
    if (error instanceof TarFormatError) throw new InvalidSnapshotError(describeTarProblem(error), { cause: error });
    throw error;
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isUstar(bytes: Uint8Array): boolean {
  if (bytes.length < BLOCK) return false;
  const magic = 'ustar';
  for (let i = 0; i < magic.length; i++) if (bytes[257 + i] !== magic.charCodeAt(i)) return false;
  return true;
}

/** A tree that fits fsBytes cannot need an archive much bigger: content plus headers. */
function archiveCap(limits: ReadLimits): number {
  return Math.min(2 * limits.fsBytes + 64 * 1024 * 1024, 2 ** 32 - 1);
}

/**
 * Decompress into one buffer sized by the gzip trailer (ISIZE, RFC 1952
 * 2.3.1), refused at once if over `cap`: a decompression bomb is stopped
 * before it inflates, and a stream longer than its trailer says is corrupt.
 * The trailer's CRC-32 is checked too (fflate does not): a damaged deflate
 * stream can still inflate to the right length, and without the check the
 * damage would surface later as a puzzling tar error.
 */
function gunzip(input: Uint8Array, cap: number): Uint8Array {
  if (input.length < 18) throw new InvalidSnapshotError('the gzip stream is truncated (shorter than a gzip header and trailer)');
  const isize = (input[input.length - 4] | (input[input.length - 3] << 8) | (input[input.length - 2] << 16) | (input[input.length - 1] << 24)) >>> 0;
  if (isize > cap) {
    throw new LimitExceededError('fsBytes', `the snapshot decompresses to ${isize} bytes, more than a sandbox with this fsBytes limit can hold (at most ${cap} bytes of archive)`);
  }
  const out = new Uint8Array(isize);
  let got = 0;
  let crc = 0;
  let overflow = false;
  const stream = new Gunzip((chunk) => {
    if (overflow || got + chunk.length > isize) {
      overflow = true;
      return;
    }
    out.set(chunk, got);
    got += chunk.length;
    crc = crc32(chunk, crc); // while the chunk is in cache
  });
  const STEP = 1 << 20;
  try {
    for (let at = 0; at < input.length && !overflow; at += STEP) stream.push(input.subarray(at, at + STEP), at + STEP >= input.length);
  } catch (error) {
    throw new InvalidSnapshotError(`the gzip stream is corrupt or truncated (${(error as Error).message})`, { cause: error });
  }
  if (overflow) throw new InvalidSnapshotError(`the gzip stream holds more than the ${isize} bytes its trailer declares: corrupt or not one gzip member`);
  if (got !== isize) throw new InvalidSnapshotError(`the gzip stream is truncated or corrupt: ${got} bytes decompressed, its trailer declares ${isize}`);
  const declared = (input[input.length - 8] | (input[input.length - 7] << 8) | (input[input.length - 6] << 16) | (input[input.length - 5] << 24)) >>> 0;
  if (crc !== declared) throw new InvalidSnapshotError('the gzip stream is corrupt: the CRC-32 of its data does not match its trailer');
  return out;
}

function describeTarProblem(error: TarFormatError): string {
  switch (error.problem) {
    case 'checksum':
      return 'bad tar header checksum: a header block is corrupt';
    case 'truncated':
    case 'not-tar':
      return 'the archive is truncated: it ends inside an entry';
    case 'size':
      return 'a tar header has an invalid size field';
    case 'pax':
      return 'a pax extended header is malformed';
  }
}

/** `ours`: the bytes are this module's own (inflated here), not the caller's, so files may keep views of them. */
async function build(tar: Uint8Array, limits: ReadLimits, ours: boolean): Promise<RestoredTree> {
  const parser = new TarParser();
  const first = parser.push(tar.subarray(0, BLOCK));
  const head = first.find((e) => e.kind === 'entry');
  if (!head || head.kind !== 'entry' || head.entry.name !== MANIFEST_NAME || head.entry.type !== 'file') {
    throw new InvalidSnapshotError(hasManifestLater(tar) ? `the manifest (${MANIFEST_NAME}) is not the first entry` : `not a wasmbox snapshot: the archive has no manifest (${MANIFEST_NAME}) as its first entry`);
  }
  const manifestSize = head.entry.size;
  if (manifestSize > MAX_MANIFEST_BYTES) throw new InvalidSnapshotError(`the manifest declares ${manifestSize} bytes (at most ${MAX_MANIFEST_BYTES})`);
  const bodyStart = BLOCK + Math.ceil(manifestSize / BLOCK) * BLOCK;
  if (bodyStart > tar.length) throw new InvalidSnapshotError('the archive is truncated: it ends inside the manifest');
  const manifestEvents = parser.push(tar.subarray(BLOCK, bodyStart));
  const manifest = decodeManifest(joinData(manifestEvents));

  // Hash while parsing: Web Crypto digests the chunks off the main thread, in parallel.
  // Files keep views of one private copy of the content (see FileBytes), not a copy each.
  const body = ours ? tar.subarray(bodyStart) : tar.slice(bodyStart);
  const digests = body.length === manifest.contentBytes ? hashChunks(body, manifest.chunkBytes) : [];
  const volume = new Volume();
  const tree = new TreeBuilder(volume._core, limits, new FileBytes(body, volume._core));
  let current: { entry: TarEntry; parts: Uint8Array[] } | null = null;
  for (const event of parser.push(body)) {
    if (event.kind === 'entry') {
      if (event.entry.size > body.length) {
        throw new InvalidSnapshotError(`entry ${JSON.stringify(event.entry.name)} declares ${event.entry.size} bytes, more than the archive holds (truncated, or a corrupt size field)`);
      }
      current = { entry: event.entry, parts: [] };
    }
    else if (event.kind === 'data') current!.parts.push(event.bytes);
    else {
      tree.add(current!.entry, current!.parts);
      current = null;
    }
  }
  if (!parser.done) {
    parser.end();
    throw new InvalidSnapshotError('the archive is truncated: the end-of-archive marker is missing');
  }
  if (body.length !== manifest.contentBytes) {
    throw new InvalidSnapshotError(`the content is ${body.length} bytes, the manifest says ${manifest.contentBytes} (truncated, or bytes added after the end of the archive)`);
  }
  const actual = (await Promise.all(digests)).map(hex);
  const bad = actual.findIndex((h, i) => h !== manifest.contentSha256[i]);
  if (bad >= 0) {
    const from = bad * manifest.chunkBytes;
    const to = Math.min(from + manifest.chunkBytes, body.length);
    throw new InvalidSnapshotError(
      `content hash mismatch in content bytes ${from}-${to - 1} (chunk ${bad + 1} of ${actual.length}): the manifest says SHA-256 ${manifest.contentSha256[bad]}, the bytes hash to ${actual[bad]} (corrupt or altered)`,
    );
  }
  tree.finish();
  return { volume, manifest };
}

/** One SHA-256 per chunk, started now; rejections are observed by the caller's Promise.all, or ignored if parsing fails first. */
function hashChunks(body: Uint8Array, chunkBytes: number): Promise<ArrayBuffer>[] {
  // Web Crypto takes no views of a SharedArrayBuffer.
  const bytes = body.buffer instanceof ArrayBuffer ? (body as Uint8Array<ArrayBuffer>) : body.slice();
  const digests: Promise<ArrayBuffer>[] = [];
  for (let at = 0; at < bytes.length || digests.length === 0; at += chunkBytes) {
    const digest = crypto.subtle.digest('SHA-256', bytes.subarray(at, at + chunkBytes));
    digest.catch(() => {});
    digests.push(digest);
  }
  return digests;
}

function joinData(events: TarEvent[]): Uint8Array {
  const parts = events.flatMap((e) => (e.kind === 'data' ? [e.bytes] : []));
  return parts.length === 1 ? parts[0] : concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Only to word the error: is there a manifest somewhere after the first entry? */
function hasManifestLater(tar: Uint8Array): boolean {
  try {
    const parser = new TarParser();
    return parser.push(tar).some((e) => e.kind === 'entry' && e.entry.name === MANIFEST_NAME);
  } catch {
    return false;
  }
}

/**
 * Gives each restored file its bytes as a view of the content, which is a
 * private copy (or inflated here): one 100 MB copy instead of 10,000
 * allocations and copies, which cost more than the rest of a restore. The
 * views never overlap and each has capacity = size, so a write in place
 * stays inside its own file and a growing write moves the file to a new
 * buffer (memfs Node.write). The cost: the content's memory is held while
 * any restored file still points into it.
 *
 * Sets memfs Node's `buf`, `capacity` and `size` (fs-core 4.x, as
 * Node._setBuf does); falls back to Node.setBuffer, which copies, if those
 * fields are not there.
 */
class FileBytes {
  private readonly view: ((bytes: Uint8Array) => Uint8Array) | null;

  constructor(
    private readonly content: Uint8Array,
    core: Superblock,
  ) {
    // memfs keeps a Buffer (Node's, or the browser polyfill's) in each node; make views of the same class.
    const sample = core.root.getNode() as unknown as { buf?: unknown; capacity?: unknown; size?: unknown };
    const BufferClass = (sample.buf as { constructor?: { from?: unknown } } | undefined)?.constructor;
    const from = BufferClass?.from;
    this.view =
      typeof from === 'function' && typeof sample.capacity === 'number' && typeof sample.size === 'number'
        ? (bytes) => from.call(BufferClass, bytes.buffer, bytes.byteOffset, bytes.length) as Uint8Array
        : null;
  }

  give(node: MemNode, parts: Uint8Array[]): void {
    const data = parts.length === 1 ? parts[0] : concat(parts);
    const inContent = parts.length === 1 && data.buffer === this.content.buffer;
    if (!this.view || !inContent) {
      (node as unknown as { setBuffer(b: Uint8Array): void }).setBuffer(data);
      return;
    }
    const fields = node as unknown as { buf: Uint8Array; capacity: number; size: number };
    fields.buf = this.view(data);
    fields.capacity = data.length;
    fields.size = data.length;
  }
}

/** Adds entries to a fresh volume, refusing anything a snapshot cannot hold. */
class TreeBuilder {
  private readonly dirs = new Map<string, MemLink>();
  /** Directory mtimes are set last: adding a child touches its parent. */
  private readonly dirTimes: [MemNode, number][] = [];
  private contentBytes = 0;

  constructor(
    private readonly core: Superblock,
    private readonly limits: ReadLimits,
    private readonly bytes: FileBytes,
  ) {
    this.dirs.set('', core.root);
  }

  add(entry: TarEntry, parts: Uint8Array[]): void {
    const path = entryPath(entry.name);
    const mtime = new Date(Math.round(entry.mtime * 1000));
    if (entry.type === 'dir') {
      const existing = this.dirs.get(path);
      const link = existing ?? this.create(path, this.core.createNode(S_IFDIR | (entry.mode & 0o7777)));
      if (existing) link.getNode().mode = S_IFDIR | (entry.mode & 0o7777);
      else this.dirs.set(path, link);
      this.dirTimes.push([link.getNode(), mtime.getTime()]);
      return;
    }
    if (path === '') throw new InvalidSnapshotError(`entry ${JSON.stringify(entry.name)} names the root but is not a directory`);
    let node: MemNode;
    switch (entry.type) {
      case 'file': {
        this.contentBytes += entry.size;
        if (this.contentBytes > this.limits.fsBytes) {
          throw new LimitExceededError('fsBytes', `the snapshot holds more than ${this.limits.fsBytes} bytes of file content (limit fsBytes)`);
        }
        node = this.core.createNode(S_IFREG | (entry.mode & 0o7777));
        if (entry.size > 0) this.bytes.give(node, parts);
        break;
      }
      case 'symlink':
        if (entry.linkname === '') throw new InvalidSnapshotError(`symlink ${JSON.stringify(entry.name)} has an empty target`);
        node = this.core.createNode(S_IFLNK | 0o777);
        node.makeSymlink(entry.linkname);
        break;
      case 'hardlink': {
        const target = this.lookup(entryPath(entry.linkname));
        if (!target || target.getNode().isDirectory()) {
          throw new InvalidSnapshotError(`hard link ${JSON.stringify(entry.name)} points to ${JSON.stringify(entry.linkname)}, which is not an earlier file of the archive`);
        }
        node = target.getNode();
        node.nlink++;
        this.create(path, node);
        return;
      }
      default:
        throw new InvalidSnapshotError(`entry ${JSON.stringify(entry.name)} is a ${entry.type} entry, which a snapshot cannot hold`);
    }
    node.atime = mtime;
    node.mtime = mtime;
    this.create(path, node);
  }

  /** Set directory times, now that every child is in place. */
  finish(): void {
    for (const [node, ms] of this.dirTimes) {
      node.atime = new Date(ms);
      node.mtime = new Date(ms);
    }
  }

  private create(path: string, node: MemNode): MemLink {
    const slash = path.lastIndexOf('/');
    const parent = this.parentDir(slash < 0 ? '' : path.slice(0, slash), path);
    const name = path.slice(slash + 1);
    if (parent.children.has(name)) throw new InvalidSnapshotError(`entry ${JSON.stringify(path)} appears twice`);
    return parent.createChild(name, node);
  }

  /** The directory an entry goes in; a missing one is made (mode 0755), a non-directory is refused. */
  private parentDir(path: string, forEntry: string): MemLink {
    const known = this.dirs.get(path);
    if (known) return known;
    const slash = path.lastIndexOf('/');
    const parent = this.parentDir(slash < 0 ? '' : path.slice(0, slash), forEntry);
    const name = path.slice(slash + 1);
    if (parent.children.has(name)) {
      throw new InvalidSnapshotError(`entry ${JSON.stringify(forEntry)} would be written under ${JSON.stringify(path)}, which is not a directory`);
    }
    const link = parent.createChild(name, this.core.createNode(S_IFDIR | 0o755));
    this.dirs.set(path, link);
    return link;
  }

  private lookup(path: string): MemLink | undefined {
    let link: MemLink | undefined = this.core.root;
    if (path === '') return link;
    for (const name of path.split('/')) {
      if (!link || !link.getNode().isDirectory()) return undefined;
      link = link.children.get(name);
    }
    return link;
  }
}

/**
 * The entry's path relative to the root ('' for the root itself): no
 * absolute names, no '..' components, '.' and empty components dropped.
 */
function entryPath(name: string): string {
  if (name.startsWith('/')) throw new InvalidSnapshotError(`entry ${JSON.stringify(name)} has an absolute name`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new InvalidSnapshotError(`entry ${JSON.stringify(name)} has a '..' component, which would leave the tree`);
  return parts.join('/');
}
