/**
 * A copy-on-write clone of a memfs volume, for `sb.fork()`.
 *
 * Why not copy: copying a 100 MB, 10,000-file tree through memfs's API
 * (mkdir, writeFile, utimes for each entry) takes about 700 ms here, and
 * most of a fork's files are never written again. So the clone builds its
 * own names and inodes (memfs's `Link` and `Node`, STYLE.md 3) and lets each
 * regular file's inode point at the same byte buffer as the original's:
 * 4-15 ms for that tree (more when a garbage collection lands in it). Only
 * the bytes are shared; every name, mode, time, link count and directory is
 * the clone's own.
 *
 * The invariant: a buffer held by more than one inode is never written in
 * place. In memfs only two methods write into `Node.buf` in place:
 * `Node.write` (any write that fits the buffer's capacity) and
 * `Node.truncate` (growing within capacity zero-fills the tail, so even a
 * shrink-then-grow would reach bytes the other inode still shows). Every
 * other change (writeFile, O_TRUNC, truncate to 0, a write past capacity)
 * gives the inode a new buffer. So each sharing inode gets own `write` and
 * `truncate` methods that first give it a private copy of the bytes, and
 * then call memfs's. This holds for every path that reaches the inode: the
 * kernel's syscalls, sb.fs, and an fd a process opened before the fork (its
 * memfs File points at the original inode, which copies before it writes).
 *
 * `Share.holders` counts the inodes still pointing at the buffer. An inode
 * leaves when it copies, or when memfs has replaced its buffer; the last one
 * left keeps the buffer and writes in place. The count may stay too high (an
 * unlinked inode never says it left), which costs one needless copy, never a
 * shared write.
 *
 * This reaches into memfs's internals (`Volume._core`, `Superblock.root`,
 * `inodes`, `Link`, `Node`: @jsonjoy.com/fs-core 4.x). `cloneVolume` checks
 * their shape first and falls back to a plain copy through the public API
 * if they ever change, so a memfs upgrade makes fork slow, not wrong
 * (test/node/vfs-clone.test.ts checks that the fast path is taken).
 */
import { Volume } from 'memfs';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** The bytes of one file, pointed at by several inodes. */
interface Share {
  readonly buf: Uint8Array;
  holders: number;
}

const SHARE = Symbol('wasmbox.sharedBytes');

/** The fields of memfs's Node (fs-core/lib/Node.js) that a clone copies. */
interface MemNode {
  changes: unknown;
  ino: number;
  mode: number;
  _uid: number;
  _gid: number;
  _atime: Date;
  _mtime: Date;
  _ctime: Date;
  _btime: Date;
  buf: Uint8Array;
  capacity: number;
  size: number;
  rdev: number;
  _nlink: number;
  symlink?: string;
  write(buf: Uint8Array, off?: number, len?: number, pos?: number): number;
  truncate(len?: number): void;
  getBuffer(): Uint8Array;
  [SHARE]?: Share;
}

type NodeClass = new (ino: number, mode: number, uid: number, gid: number) => MemNode;

/** memfs's Link (fs-core/lib/Link.js): one name of a node. */
interface MemLink {
  changes: unknown;
  _steps: string[];
  vol: Superblock;
  parent: MemLink | undefined;
  name: string;
  node: MemNode;
  ino: number;
  length: number;
  children: Map<string, MemLink | undefined>;
  setNode(node: MemNode): void;
}

type LinkClass = new (vol: Superblock, parent: MemLink | undefined, name: string) => MemLink;

/** memfs's Superblock (fs-core/lib/Superblock.js): the volume's inode table and root. */
interface Superblock {
  ino: number;
  inodes: Record<number, MemNode>;
  releasedInos: number[];
  root: MemLink;
}

/** The own fields of a memfs Node and Link, in constructor order; clones set exactly these. */
const NODE_FIELDS = 'changes _uid _gid _atime _mtime _ctime _btime buf capacity size rdev _nlink mode ino';
const LINK_FIELDS = 'changes children _steps ino length vol parent name';

interface Internals {
  nodeProto: object;
  linkProto: object;
  FanOut: new () => unknown;
  /** memfs's EMPTY_BUFFER, which every new Node holds. */
  empty: Uint8Array;
}

function superblockOf(volume: Volume): Superblock | undefined {
  const core = (volume as unknown as { _core?: Superblock })._core;
  if (!core || typeof core !== 'object' || typeof core.ino !== 'number' || !Array.isArray(core.releasedInos)) return undefined;
  if (typeof core.inodes !== 'object' || core.inodes === null) return undefined;
  const root = core.root;
  if (!root || !(root.children instanceof Map) || !root.node || !Array.isArray(root._steps)) return undefined;
  return core;
}

/**
 * memfs's internals, if they are the shape this file was written against:
 * the same own fields on a new Node and Link (so a field added by a memfs
 * upgrade is never silently left uncopied) and the methods it guards.
 * Looked at once, on a volume of our own.
 */
