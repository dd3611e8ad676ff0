// Terminal benchmarks (issue 6 figures):
//  1. keystroke echo through the API: write one character to an interactive
//     shell's pty, time until onData delivers its echo (median of many);
//  2. 10 MB of output through a pty into an @xterm/headless Terminal:
//     `cat` of a 10 MB text file (64-byte lines), from the command's start
//     until the terminal's write callback for the last chunk, as MB/s
//     (1 MB = 10^6 bytes); and the same without a terminal behind the pty.
// Usage: npm run bench:pty   (about half a minute)
import xterm from '@xterm/headless';
import { Sandbox } from '../dist/node.js';

const { Terminal } = xterm;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const sb = await Sandbox.create();
const TOTAL = 10_000_000;
const LINE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n';
await sb.fs.writeFile('/tmp/10mb.txt', LINE.repeat(Math.ceil(TOTAL / LINE.length)).slice(0, TOTAL));
const COMMAND = 'cat /tmp/10mb.txt';

// ---------------------------------------------------------- keystroke echo
async function keystrokeEcho(samples) {
  const pty = await sb.pty.create();
  let text = '';
  let wake;
  pty.onData((data) => {
    text += new TextDecoder().decode(data);
    wake?.();
  });
  const until = (check) =>
    new Promise((resolve) => {
      const look = () => (check() ? resolve() : (wake = look));
      look();
    });
  await until(() => text.endsWith('$ '));
  const times = [];
  for (let i = 0; i < samples; i++) {
    const c = String.fromCharCode(97 + (i % 26));
    const before = text.length;
    const t = performance.now();
    pty.write(c);
    await until(() => text.length > before);
    times.push(performance.now() - t);
    // Keep the line short: ^U kills it (its echo is not timed).
    if (i % 50 === 49) {
      const mark = text.length;
      pty.write('\x15');
      await until(() => text.length > mark);
    }
  }
  pty.kill();
  await pty.wait();
  return { median: median(times), p90: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)] };
}

// ------------------------------------------------------ 10 MB to xterm.js
async function throughput() {
  const term = new Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });
  const t = performance.now();
  const pty = await sb.pty.create({ command: COMMAND });
  // Like a terminal front end: while xterm parses one write, output that
  // arrives is gathered and handed over as one write when it is done.
  let bytes = 0;
  let queued = [];
  let busy = false;
  let idle;
  const pump = () => {
    if (queued.length === 0) {
      busy = false;
      idle?.();
      return;
    }
    const batch = queued.length === 1 ? queued[0] : Buffer.concat(queued);
    queued = [];
    busy = true;
    term.write(batch, pump);
  };
  pty.onData((data) => {
    bytes += data.byteLength;
    queued.push(data);
    if (!busy) pump();
  });
  const exit = await pty.wait();
  // The last write callback means xterm has parsed everything.
  if (busy || queued.length > 0) await new Promise((resolve) => (idle = resolve));
  const ms = performance.now() - t;
  term.dispose();
  if (exit.exitCode !== 0) throw new Error(`the command failed: ${JSON.stringify(exit)}`);
  // ONLCR: every newline reached the terminal as CR LF.
  return { ms, bytes, mbps: TOTAL / 1e6 / (ms / 1000) };
}

// Raw pty throughput with no terminal behind it, to see what xterm's parser costs.
async function rawThroughput() {
  const t = performance.now();
  const pty = await sb.pty.create({ command: COMMAND });
  let bytes = 0;
  pty.onData((data) => (bytes += data.byteLength));
  await pty.wait();
  const ms = performance.now() - t;
  return { ms, bytes, mbps: TOTAL / 1e6 / (ms / 1000) };
}

// xterm alone on the same bytes (CR LF line ends, as ONLCR makes them), in 1 MiB writes: the consumer's own ceiling.
async function xtermAlone() {
  const term = new Terminal({ cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true });
  const bytes = new TextEncoder().encode(LINE.replace('\n', '\r\n').repeat(Math.ceil(TOTAL / LINE.length)));
  const t = performance.now();
  let last;
  for (let i = 0; i < bytes.length; i += 1 << 20) last = new Promise((resolve) => term.write(bytes.subarray(i, i + (1 << 20)), resolve));
  await last;
  const ms = performance.now() - t;
  term.dispose();
  return { ms, mbps: TOTAL / 1e6 / (ms / 1000) };
}

await keystrokeEcho(50); // warm up
const echo = await keystrokeEcho(500);
console.log(`keystroke echo through sb.pty: median ${echo.median.toFixed(3)} ms, p90 ${echo.p90.toFixed(3)} ms (target <= 2 ms)`);

await throughput(); // warm up
const runs = [];
for (let i = 0; i < rounds; i++) runs.push(await throughput());
const best = median(runs.map((r) => r.mbps));
console.log(`10 MB through a pty into @xterm/headless: median ${best.toFixed(1)} MB/s (${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms; ${runs[0].bytes} bytes reached the terminal) (target >= 50 MB/s)`);

const raw = [];
for (let i = 0; i < rounds; i++) raw.push(await rawThroughput());
console.log(`10 MB through a pty, no terminal: median ${median(raw.map((r) => r.mbps)).toFixed(1)} MB/s`);

const alone = [];
for (let i = 0; i < rounds; i++) alone.push(await xtermAlone());
console.log(`the same 10 MB written straight into @xterm/headless: median ${median(alone.map((r) => r.mbps)).toFixed(1)} MB/s`);

await sb.close();
process.exit(0);
