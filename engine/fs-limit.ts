/**
 * `limits.fsBytes`: the bytes of regular-file content the volume may hold.
 *
 * Content grows only through a few doors (an open file's write and
 * truncate, sb.fs.writeFile, importTar), and each asks `reserve` first. The
 * running count is an estimate that can only err high between recounts:
 * growth is added as it is granted, while shrinking (unlink, truncate,
 * rename over a file) is not tracked, so the count is recomputed exactly,
 * by summing the sizes of the files in the tree, whenever a reservation
 * would not fit. A write is thus refused only on an exact count, and a full
 * recount costs O(inodes) only near the limit.
 */
import type { Volume } from 'memfs';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/** The part of memfs's Superblock this reads (memfs 4.x): the tree of links from `volume._core.root`. */
interface MemfsLink {
  children: Map<string, MemfsLink>;
  getNode(): { mode: number; size: number };
}
interface MemfsCore {
  _core?: { root?: MemfsLink };
}

export class FsSpace {
  /** Bytes allowed; Infinity until the kernel sets `limits.fsBytes`. */
  limit = Infinity;
  private estimate: number | null = null;

  constructor(private readonly volume: Volume) {}

  /**
   * Exact bytes of regular-file content reachable by a name now, each inode
   * once (hard links share one). It walks the names rather than memfs's inode
   * table because memfs's rm and rmdir never free an inode.
   */
  used(): number {
    const root = (this.volume as unknown as MemfsCore)._core?.root;
    if (!root) throw new Error('memfs layout changed: volume._core.root is missing (engine/fs-limit.ts)');
    const seen = new Set<object>();
    let total = 0;
    const stack = [root];
    while (stack.length > 0) {
      const link = stack.pop()!;
      for (const [name, child] of link.children) {
        if (name === '.' || name === '..') continue;
        const node = child.getNode();
        const type = node.mode & S_IFMT;
        if (type === S_IFDIR) stack.push(child);
        else if (type === S_IFREG && !seen.has(node)) {
          seen.add(node);
          total += node.size;
        }
      }
    }
    this.estimate = total;
    return total;
  }

  /** Bytes still free on an exact count. */
  available(): number {
    return Math.max(0, this.limit - this.used());
  }

  /** Forget the running count: call after writing into the volume without `reserve` (a restore). */
  invalidate(): void {
    this.estimate = null;
  }

  /** May the content grow by `growth` bytes? Counts them as used when it may. */
  reserve(growth: number): boolean {
    if (growth <= 0 || this.limit === Infinity) return true;
    if (this.estimate === null || this.estimate + growth > this.limit) this.used();
    if (this.estimate! + growth > this.limit) return false;
    this.estimate! += growth;
    return true;
  }
}
