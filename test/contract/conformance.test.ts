/**
 * Replay the conformance corpus (test/conformance) against wasmbox's sh and
 * coreutils, in Node and in Chromium: stdout and exit status must equal what
 * bash and the GNU tools printed when record.mjs ran, and stderr must be
 * empty exactly when theirs was.
 *
 * Cases listed in KNOWN_LIMITATIONS.md ("Conformance cases that differ") are
 * expected to fail (it.fails), so a fixed case shows up as a failure until its
 * line is removed, and the list cannot silently go stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';
import knownMarkdown from '../../KNOWN_LIMITATIONS.md?raw';
import { caseEnv, knownDifferences, normalise, parseCaseFile } from '../conformance/cases.mjs';
import type { Outcome, RecordedCase } from '../conformance/cases.d.mts';
import expectedJson from '../conformance/expected.json';

/** At most this share of the corpus may be listed as differing (the task's bar). */
const MAX_KNOWN_SHARE = 0.05;

const recorded = (expectedJson as unknown as { cases: RecordedCase[] }).cases;
const known = knownDifferences(knownMarkdown);
const sources = import.meta.glob('../conformance/cases/*/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('the conformance corpus', () => {
  it('was recorded from the case files as they are now (re-run test/conformance/record.mjs)', () => {
    const parsed = Object.entries(sources).flatMap(([path, text]) => {
      const theme = /cases\/(.+)\.txt$/.exec(path)![1]!;
      return parseCaseFile(text, theme);
    });
    const strip = ({ expected: _e, dash: _d, ...c }: RecordedCase) => c;
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    expect(recorded.map(strip).sort(byId)).toEqual(parsed.sort(byId));
  });

  it('lists only existing cases as known differences, and at most 5% of them', () => {
    const ids = new Set(recorded.map((c) => c.id));
    expect([...known.keys()].filter((id) => !ids.has(id))).toEqual([]);
    expect(known.size).toBeLessThanOrEqual(Math.floor(recorded.length * MAX_KNOWN_SHARE));
  });
});

const themes = new Map<string, RecordedCase[]>();
for (const c of recorded) themes.set(c.theme, [...(themes.get(c.theme) ?? []), c]);

// One sandbox per case file, and a fresh root directory per case: cheaper than
// a sandbox per case, and cases still cannot see each other's files.
for (const [theme, cases] of themes) {
  describe(theme, () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await Sandbox.create();
    });
    afterAll(async () => {
      await sb?.close();
    });

    cases.forEach((c, index) => {
      const test = known.has(c.id) ? it.fails : it;
      test(c.id, async () => {
        const root = `/home/user/conformance/${index}`;
        const work = `${root}/work`;
        await sb.fs.mkdir(`${root}/home`, { recursive: true });
        await sb.fs.mkdir(work, { recursive: true });
        for (const dir of c.dirs) await sb.fs.mkdir(`${work}/${dir}`, { recursive: true });
        for (const file of c.files) {
          const path = `${work}/${file.path}`;
          await sb.fs.mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
          await sb.fs.writeFile(path, file.content);
          await sb.fs.chmod(path, file.mode);
        }
        const r = await sb.exec(c.script, { cwd: work, env: caseEnv(root), stdin: c.stdin ?? undefined, timeoutMs: c.timeoutMs });
        const actual: Outcome = { stdout: normalise(r.stdout, root), exitCode: r.exitCode, stderr: r.stderr.length > 0 };
        // The script and stderr in the message make a failure readable on its own.
        expect(actual, `${c.script}\n--- stderr:\n${r.stderr}`).toEqual(c.expected);
      });
    });
  });
}
