/**
 * Every coreutil answers --help with a usage text and an unknown option with
 * a usage error, with the exit status the GNU tool on this machine gives
 * (issue 3: "an unknown option gives a usage message and a non-zero exit").
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROGRAMS } from '../../engine/program-files.js';
import { loadQuickJSPrograms, lookupProgram } from '../../runtimes/programs.js';
import { runProgram } from '../helpers/run-program.js';

const COREUTILS = BUILTIN_PROGRAMS.filter((name) => name !== 'sh');
/** Debian's `which` is a small script of its own, not GNU which: compare only the shape there. */
const NOT_GNU = new Set(['which']);

function gnu(name: string, args: string[]): { status: number; stdout: string; stderr: string } | undefined {
  const path = ['/usr/bin', '/bin'].map((d) => `${d}/${name}`).find((p) => existsSync(p));
  if (!path || NOT_GNU.has(name)) return undefined;
  const r = spawnSync(path, args, { input: '', encoding: 'utf8' });
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

// `js` is in the registry's lazily loaded QuickJS chunk (runtimes/programs.ts).
beforeAll(() => loadQuickJSPrograms());

describe('--help', () => {
  for (const name of COREUTILS) {
    it(name, () => {
      const r = runProgram(lookupProgram(name)!, { argv: [name, '--help'] });
      expect(r.stdout).toMatch(/^Usage: /);
      const real = gnu(name, ['--help']);
      // GNU tar's help is longer than a pipe buffer and dies of SIGPIPE when unread; the others exit 0 (false: 1).
      if (real && name !== 'tar') expect(r.exitCode, r.stderr).toBe(real.status);
      else expect(r.exitCode, r.stderr).toBe(name === 'false' ? 1 : 0);
    });
  }
});

describe('an unknown option', () => {
  for (const name of COREUTILS) {
    it(name, () => {
      const r = runProgram(lookupProgram(name)!, { argv: [name, '--no-such-option'], stdin: '' });
      const real = gnu(name, ['--no-such-option']);
      if (real) {
        expect(r.exitCode, r.stderr).toBe(real.status);
        expect(r.stderr === '', r.stderr).toBe(real.stderr === '');
      } else {
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).not.toBe('');
      }
    });
  }
});
