// Snapshot benchmarks (issue 4 figures): snapshot and restore of a 100 MB,
// 10,000-file tree, uncompressed and gzip, against GNU tar on the same tree
// in a temporary directory; snapshot size against `tar -cz`; fork() time if
// the sandbox has fork().
// Usage: npm run build && node bench/snapshot.mjs   (about a minute)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox } from '../dist/node.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
async function sample(fn) {
  await fn(); // warm up
  const xs = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

// ---------------------------------------------------------------- the tree
// 10,000 files in 100 directories (10 top, 10 below each): 9,000 small files
// of 0.5-4 KiB and 1,000 larger ones filling the rest to 100 MB. Three files
// in four are text-like (compressible, like sources), one in four is
// pseudo-random (like binaries and media).
const FILES = 10_000;
const TOTAL = 100 * 1000 * 1000;
// mulberry32: seeded, so every run builds the same tree.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const words = ['sandbox', 'kernel', 'process', 'snapshot', 'file', 'tree', 'archive', 'worker', 'memory', 'shell', 'the', 'a', 'of', 'and'];
function content(size, text) {
  const out = new Uint8Array(size);
  if (text) {
    let at = 0;
    const enc = new TextEncoder();
    while (at < size) {
      const w = enc.encode(words[Math.floor(rand() * words.length)] + (rand() < 0.1 ? '\n' : ' '));
      out.set(w.subarray(0, size - at), at);
      at += w.length;
    }
  } else {
    for (let i = 0; i < size; i++) out[i] = (rand() * 256) | 0;
  }
  return out;
}
const dirs = [];
for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) dirs.push(`/data/d${i}/e${j}`);
const sizes = [];
let small = 0;
for (let i = 0; i < 9000; i++) small += sizes[i] = 512 + Math.floor(rand() * 3584);
const bigEach = Math.floor((TOTAL - small) / 1000);
for (let i = 9000; i < FILES; i++) sizes[i] = bigEach;
const files = sizes.map((size, i) => ({ path: `${dirs[i % dirs.length]}/file-${i}.${i % 4 ? 'txt' : 'bin'}`, data: content(size, i % 4 !== 0) }));
const treeBytes = sizes.reduce((a, b) => a + b, 0);

const sb = await Sandbox.create();
for (const d of dirs) await sb.fs.mkdir(d, { recursive: true });
for (const f of files) await sb.fs.writeFile(f.path, f.data);

// GNU tar works on a memory file system when there is one (/dev/shm), as the sandbox does.
const tmpRoot = process.env.BENCH_TMP ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const host = mkdtempSync(join(tmpRoot, 'wasmbox-snapbench-'));
const src = join(host, 'src');
for (const d of dirs) mkdirSync(join(src, d), { recursive: true });
for (const f of files) writeFileSync(join(src, f.path), f.data);

// ---------------------------------------------------------------- measure
const mb = treeBytes / 1e6;
let plain, gz;
const snapMs = await sample(async () => (plain = await sb.snapshot({ gzip: false })));
const restoreMs = await sample(async () => (await Sandbox.create({ from: plain })).close());
const snapGzMs = await sample(async () => (gz = await sb.snapshot()));
const restoreGzMs = await sample(async () => (await Sandbox.create({ from: gz })).close());

const tarFile = join(host, 'tree.tar');
const tgzFile = join(host, 'tree.tar.gz');
const tar = (...args) => execFileSync('tar', args, { stdio: 'ignore' });
const fresh = () => {
  const out = join(host, 'out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  return out;
};
const tarCMs = await sample(() => tar('-cf', tarFile, '-C', src, '.'));
const tarXMs = await sample(() => tar('-xf', tarFile, '-C', fresh()));
const tarCzMs = await sample(() => tar('-czf', tgzFile, '-C', src, '.'));
const tarXzMs = await sample(() => tar('-xzf', tgzFile, '-C', fresh()));

let forkMs = null;
if (typeof sb.fork === 'function') {
  forkMs = await sample(async () => (await sb.fork()).close());
}

// ---------------------------------------------------------------- report
const rate = (ms) => mb / (ms / 1000);
const f1 = (x) => x.toFixed(1);
const rows = [
  ['snapshot, uncompressed', `${f1(snapMs)} ms`, `${f1(rate(snapMs))} MB/s`, `tar -c: ${f1(tarCMs)} ms, ${f1(rate(tarCMs))} MB/s`, `${(tarCMs / snapMs).toFixed(2)}× tar's speed`, '≥ 200 MB/s'],
  ['restore, uncompressed', `${f1(restoreMs)} ms`, `${f1(rate(restoreMs))} MB/s`, `tar -x: ${f1(tarXMs)} ms, ${f1(rate(tarXMs))} MB/s`, `${(tarXMs / restoreMs).toFixed(2)}× tar's speed`, '≥ 200 MB/s'],
  ['snapshot, gzip (fflate level 1)', `${f1(snapGzMs)} ms`, `${f1(rate(snapGzMs))} MB/s`, `tar -cz: ${f1(tarCzMs)} ms, ${f1(rate(tarCzMs))} MB/s`, `${(tarCzMs / snapGzMs).toFixed(2)}× tar's speed`, ''],
  ['restore, gzip', `${f1(restoreGzMs)} ms`, `${f1(rate(restoreGzMs))} MB/s`, `tar -xz: ${f1(tarXzMs)} ms, ${f1(rate(tarXzMs))} MB/s`, `${(tarXzMs / restoreGzMs).toFixed(2)}× tar's speed`, ''],
  ['snapshot size, uncompressed', `${f1(plain.length / 1e6)} MB`, '', `tar: ${f1(statSync(tarFile).size / 1e6)} MB`, '', ''],
  ['snapshot size, gzip', `${f1(gz.length / 1e6)} MB`, '', `tar -cz: ${f1(statSync(tgzFile).size / 1e6)} MB`, `${(gz.length / statSync(tgzFile).size).toFixed(2)}× tar -cz's size`, ''],
  ['fork() of that tree', forkMs === null ? 'n/a (no sb.fork yet)' : `${f1(forkMs)} ms`, '', '', '', '≤ 50 ms'],
];
console.log(`tree: ${FILES} files, ${dirs.length} directories, ${f1(mb)} MB of content; medians of ${rounds} runs; MB/s = content MB / time; GNU tar in ${tmpRoot}`);
console.log('| what | time | rate | GNU tar on a temp dir | ratio | target |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

await sb.close();
rmSync(host, { recursive: true, force: true });
process.exit(0);
