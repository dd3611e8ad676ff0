/**
 * Lays out directories and small files straight into memfs's inode tree
 * (memfs 4.x: `volume._core`, links and nodes, as snapshot-read.ts does),
 * walking from the root by name instead of resolving a path per call.
 *
 * It is for the fixed layout every fresh sandbox gets (kernel.ts: /bin with
 * ~90 program stubs, /tmp, /dev): through `mkdirSync` and `writeFileSync`
 * that was ~100 path resolutions, ~30 ms of not-yet-compiled memfs code on
 * a page's load path (bench/RESULTS.md, issue 7). Not for user paths: it
 * follows no symlinks and checks no permissions.
 */
import type { Volume } from 'memfs';
import type { MemLink, Superblock } from './snapshot-write.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

export class InodeWriter {
  private readonly core: Superblock;

  constructor(volume: Volume) {
    const core = (volume as unknown as { _core?: Superblock })._core;
    if (!core?.root) throw new Error('memfs layout changed: volume._core.root is missing (engine/inode-writer.ts)');
    this.core = core;
  }

  /** The directory at absolute `path`, made with `perm` (and its parents, 0777, as mkdir -p) where missing. */
  dir(path: string, perm = 0o777): MemLink {
    let link = this.core.root;
    const names = path.split('/').filter((n) => n !== '');
    names.forEach((name, i) => {
      const child = link.children.get(name);
      if (!child) {
        link = link.createChild(name, this.core.createNode(S_IFDIR | (i === names.length - 1 ? perm : 0o777)));
        return;
      }
      if ((child.getNode().mode & S_IFMT) !== S_IFDIR) throw new Error(`${path}: ${name} is not a directory`);
      link = child;
    });
    return link;
  }

  /** A regular file `name` in `dir` holding `text`, with `perm`; an existing file is overwritten. */
  file(dir: MemLink, name: string, text: string, perm: number): void {
    const existing = dir.children.get(name);
    let node = existing?.getNode();
    if (node && (node.mode & S_IFMT) !== S_IFREG) throw new Error(`${name}: exists and is not a regular file`);
    if (!node) node = dir.createChild(name, this.core.createNode(S_IFREG | perm)).getNode();
    else node.mode = S_IFREG | perm;
    (node as unknown as { setString(s: string): void }).setString(text);
  }
}