function readInternals(): Internals | undefined {
  const core = superblockOf(new Volume());
  if (!core) return undefined;
  const NodeCtor = core.root.node.constructor as NodeClass;
  const LinkCtor = core.root.constructor as LinkClass;
  const node = new NodeCtor(0, S_IFREG | 0o644, 0, 0);
  const link = new LinkCtor(core, undefined, '');
  if (Object.keys(node).join(' ') !== NODE_FIELDS || Object.keys(link).join(' ') !== LINK_FIELDS) return undefined;
  const nodeProto = Object.getPrototypeOf(node) as Partial<MemNode>;
  if (typeof nodeProto.write !== 'function' || typeof nodeProto.truncate !== 'function' || typeof nodeProto.getBuffer !== 'function') return undefined;
  if (!(node.buf instanceof Uint8Array) || typeof (link as { setNode?: unknown }).setNode !== 'function') return undefined;
  const FanOut = (node as unknown as { changes: object }).changes.constructor as new () => unknown;
  return { nodeProto, linkProto: Object.getPrototypeOf(link) as object, FanOut, empty: node.buf };
}

/** Set once, when this module loads; read-only after. */
const MEMFS = readInternals();

/**
 * A memfs Node (its prototype is set to memfs's Node.prototype below, so
 * `instanceof` and every method work) with another node's fields. Not
 * `new Node()`: its constructor asks the host for the uid and gid and makes
 * four Dates, ~20 ms for 10,000 nodes. A constructor function, made once,
 * so V8 keeps the fields inside the object and the code optimized.
 */
function ClonedNode(this: MemNode, node: MemNode, changes: unknown, empty: Uint8Array): void {
  this.changes = changes;
  this._uid = node._uid;
  this._gid = node._gid;
  // memfs replaces these Date objects and never changes one in place, so they can be shared.
  this._atime = node._atime;
  this._mtime = node._mtime;
  this._ctime = node._ctime;
  this._btime = node._btime;
  this.buf = empty;
  this.capacity = 0;
  this.size = 0;
  this.rdev = node.rdev;
  this._nlink = node._nlink;
  this.mode = node.mode;
  this.ino = node.ino;
}

/** The same for memfs's Link. */
function ClonedLink(this: MemLink, vol: Superblock, parent: MemLink | undefined, from: MemLink, node: MemNode, children: Map<string, MemLink | undefined>, changes: unknown): void {
  this.changes = changes;
  this.children = children;
  // The same path array as the original's: memfs replaces a link's `steps`
  // (on rename) and never changes the array in place, so the two can share it.
  this._steps = from._steps;
  this.ino = node.ino;
  this.length = from.length;
  this.vol = vol;
  this.parent = parent;
  this.name = from.name;
  this.node = node;
}

if (MEMFS) {
  ClonedNode.prototype = MEMFS.nodeProto;
  ClonedLink.prototype = MEMFS.linkProto;
}

const NewNode = ClonedNode as unknown as new (node: MemNode, changes: unknown, empty: Uint8Array) => MemNode;
const NewLink = ClonedLink as unknown as new (
  vol: Superblock,
  parent: MemLink | undefined,
  from: MemLink,
  node: MemNode,
  children: Map<string, MemLink | undefined>,
  changes: unknown,
) => MemLink;

/**
 * The children of every cloned link that is not a directory. memfs adds
 * children only to directory links (Link.createChild and setChild check),
 * so one empty map can serve them all: 10,000 fewer Maps a fork. Should
 * memfs ever try to change it, that throws rather than give every file of
 * every clone the same child.
 */
class NoChildren extends Map<string, MemLink | undefined> {
  override set(): this {
    throw new Error('wasmbox: memfs tried to add a child to a link that is not a directory');
  }
  override delete(): boolean {
    return false;
  }
  override clear(): void {}
}
const NO_CHILDREN = new NoChildren();

/** True when `cloneVolume` can share bytes instead of copying them. */
export function canShareBytes(volume: Volume): boolean {
  const core = superblockOf(volume);
  return MEMFS !== undefined && core !== undefined && Object.getPrototypeOf(core.root.node) === MEMFS.nodeProto;
}

/** An independent copy of `source`: later changes to either never show in the other. */
export function cloneVolume(source: Volume): Volume {
  if (!MEMFS || !canShareBytes(source)) return copyVolume(source);
  const from = superblockOf(source)!;
  const volume = new Volume();
  const to = superblockOf(volume)!;
  new Cloner(from, to, MEMFS).run();
  return volume;
}

class Cloner {
  private readonly inodes: Record<number, MemNode> = {};
  /**
   * memfs gives each Node and Link its own `changes` event fan-out,
   * deprecated and listened to by nothing in memfs or here (watchers use the
   * volume's). The clone's nodes and links share one: 20,000 fewer objects a
   * fork, whose time is mostly garbage collection.
   */
  private readonly changes: unknown;
  private readonly empty: Uint8Array;

  constructor(
    private readonly from: Superblock,
    private readonly to: Superblock,
    memfs: Internals,
  ) {
    this.changes = new memfs.FanOut();
    this.empty = memfs.empty;
  }

