#!/usr/bin/env node
/**
 * Record what real bash (the reference) and dash (for information) print for
 * every case under cases/, into expected.json. Run by hand on a Debian machine
 * with bash, dash and the GNU tools, never in CI:
 *
 *   node test/conformance/record.mjs            # re-record everything
 *   node test/conformance/record.mjs --show shell/quoting   # print, write nothing
 *
 * Each case runs in a fresh temporary root R with R/home as $HOME and R/work
 * as the working directory (its files are created there), under a fixed
 * minimal environment; R in stdout is replaced by @ROOT@ so the replay, which
 * uses its own root, can compare. Every case runs twice under bash: a case
 * whose output changes between runs is not deterministic and is rejected.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalise, parseCaseFile } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = join(here, 'cases');
const outFile = join(here, 'expected.json');

/** The environment of every case, in recording and in replay (see README). */
export const caseEnv = (root) => ({ PATH: '/usr/bin:/bin', HOME: `${root}/home`, LC_ALL: 'C', TZ: 'UTC' });

function loadCases() {
  const all = [];
  for (const group of readdirSync(casesDir).sort()) {
    for (const name of readdirSync(join(casesDir, group)).sort()) {
      if (!name.endsWith('.txt')) continue;
      const theme = `${group}/${name.slice(0, -4)}`;
      all.push(...parseCaseFile(readFileSync(join(casesDir, group, name), 'utf8'), theme));
    }
  }
  const seen = new Set();
  for (const c of all) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function run(shell, c) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'conformance-')));
  try {
    const work = join(root, 'work');
    mkdirSync(join(root, 'home'), { recursive: true });
    mkdirSync(work, { recursive: true });
    for (const d of c.dirs) mkdirSync(join(work, d), { recursive: true });
    for (const f of c.files) {
      const path = join(work, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
      chmodSync(path, f.mode);
    }
    const r = spawnSync(shell, ['-c', c.script], {
      cwd: work,
      env: caseEnv(root),
      input: c.stdin ?? '',
      timeout: c.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    // EPIPE only means the script ended without reading all its stdin.
    if (r.error && r.error.code !== 'EPIPE') throw new Error(`${c.id}: ${shell}: ${r.error.message}`);
    const stdout = r.stdout.toString('utf8');
    if (stdout.includes('\uFFFD')) throw new Error(`${c.id}: ${shell} printed bytes that are not UTF-8; cases must print text`);
    // A signal (timeout included) has no exit code: record it as the shell would, 128+n.
    const exitCode = r.status ?? 128 + (r.signal ? osSignal(r.signal) : 0);
    return { stdout: normalise(stdout, root), exitCode, stderr: r.stderr.length > 0, stderrText: r.stderr.toString('utf8') };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function osSignal(name) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 }[name] ?? 0;
}

const same = (a, b) => a.stdout === b.stdout && a.exitCode === b.exitCode && a.stderr === b.stderr;
const outcome = ({ stdout, exitCode, stderr }) => ({ stdout, exitCode, stderr });

function version(cmd, args) {
  return spawnSync(cmd, args, { encoding: 'utf8' }).stdout.split('\n')[0].trim();
}

const args = process.argv.slice(2);
const show = args[0] === '--show' ? (args[1] ?? '') : null;
const cases = loadCases().filter((c) => show === null || c.id.startsWith(show) || c.theme === show);
const problems = [];
const recorded = [];
for (const c of cases) {
  const bash = run('bash', c);
  const again = run('bash', c);
  const dash = run('dash', c);
  if (!same(bash, again)) problems.push(`${c.id}: not deterministic under bash`);
  if (c.ref === 'both' && !same(bash, dash)) problems.push(`${c.id}: ref both, but dash differs: ${JSON.stringify(outcome(dash))} vs bash ${JSON.stringify(outcome(bash))}`);
  if (show !== null) {
    const flag = c.ref === 'both' && !same(bash, dash) ? '  (DASH DIFFERS)' : '';
    console.log(`== ${c.id} [exit ${bash.exitCode}${bash.stderr ? ', stderr' : ''}]${flag}`);
    process.stdout.write(bash.stdout);
    if (bash.stderr) process.stdout.write(`-- stderr: ${bash.stderrText}`);
    if (!same(bash, dash)) process.stdout.write(`-- dash [exit ${dash.exitCode}${dash.stderr ? ', stderr' : ''}]:\n${dash.stdout}`);
  }
  recorded.push({ ...c, expected: outcome(bash), dash: outcome(dash) });
}

if (show === null) {
  const json = {
    comment: 'Generated by test/conformance/record.mjs from test/conformance/cases; do not edit by hand.',
    references: { bash: version('bash', ['--version']), dash: 'dash (Debian)', coreutils: version('ls', ['--version']) },
    cases: recorded,
  };
  writeFileSync(outFile, JSON.stringify(json, null, 1) + '\n');
  const byGroup = {};
  for (const c of recorded) byGroup[c.theme] = (byGroup[c.theme] ?? 0) + 1;
  for (const [theme, n] of Object.entries(byGroup)) console.log(`${String(n).padStart(4)}  ${theme}`);
  console.log(`${recorded.length} cases -> ${relative(process.cwd(), outFile)}`);
}
for (const p of problems) console.error(`PROBLEM ${p}`);
process.exitCode = problems.length ? 1 : 0;
