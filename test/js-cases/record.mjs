#!/usr/bin/env node
/**
 * Record what real Node prints for every JavaScript case under cases/, into
 * expected.json. Run by hand with Node 20 (never in CI):
 *
 *   node test/js-cases/record.mjs                 # re-record everything
 *   node test/js-cases/record.mjs --show classes  # print a theme (or an id prefix), write nothing
 *
 * Each case runs as `node MAIN ARGS...` in a fresh temporary root R, with
 * R/home as $HOME and R/work as the working directory (its files are created
 * there), under a fixed minimal environment; R in stdout is replaced by
 * @ROOT@ so the replay, which uses its own root, can compare. Node runs with
 * --no-warnings: its warnings are about Node's own experimental features
 * (JSON modules in Node 20), not about the program, and would make stderr
 * non-empty. Every case runs twice: output that changes between runs is not
 * deterministic and is rejected, and so is a case whose stderr lacks one of
 * its `stderr-has` texts. A case that also replays through runCode
 * (`runsAsCode`) runs a third time as `node -e SOURCE`, which must print the
 * same.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseEnv, normalise, parseCaseFile, runsAsCode } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = join(here, 'cases');
const outFile = join(here, 'expected.json');

function loadCases() {
  const all = [];
  for (const name of readdirSync(casesDir).sort()) {
    if (!name.endsWith('.txt')) continue;
    all.push(...parseCaseFile(readFileSync(join(casesDir, name), 'utf8'), name.slice(0, -4)));
  }
  const seen = new Set();
  for (const c of all) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * @param {import('./cases.d.mts').JsCase} c
 * @param {'file' | 'eval'} how  `node MAIN ARGS`, or `node -e SOURCE` (what runCode does)
 */
function run(c, how = 'file') {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'js-cases-')));
  try {
    const work = join(root, 'work');
    mkdirSync(join(root, 'home'), { recursive: true });
    for (const f of [...c.files, { path: c.main, content: c.source }]) {
      const path = join(work, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    const argv = how === 'file' ? [c.main, ...c.args] : ['-e', c.source];
    const r = spawnSync(process.execPath, ['--no-warnings', ...argv], {
      cwd: work,
      env: caseEnv(root),
      input: c.stdin ?? '',
      timeout: c.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error && r.error.code !== 'EPIPE') throw new Error(`${c.id}: ${r.error.message}`);
    const stdout = r.stdout.toString('utf8');
    const stderrText = normalise(r.stderr.toString('utf8'), root);
    if (stdout.includes('\uFFFD')) throw new Error(`${c.id}: printed bytes that are not UTF-8; cases must print text`);
    if (r.status === null) throw new Error(`${c.id}: ended by ${r.signal} (timeout ${c.timeoutMs} ms?)`);
    return { stdout: normalise(stdout, root), exitCode: r.status, stderr: r.stderr.length > 0, stderrText };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const same = (a, b) => a.stdout === b.stdout && a.exitCode === b.exitCode && a.stderr === b.stderr;
const outcome = ({ stdout, exitCode, stderr }) => ({ stdout, exitCode, stderr });

const args = process.argv.slice(2);
const show = args[0] === '--show' ? (args[1] ?? '') : null;
const cases = loadCases().filter((c) => show === null || c.id.startsWith(show) || c.theme === show);
const problems = [];
const recorded = [];
for (const c of cases) {
  const node = run(c);
  const again = run(c);
  if (!same(node, again)) problems.push(`${c.id}: not deterministic: ${JSON.stringify(outcome(node))} then ${JSON.stringify(outcome(again))}`);
  for (const text of c.stderrHas) if (!node.stderrText.includes(text)) problems.push(`${c.id}: stderr lacks ${JSON.stringify(text)}: ${node.stderrText}`);
  if (runsAsCode(c)) {
    const evaluated = run(c, 'eval');
    if (!same(node, evaluated)) problems.push(`${c.id}: "node -e" prints otherwise (add "//@ no-run-code: why"): ${JSON.stringify(outcome(evaluated))}`);
  }
  if (node.stderr && !c.stderrHas.length) problems.push(`${c.id}: writes to stderr, but says nothing of it (add "//@ stderr-has:"): ${node.stderrText}`);
  if (show !== null) {
    console.log(`== ${c.id} [exit ${node.exitCode}${node.stderr ? ', stderr' : ''}]`);
    process.stdout.write(node.stdout);
    if (node.stderr) process.stdout.write(`-- stderr: ${node.stderrText}`);
  }
  recorded.push({ ...c, expected: outcome(node) });
}

if (show === null) {
  const json = {
    comment: 'Generated by test/js-cases/record.mjs from test/js-cases/cases; do not edit by hand.',
    reference: `node ${process.version}`,
    cases: recorded,
  };
  writeFileSync(outFile, JSON.stringify(json, null, 1) + '\n');
  const byTheme = {};
  for (const c of recorded) byTheme[c.theme] = (byTheme[c.theme] ?? 0) + 1;
  for (const [theme, n] of Object.entries(byTheme)) console.log(`${String(n).padStart(4)}  ${theme}`);
  console.log(`${recorded.length} cases -> ${relative(process.cwd(), outFile)}`);
}
for (const p of problems) console.error(`PROBLEM ${p}`);
process.exitCode = problems.length ? 1 : 0;
