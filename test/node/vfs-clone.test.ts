/**
 * engine/vfs-clone.ts: a clone of a memfs volume shares file bytes with the
 * original, yet no change to either ever shows in the other, whichever
 * memfs call makes it (write, append, truncate, an fd opened before the
 * clone, rename, unlink, chmod, utimes, links), and a random sequence of
 * operations applied to both matches a model of each.
 */
import { describe, expect, it } from 'vitest';
import { Volume } from 'memfs';
import { canShareBytes, cloneVolume, copyVolume } from '../../engine/vfs-clone.js';

const enc = new TextEncoder();
const text = (v: Volume, p: string) => String(v.readFileSync(p, 'utf8'));

/** Every entry's type, mode, times, link count, inode and content, by path. */
function describeTree(v: Volume, dir = '/', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const name of (v.readdirSync(dir) as string[]).sort()) {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const st = v.lstatSync(path);
    // Not atime: reading a file or looking up a name sets it (memfs).
    const entry: Record<string, unknown> = { mode: st.mode, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, nlink: st.nlink, ino: st.ino, uid: st.uid, gid: st.gid };
    if (st.isSymbolicLink()) entry.target = v.readlinkSync(path);
    else if (st.isFile()) entry.content = text(v, path);
    out[path] = entry;
    if (st.isDirectory()) describeTree(v, path, out);
  }
  return out;
}

function sampleVolume(): Volume {
  const v = new Volume();
  v.mkdirSync('/home/user/src', { recursive: true });
  v.mkdirSync('/empty/dir', { recursive: true });
  v.writeFileSync('/home/user/a.txt', 'alpha\n');
  v.writeFileSync('/home/user/src/main.c', 'int main() { return 0; }\n');
  v.writeFileSync('/home/user/empty', '');
  v.writeFileSync('/home/user/name with spaces ünï', 'x'.repeat(5000));
  v.chmodSync('/home/user/src/main.c', 0o751);
  v.symlinkSync('a.txt', '/home/user/link');
  v.symlinkSync('/nowhere', '/home/user/dangling');
  v.linkSync('/home/user/a.txt', '/home/user/src/hard');
  v.utimesSync('/home/user/a.txt', 1_000_000, 2_000_000);
  v.chmodSync('/empty', 0o700);
  return v;
}

