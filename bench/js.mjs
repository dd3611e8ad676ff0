// wasmbox benchmark for issue 5: warm sb.runCode('1+1') against
// @sebastianwessel/quickjs's new-sandbox-plus-eval (its loadQuickJs once,
// then runSandboxed per eval, as its README shows), same QuickJS build
// (@jitl/quickjs-wasmfile-release-sync), same run.
// Usage: npm run bench:js   (builds first)
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { loadQuickJs } from '@sebastianwessel/quickjs';
import { Sandbox } from '../dist/node.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 201);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
async function sample(n, fn) {
  // Warm: compile QuickJS, load it in every pooled worker, let V8 tier up.
  for (let i = 0; i < 30; i++) await fn();
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const sb = await Sandbox.create();
const ours = await sample(rounds, async () => {
  const r = await sb.runCode('1+1');
  if (r.exitCode !== 0) throw new Error(`runCode failed: ${r.stderr}`);
});
const log = await sample(rounds, async () => {
  const r = await sb.runCode('console.log(1+1)');
  if (r.stdout !== '2\n') throw new Error(`runCode printed ${JSON.stringify(r.stdout)}`);
});
const spawn = await sample(rounds, async () => {
  const r = await sb.exec(['true']);
  if (r.exitCode !== 0) throw new Error('true failed');
});
await sb.close();

const { runSandboxed } = await loadQuickJs(variant);
const peer = await sample(Math.min(rounds, 101), async () => {
  const r = await runSandboxed(async ({ evalCode }) => evalCode('1+1'), {});
  if (!r.ok) throw new Error(`@sebastianwessel/quickjs failed: ${JSON.stringify(r)}`);
});

const f = (ms) => `${ms.toFixed(2)} ms`;
console.log('| what | wasmbox | @sebastianwessel/quickjs | ratio | target |');
console.log('| --- | --- | --- | --- | --- |');
console.log(`| warm \`sb.runCode('1+1')\` vs new sandbox + eval | ${f(ours)} | ${f(peer)} | ${(ours / peer).toFixed(3)}x | ≤ 3 ms, ≤ 0.5x |`);
console.log(`| warm \`sb.runCode('console.log(1+1)')\` | ${f(log)} | | | |`);
console.log(`| for reference: \`sb.exec(['true'])\` (spawn-to-exit of a built-in) | ${f(spawn)} | | | |`);
