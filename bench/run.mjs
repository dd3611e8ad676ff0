// wasmbox benchmarks (issue 2 figures). Prints a table of medians and
// ratios against node:wasi run on the same binaries in the same run.
// Usage: npm run bench   (builds first; takes about a minute)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sandbox } from '../dist/node.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const bin = (n) => new Uint8Array(readFileSync(here(`../test/fixtures/bin/${n}.wasm`)));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

function nodeWasi(name, args) {
  const root = mkdtempSync(join(tmpdir(), 'wasmbox-bench-'));
  try {
    const out = execFileSync(process.execPath, ['--no-turbo-fast-api-calls', '--no-warnings', here('./node-wasi-timer.mjs'), here(`../test/fixtures/bin/${name}.wasm`), root, ...args], { encoding: 'utf8' });
    const r = JSON.parse(out);
    if (r.exitCode !== 0) throw new Error(`${name} exited ${r.exitCode} under node:wasi`);
    return r.ms;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const sb = await Sandbox.create({ files: Object.fromEntries(['hello', 'iostress', 'cpu', 'loop', 'syscalls'].map((n) => [`/usr/bin/${n}`, bin(n)])) });
async function run(argv) {
  const t = performance.now();
  const p = await sb.spawn(argv);
  p.stdin.close();
  const st = await p.wait();
  const ms = performance.now() - t;
  if (st.exitCode !== 0) throw new Error(`${argv.join(' ')} exited ${st.exitCode}: ${(await p.collect()).stderr}`);
  await sb.fs.rm('/tmp/io.bin', { force: true });
  return ms;
}
async function sample(n, fn) {
  await fn(); // warm: compile, tier up, fill the pool
  const xs = [];
  for (let i = 0; i < n; i++) xs.push(await fn());
  return median(xs);
}

const rows = [];
const row = (what, value, unit, target, baseline, ratioNote, against = 'node:wasi') => rows.push({ what, value, unit, target, baseline, ratioNote, against });

// 1. spawn-to-exit of hello on a warm pool
const spawnMs = await sample(51, () => run(['hello']));
row('spawn-to-exit of hello, warm pool', spawnMs, 'ms', '≤ 2 ms');

// 2. one syscall round trip: (n=N) − (n=0), divided by N
await sb.fs.writeFile('/tmp/seek', 'x');
const N = 20000;
const zero = await sample(15, () => run(['syscalls', '/tmp/seek', '0']));
const many = await sample(15, () => run(['syscalls', '/tmp/seek', String(N)]));
row('one worker → kernel syscall round trip', ((many - zero) / N) * 1000, 'µs', '≤ 25 µs');

// 3. 64 MiB write + read, against node:wasi on a temporary file
const ioOurs = await sample(rounds, () => run(['iostress', '/tmp/io.bin', '64']));
const ioNode = median(Array.from({ length: rounds }, () => nodeWasi('iostress', ['/io.bin', '64'])));
row('64 MiB write+read (iostress)', ioOurs, 'ms', '≥ 0.4× node:wasi throughput', ioNode, ioNode / ioOurs);

// 4. CPU-bound program, against node:wasi
const cpuOurs = await sample(rounds, () => run(['cpu']));
const cpuNode = median(Array.from({ length: rounds }, () => nodeWasi('cpu', [])));
row('CPU-bound program (cpu, sieve 3e6 ×25)', cpuOurs, 'ms', '≥ 0.9× node:wasi speed', cpuNode, cpuNode / cpuOurs);

// 5. kill of an infinite loop: kill() to state 'killed'
const killMs = await sample(15, async () => {
  const p = await sb.spawn(['loop']);
  for await (const _ of p.output({ stream: 'stdout' })) break; // it is spinning
  const t = performance.now();
  p.kill('SIGKILL');
  await p.wait();
  return performance.now() - t;
});
row('kill() of an infinite loop to state killed', killMs, 'ms', '≤ 10 ms');
await sb.close();

// Issue 3: the shell. The baseline is the same command line run by the
// machine's bash in a new OS process (what a cloud sandbox's exec costs at
// the very least once the request has reached the VM).
const shell = await Sandbox.create({ files: { 'data/words.txt': Array.from({ length: 2000 }, (_, i) => `w${i % 97}`).join('\n') + '\n' } });
async function shellRow(what, command) {
  const ours = await sample(31, async () => {
    const t = performance.now();
    const r = await shell.exec(command);
    if (r.exitCode !== 0) throw new Error(`${command}: ${r.exitCode} ${r.stderr}`);
    return performance.now() - t;
  });
  const dir = mkdtempSync(join(tmpdir(), 'wasmbox-bench-'));
  execFileSync('bash', ['-c', `mkdir -p data && awk 'BEGIN{for(i=0;i<2000;i++)print "w" i%97}' > data/words.txt`], { cwd: dir });
  const native = median(
    Array.from({ length: 31 }, () => {
      const t = performance.now();
      execFileSync('bash', ['-c', command], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      return performance.now() - t;
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  row(what, ours, 'ms', 'no target; compare', native, native / ours, 'bash');
}
await shellRow("exec('true'): sh starts, runs a builtin", 'true');
await shellRow("exec('echo hi | cat'): a two-stage pipeline", 'echo hi | cat');
await shellRow("exec('sort data/words.txt | uniq -c | sort -rn | head -3')", 'sort data/words.txt | uniq -c | sort -rn | head -3');
const session = await shell.sessions.create();
const sessionMs = await sample(51, async () => {
  const t = performance.now();
  await session.run('echo x');
  return performance.now() - t;
});
row("session.run('echo x') round trip", sessionMs, 'ms', 'no target');
await shell.close();

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const lines = [
  `wasmbox bench, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, medians (rounds: ${rounds} for node:wasi comparisons)`,
  '',
  '| what | wasmbox | baseline | ratio (baseline time / wasmbox time) | target |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.what} | ${fmt(r.value)} ${r.unit} | ${r.baseline === undefined ? '–' : `${r.against} ${fmt(r.baseline)} ms`} | ${r.ratioNote === undefined ? '–' : `${r.ratioNote.toFixed(2)}×`} | ${r.target} |`),
];
console.log(lines.join('\n'));