describe('cloneVolume', () => {
  it('takes the byte-sharing path with the memfs this project uses', () => {
    expect(canShareBytes(new Volume())).toBe(true);
  });

  it('copies every entry: type, mode, times, link counts, inode numbers, content', () => {
    const v = sampleVolume();
    const before = describeTree(v);
    const atime = v.lstatSync('/home/user/a.txt').atimeMs;
    const c = cloneVolume(v);
    expect(c.lstatSync('/home/user/a.txt').atimeMs).toBe(atime);
    expect(describeTree(c)).toEqual(before);
    expect(describeTree(v)).toEqual(before);
    expect(c.statSync('/').mode).toBe(v.statSync('/').mode);
    expect(c.statSync('/home/user/src/hard').ino).toBe(c.statSync('/home/user/a.txt').ino);
    expect(c.statSync('/home/user/a.txt').nlink).toBe(2);
  });

  it('the plain-copy fallback copies the same tree (inode numbers aside)', () => {
    const v = sampleVolume();
    const strip = (t: Record<string, unknown>) => Object.fromEntries(Object.entries(t).map(([k, e]) => [k, { ...(e as object), ino: 0, ctimeMs: 0 }]));
    const c = copyVolume(v);
    expect(strip(describeTree(c))).toEqual(strip(describeTree(v)));
    expect(c.statSync('/home/user/src/hard').ino).toBe(c.statSync('/home/user/a.txt').ino);
  });

  it('falls back to the plain copy for a volume whose internals it does not know', () => {
    const v = sampleVolume();
    const root = (v as unknown as { _core: { root: { node: object } } })._core.root;
    Object.setPrototypeOf(root.node, Object.create(Object.getPrototypeOf(root.node) as object));
    expect(canShareBytes(v)).toBe(false);
    const c = cloneVolume(v);
    c.appendFileSync('/home/user/a.txt', 'c');
    expect(text(c, '/home/user/a.txt')).toBe('alpha\nc');
    expect(text(v, '/home/user/a.txt')).toBe('alpha\n');
    expect(c.statSync('/home/user/src/hard').ino).toBe(c.statSync('/home/user/a.txt').ino);
  });

  it('new files in the clone get inode numbers the original has not used', () => {
    const v = sampleVolume();
    const c = cloneVolume(v);
    c.writeFileSync('/new', 'n');
    const used = new Set(Object.values(describeTree(v)).map((e) => (e as { ino: number }).ino));
    expect(used.has(Number(c.statSync('/new').ino))).toBe(false);
  });

  // Each change is made on one side and must not show on the other; both directions.
  const changes: [string, (v: Volume) => void][] = [
    ['writeFile', (v) => v.writeFileSync('/home/user/a.txt', 'replaced')],
    ['appendFile', (v) => v.appendFileSync('/home/user/a.txt', 'more')],
    ['write in place through an fd', (v) => { const fd = v.openSync('/home/user/a.txt', 'r+'); v.writeSync(fd, enc.encode('ALP'), 0, 3, 0); v.closeSync(fd); }],
    ['write past the end through an fd', (v) => { const fd = v.openSync('/home/user/a.txt', 'r+'); v.writeSync(fd, enc.encode('!'), 0, 1, 20); v.closeSync(fd); }],
    ['truncate shorter', (v) => v.truncateSync('/home/user/a.txt', 2)],
    ['truncate shorter then longer (zero fill)', (v) => { v.truncateSync('/home/user/a.txt', 2); v.truncateSync('/home/user/a.txt', 6); }],
    ['ftruncate', (v) => { const fd = v.openSync('/home/user/a.txt', 'r+'); v.ftruncateSync(fd, 1); v.closeSync(fd); }],
    ['open with O_TRUNC', (v) => v.closeSync(v.openSync('/home/user/a.txt', 'w'))],
    ['write through a hard link', (v) => v.appendFileSync('/home/user/src/hard', 'via hard link')],
    ['rename', (v) => v.renameSync('/home/user/a.txt', '/home/user/b.txt')],
    ['rename a directory', (v) => v.renameSync('/home/user/src', '/home/user/lib')],
    ['unlink', (v) => v.unlinkSync('/home/user/a.txt')],
    ['rmdir', (v) => v.rmdirSync('/empty/dir')],
    ['mkdir', (v) => v.mkdirSync('/home/user/new')],
    ['chmod', (v) => v.chmodSync('/home/user/a.txt', 0o600)],
    ['utimes', (v) => v.utimesSync('/home/user/a.txt', 5, 6)],
    ['symlink', (v) => v.symlinkSync('src', '/home/user/s2')],
    ['link', (v) => v.linkSync('/home/user/src/main.c', '/home/user/m2')],
    ['writing through a symlink', (v) => v.appendFileSync('/home/user/link', 'via symlink')],
    ['copyFile over', (v) => v.copyFileSync('/home/user/src/main.c', '/home/user/a.txt')],
  ];
  for (const [name, change] of changes) {
    it(`${name} in the clone does not show in the original`, () => {
      const v = sampleVolume();
      const before = describeTree(v);
      const c = cloneVolume(v);
      change(c);
      expect(describeTree(v)).toEqual(before);
    });
    it(`${name} in the original does not show in the clone`, () => {
      const v = sampleVolume();
      const before = describeTree(v);
      const c = cloneVolume(v);
      change(v);
      expect(describeTree(c)).toEqual(before);
    });
  }

  it('an fd opened before the clone keeps writing to the original file only', () => {
    const v = sampleVolume();
    const fd = v.openSync('/home/user/a.txt', 'r+');
    const c = cloneVolume(v);
    v.writeSync(fd, enc.encode('after\n'), 0, 6, 6);
    v.ftruncateSync(fd, 3);
    v.writeSync(fd, enc.encode('X'), 0, 1, 1);
    v.closeSync(fd);
    expect(text(v, '/home/user/a.txt')).toBe('aXp');
    expect(text(c, '/home/user/a.txt')).toBe('alpha\n');
  });

  it('hard links stay one file in each volume, and separate between them', () => {
    const v = sampleVolume();
    const c = cloneVolume(v);
    c.appendFileSync('/home/user/a.txt', 'c');
    v.appendFileSync('/home/user/src/hard', 'v');
    expect(text(c, '/home/user/src/hard')).toBe('alpha\nc');
    expect(text(v, '/home/user/a.txt')).toBe('alpha\nv');
    c.unlinkSync('/home/user/a.txt');
    expect(c.statSync('/home/user/src/hard').nlink).toBe(1);
    expect(v.statSync('/home/user/src/hard').nlink).toBe(2);
  });

  it('clones of clones and several clones of one volume stay independent', () => {
    const v = sampleVolume();
    const a = cloneVolume(v);
    const b = cloneVolume(v);
    const aa = cloneVolume(a);
    const all = [v, a, b, aa];
    all.forEach((vol, i) => vol.appendFileSync('/home/user/a.txt', `${i}`));
    all.forEach((vol, i) => expect(text(vol, '/home/user/a.txt')).toBe(`alpha\n${i}`));
    // Written again after each has its own copy, and cloned again after that.
    const bb = cloneVolume(b);
    b.writeSync(b.openSync('/home/user/a.txt', 'r+'), enc.encode('B'), 0, 1, 0);
    expect(text(bb, '/home/user/a.txt')).toBe('alpha\n2');
    expect(text(b, '/home/user/a.txt')).toBe('Blpha\n2');
  });

  it('survives memfs giving a shared inode a new buffer behind its back', () => {
    const v = sampleVolume();
    const c = cloneVolume(v);
    v.writeFileSync('/home/user/a.txt', 'new content, new buffer');
    const d = cloneVolume(v); // v's inode leaves its old share and starts a new one
    c.appendFileSync('/home/user/a.txt', '+c');
    d.appendFileSync('/home/user/a.txt', '+d');
    v.appendFileSync('/home/user/a.txt', '+v');
    expect(text(v, '/home/user/a.txt')).toBe('new content, new buffer+v');
    expect(text(c, '/home/user/a.txt')).toBe('alpha\n+c');
    expect(text(d, '/home/user/a.txt')).toBe('new content, new buffer+d');
  });

  it('property: random operations on both sides match a model of each', () => {
    for (let seed = 1; seed <= 30; seed++) randomRun(seed);
  });

  it('clones a 100 MB, 10,000-file tree quickly (figure printed)', () => {
    const v = new Volume();
    const chunk = new Uint8Array(10_486).fill(97);
    for (let d = 0; d < 100; d++) {
      v.mkdirSync(`/w/d${d}`, { recursive: true });
      for (let f = 0; f < 100; f++) v.writeFileSync(`/w/d${d}/f${f}`, chunk);
    }
    const times: number[] = [];
    let c = v;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      c = cloneVolume(v);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`cloneVolume, 100 MB in 10,000 files: median ${times[2]!.toFixed(1)} ms, max ${times[4]!.toFixed(1)} ms`);
    // The figure asked for is 50 ms; a loaded CI machine gets slack here, the bench keeps the figure.
    expect(times[2]).toBeLessThan(250);
    c.appendFileSync('/w/d5/f5', 'x');
    expect(v.statSync('/w/d5/f5').size).toBe(10_486);
  });
});

