// Edge function figures (issue 5): the warm round trip of sb.fetch to a
// handler in the sandbox, and sequential requests per second on one handler.
// Targets: round trip <= 1 ms median, >= 2,000 requests/s on one core.
// Usage: npm run bench:fetch   (builds first)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Sandbox } from '../dist/node.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const HANDLER = `
let count = 0;
export default {
  async fetch(request) {
    count++;
    return new Response('hello ' + count, { headers: { 'content-type': 'text/plain', 'x-method': request.method } });
  },
};
`;
const ECHO = `export default { async fetch(request) { return new Response(await request.arrayBuffer()); } };`;

const sb = await Sandbox.create({ files: { '/app/hello.js': HANDLER, '/app/echo.js': ECHO } });
const entry = '/app/hello.js';

async function once(path = '/x') {
  const t = performance.now();
  const res = await sb.fetch(`http://sandbox${path}`, { entry });
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200 || !text.startsWith('hello ')) throw new Error(`unexpected answer ${res.status} ${text}`);
  return ms;
}

// Warm up: start the process, load the module, let V8 tier up the host side.
for (let i = 0; i < 500; i++) await once();

const rows = [];

const roundTrips = [];
for (let i = 0; i < 2001; i++) roundTrips.push(await once());
rows.push(['warm sb.fetch round trip (GET, small text response), median of 2,001', `${median(roundTrips).toFixed(3)} ms`, '≤ 1 ms']);
const sorted = [...roundTrips].sort((a, b) => a - b);
rows.push(['  the same, 90th / 99th percentile', `${sorted[Math.floor(sorted.length * 0.9)].toFixed(3)} / ${sorted[Math.floor(sorted.length * 0.99)].toFixed(3)} ms`, '–']);

const rates = [];
for (let round = 0; round < 5; round++) {
  const n = 2000;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await sb.fetch('http://sandbox/r', { entry });
    await res.arrayBuffer();
  }
  rates.push(n / ((performance.now() - t) / 1000));
}
rows.push(['sequential requests/s on one warm handler (awaiting each), median of 5 × 2,000', `${Math.round(median(rates))}/s`, '≥ 2,000/s']);

// CPU time per request of each thread (Linux /proc): unlike wall time, it hardly moves when other
// programs load the machine. The host thread and the worker take turns, so their sum bounds the rate.
const threadTicks = () => {
  if (!existsSync('/proc/self/task')) return undefined;
  return Object.fromEntries(readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [tid, Number(fields[11]) + Number(fields[12])];
  }));
};
const before = threadTicks();
const N = 5000;
for (let i = 0; i < N; i++) await (await sb.fetch('http://sandbox/c', { entry })).arrayBuffer();
const after = threadTicks();
if (before && after) {
  const usPerTick = 1e6 / 100; // USER_HZ is 100 on Linux
  const busy = Object.keys(after).map((tid) => ({ tid, us: ((after[tid] - (before[tid] ?? 0)) * usPerTick) / N })).sort((a, b) => b.us - a.us);
  const mainTid = String(process.pid);
  const host = busy.find((b) => b.tid === mainTid)?.us ?? 0;
  const worker = busy.find((b) => b.tid !== mainTid)?.us ?? 0;
  const others = busy.filter((b) => b.tid !== mainTid).slice(1).reduce((sum, b) => sum + b.us, 0);
  rows.push([`CPU per request: host thread / serving worker / V8 helper threads (${N} requests)`, `${host.toFixed(0)} / ${worker.toFixed(0)} / ${others.toFixed(0)} µs`, '–']);
}

const t = performance.now();
await Promise.all(Array.from({ length: 2000 }, () => sb.fetch('http://sandbox/q', { entry }).then((r) => r.arrayBuffer())));
rows.push(['2,000 requests queued at once on one handler (served one at a time)', `${Math.round(2000 / ((performance.now() - t) / 1000))}/s`, '–']);

for (const mib of [1, 16]) {
  const body = new Uint8Array(mib * 1024 * 1024);
  const xs = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const res = await sb.fetch(new Request('http://sandbox/', { method: 'POST', body }), { entry: '/app/echo.js', timeoutMs: 60_000 });
    const back = await res.arrayBuffer();
    if (back.byteLength !== body.byteLength) throw new Error('echo lost bytes');
    xs.push(performance.now() - s);
  }
  rows.push([`echo of a ${mib} MiB body (in and out), median of 5`, `${median(xs).toFixed(1)} ms`, '–']);
}

const cold = [];
for (let i = 0; i < 7; i++) {
  const s = performance.now();
  const res = await sb.fetch('http://sandbox/', { entry, warm: false });
  await res.text();
  cold.push(performance.now() - s);
}
rows.push(['cold request (warm: false: a new process loads the module), median of 7', `${median(cold).toFixed(1)} ms`, '–']);

await sb.close();

console.log('| what | wasmbox | target |');
console.log('| --- | --- | --- |');
for (const [what, value, target] of rows) console.log(`| ${what} | ${value} | ${target} |`);
process.exit(0);
