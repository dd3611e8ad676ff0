/**
 * Replay the JavaScript language corpus (test/js-cases) on wasmbox's QuickJS
 * runtime, in Node and in Chromium: each case runs as `node MAIN ARGS` inside
 * a sandbox, and its stdout and exit status must equal what real Node printed
 * when record.mjs ran, stderr must be empty exactly when Node's was, and must
 * hold the case's `stderr-has` texts. Single-file scripts also run through
 * `sb.runCode(source, { language: 'javascript' })`.
 *
 * Cases listed in test/js-cases/README.md under "Expected to fail" run with
 * it.fails, so a fixed case shows up as a failure until its line is removed,
 * and the list cannot silently go stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox, type ExecResult } from 'wasmbox';
import readme from '../js-cases/README.md?raw';
import { caseEnv, commandLine, expectedFailures, normalise, parseCaseFile, runsAsCode } from '../js-cases/cases.mjs';
import type { Outcome, RecordedCase } from '../js-cases/cases.d.mts';
import expectedJson from '../js-cases/expected.json';

/** At most this share of the corpus may fail or need a QuickJS-specific expectation. */
const MAX_SHARE = 0.05;

const recorded = (expectedJson as unknown as { cases: RecordedCase[] }).cases;
const failing = expectedFailures(readme);
const sources = import.meta.glob('../js-cases/cases/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('the JavaScript language corpus', () => {
  it('was recorded from the case files as they are now (re-run test/js-cases/record.mjs)', () => {
    const parsed = Object.entries(sources).flatMap(([path, text]) => parseCaseFile(text, /\/cases\/([^/]+)\.txt$/.exec(path)![1]!));
    const strip = ({ expected: _e, ...c }: RecordedCase) => c;
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    expect(recorded.map(strip).sort(byId)).toEqual(parsed.sort(byId));
  });

  it('has at least 100 cases; lists only existing cases as failing; fails and overrides stay under 5%', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(100);
    const ids = new Set(recorded.map((c) => c.id));
    expect([...failing.keys()].filter((id) => !ids.has(id))).toEqual([]);
    expect(failing.size).toBeLessThanOrEqual(Math.floor(recorded.length * MAX_SHARE));
    expect(recorded.filter((c) => c.quickjs).length).toBeLessThanOrEqual(Math.floor(recorded.length * MAX_SHARE));
  });
});

const themes = new Map<string, RecordedCase[]>();
for (const c of recorded) themes.set(c.theme, [...(themes.get(c.theme) ?? []), c]);

/** Every case of a theme lives under its own root: /home/user/js/N/{home,work}. */
const rootOf = (index: number) => `/home/user/js/${index}`;

// One sandbox per case file (cheaper than one per case); each case has its own
// root directory, so cases cannot see each other's files.
for (const [theme, cases] of themes) {
  describe(theme, () => {
    let sb: Sandbox;
    beforeAll(async () => {
      const files: Record<string, string> = {};
      cases.forEach((c, index) => {
        for (const f of [...c.files, { path: c.main, content: c.source }]) files[`${rootOf(index)}/work/${f.path}`] = f.content;
      });
      sb = await Sandbox.create({ files });
      for (let index = 0; index < cases.length; index++) await sb.fs.mkdir(`${rootOf(index)}/home`, { recursive: true });
    });
    afterAll(async () => {
      await sb?.close();
    });

    const check = (c: RecordedCase, root: string, r: ExecResult) => {
      const actual: Outcome = { stdout: normalise(r.stdout, root), exitCode: r.exitCode, stderr: r.stderr.length > 0 };
      // A QuickJS override (rare, explained in the case) replaces only stdout.
      const expected: Outcome = { ...c.expected, stdout: c.quickjs?.stdout ?? c.expected.stdout };
      // The program and stderr in the message make a failure readable on its own.
      const context = `${c.source}\n--- stderr:\n${r.stderr}`;
      expect(actual, context).toEqual(expected);
      for (const text of c.stderrHas) expect(r.stderr, context).toContain(text);
    };

    cases.forEach((c, index) => {
      const test = failing.has(c.id) ? it.fails : it;
      const root = rootOf(index);
      const options = { cwd: `${root}/work`, env: caseEnv(root), stdin: c.stdin ?? undefined, timeoutMs: c.timeoutMs };
      test(c.id, async () => {
        check(c, root, await sb.exec(commandLine(c), options));
      });
      // The same program through the API the issue names: record.mjs checked
      // that `node -e SOURCE` prints what `node main.js` does.
      if (runsAsCode(c)) {
        test(`${c.id} (runCode)`, async () => {
          check(c, root, await sb.runCode(c.source, { language: 'javascript', ...options }));
        });
      }
    });
  });
}