  run(): void {
    const { from, to } = this;
    to.ino = from.ino;
    to.releasedInos = [...from.releasedInos];
    to.inodes = this.inodes;
    const root = new NewLink(to, undefined, from.root, this.node(from.root.node), new Map(), this.changes);
    root.children.set('.', root);
    root.children.set('..', root);
    this.children(from.root, root);
    to.root = root;
  }

  private node(node: MemNode): MemNode {
    // Hard links: a node reached again through another name is the clone's same node.
    const seen = this.inodes[node.ino];
    if (seen) return seen;
    const copy = new NewNode(node, this.changes, this.empty);
    if (node.symlink !== undefined) copy.symlink = node.symlink;
    if ((node.mode & S_IFMT) === S_IFREG && node.size > 0) shareBytes(node, copy);
    this.inodes[copy.ino] = copy;
    return copy;
  }

  private children(src: MemLink, dst: MemLink): void {
    for (const [name, child] of src.children) {
      if (name === '.' || name === '..' || child === undefined) continue;
      const isDir = (child.node.mode & S_IFMT) === S_IFDIR;
      const link = new NewLink(this.to, dst, child, this.node(child.node), isDir ? new Map() : NO_CHILDREN, this.changes);
      dst.children.set(name, link);
      if (isDir) {
        link.children.set('.', link);
        link.children.set('..', dst);
        this.children(child, link);
      }
    }
  }
}

/** Let `copy` show `node`'s bytes, each getting a private copy before its first write. */
function shareBytes(node: MemNode, copy: MemNode): void {
  let share = node[SHARE];
  if (share && share.buf !== node.buf) {
    // memfs gave `node` a new buffer since it was last shared: it has left that share.
    share.holders--;
    share = undefined;
  }
  if (!share) {
    share = { buf: node.buf, holders: 1 };
    node[SHARE] = share;
    guard(node);
  }
  share.holders++;
  copy.buf = node.buf;
  copy.capacity = node.capacity;
  copy.size = node.size;
  copy[SHARE] = share;
  guard(copy);
}

function guard(node: MemNode): void {
  if (node.write !== writeOwn) {
    node.write = writeOwn;
    node.truncate = truncateOwn;
  }
}

type Proto = { write: MemNode['write']; truncate: MemNode['truncate'] };

function writeOwn(this: MemNode, buf: Uint8Array, off?: number, len?: number, pos?: number): number {
  ownBytes(this, this.size);
  return (Object.getPrototypeOf(this) as Proto).write.call(this, buf, off, len, pos);
}

function truncateOwn(this: MemNode, len?: number): void {
  ownBytes(this, Math.max(0, Math.min(len ?? 0, this.size)));
  (Object.getPrototypeOf(this) as Proto).truncate.call(this, len);
}

/** Make sure `node` is the only inode pointing at its buffer, keeping its first `keep` bytes. */
function ownBytes(node: MemNode, keep: number): void {
  const share = node[SHARE];
  if (share === undefined) return;
  node[SHARE] = undefined;
  share.holders--;
  if (node.buf !== share.buf || share.holders === 0) return;
  if (keep === 0) {
    node.buf = node.buf.subarray(0, 0);
    node.capacity = 0;
    node.size = 0;
    return;
  }
  // getBuffer() copies the first `size` bytes into memfs's own Buffer type; it also stamps atime.
  const size = node.size;
  const atime = node._atime;
  node.size = keep;
  const bytes = node.getBuffer();
  node.size = size;
  node._atime = atime;
  node.buf = bytes;
  node.capacity = bytes.byteLength;
}

/**
 * The slow, always-correct copy through memfs's public API, used only if
 * its internals are not as expected.
 */
export function copyVolume(source: Volume): Volume {
  const volume = new Volume();
  const copyMeta = (path: string, st: { mode: number | bigint; uid: number | bigint; gid: number | bigint; atime: Date; mtime: Date }, isLink: boolean) => {
    if (!isLink) volume.chmodSync(path, Number(st.mode) & 0o7777);
    volume.lchownSync(path, Number(st.uid), Number(st.gid));
    volume.lutimesSync(path, st.atime, st.mtime);
  };
  const inodes = new Map<number, string>();
  const walk = (dir: string) => {
    for (const name of source.readdirSync(dir) as string[]) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const st = source.lstatSync(path);
      const mode = Number(st.mode);
      const type = mode & S_IFMT;
      if (type === S_IFDIR) {
        volume.mkdirSync(path);
        walk(path);
      } else if (type === S_IFLNK) {
        volume.symlinkSync(String(source.readlinkSync(path)), path);
      } else {
        const ino = Number(st.ino);
        const first = Number(st.nlink) > 1 ? inodes.get(ino) : undefined;
        if (first !== undefined) {
          volume.linkSync(first, path);
          continue;
        }
        if (Number(st.nlink) > 1) inodes.set(ino, path);
        volume.writeFileSync(path, source.readFileSync(path) as Uint8Array);
      }
      copyMeta(path, st, type === S_IFLNK);
    }
  };
  walk('/');
  const rootStat = source.statSync('/');
  copyMeta('/', rootStat, false);
  return volume;
}