/** mulberry32, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A file tree as a model: path → content for files, null for directories. */
type Model = Map<string, string | null>;

function modelOf(v: Volume): Model {
  const m: Model = new Map();
  const walk = (dir: string) => {
    for (const name of v.readdirSync(dir) as string[]) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (v.lstatSync(path).isDirectory()) {
        m.set(path, null);
        walk(path);
      } else m.set(path, text(v, path));
    }
  };
  walk('/');
  return m;
}

/** Apply one random operation to the volume and the same to its model. */
function step(v: Volume, m: Model, rand: () => number, tag: string): void {
  const files = [...m].filter(([, c]) => c !== null).map(([p]) => p);
  const dirs = ['/', ...[...m].filter(([, c]) => c === null).map(([p]) => p)];
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const join = (d: string, n: string) => (d === '/' ? `/${n}` : `${d}/${n}`);
  const op = Math.floor(rand() * 7);
  if (op === 0 || files.length === 0) {
    const path = join(pick(dirs), `f${Math.floor(rand() * 1000)}`);
    if (m.get(path) === null) return;
    const data = `${tag}:${'z'.repeat(Math.floor(rand() * 300))}`;
    v.writeFileSync(path, data);
    m.set(path, data);
  } else if (op === 1) {
    const path = pick(files);
    v.appendFileSync(path, tag);
    m.set(path, m.get(path)! + tag);
  } else if (op === 2) {
    const path = pick(files);
    const old = m.get(path)!;
    const pos = Math.floor(rand() * (old.length + 4));
    const fd = v.openSync(path, 'r+');
    v.writeSync(fd, enc.encode(tag), 0, tag.length, pos);
    v.closeSync(fd);
    const padded = old.length < pos ? old + '\0'.repeat(pos - old.length) : old;
    m.set(path, padded.slice(0, pos) + tag + padded.slice(pos + tag.length));
  } else if (op === 3) {
    const path = pick(files);
    const old = m.get(path)!;
    const len = Math.floor(rand() * (old.length + 10));
    v.truncateSync(path, len);
    m.set(path, len <= old.length ? old.slice(0, len) : old + '\0'.repeat(len - old.length));
  } else if (op === 4) {
    const path = pick(files);
    v.unlinkSync(path);
    m.delete(path);
  } else if (op === 5) {
    const from = pick(files);
    const to = join(pick(dirs), `r${Math.floor(rand() * 1000)}`);
    if (m.get(to) === null || to === from) return;
    v.renameSync(from, to);
    m.set(to, m.get(from)!);
    m.delete(from);
  } else {
    const path = join(pick(dirs), `d${Math.floor(rand() * 50)}`);
    if (m.has(path)) return;
    v.mkdirSync(path);
    m.set(path, null);
  }
}

function randomRun(seed: number): void {
  const rand = prng(seed);
  const v = new Volume();
  const mv: Model = new Map();
  for (let i = 0; i < 40; i++) step(v, mv, rand, `p${i}`);
  const vols: [Volume, Model][] = [[v, mv]];
  // Clone at random moments, then keep changing every volume.
  for (let i = 0; i < 200; i++) {
    if (rand() < 0.04) {
      const [src, srcModel] = vols[Math.floor(rand() * vols.length)]!;
      vols.push([cloneVolume(src), new Map(srcModel)]);
    }
    const k = Math.floor(rand() * vols.length);
    const [vol, model] = vols[k]!;
    step(vol, model, rand, `s${seed}v${k}i${i}`);
  }
  for (const [vol, model] of vols) expect(modelOf(vol), `seed ${seed}`).toEqual(model);
}
