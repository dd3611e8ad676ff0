// gzip, gunzip, zcat against GNU gzip 1.12: our output decompresses with
// the real gzip, the real gzip's output decompresses with ours, and the
// messages and statuses match.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gunzip } from '../../runtimes/coreutils/gunzip.js';
import { gzip } from '../../runtimes/coreutils/gzip.js';
import { zcat } from '../../runtimes/coreutils/zcat.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

const HOME = '/home/user';

function session(files: Record<string, string | Uint8Array> = {}) {
  let last: ProgramResult | undefined;
  return (program: Parameters<typeof runProgram>[0], argv: string[], stdin?: string | Uint8Array): ProgramResult => {
    last = runProgram(program, { argv, vfs: last?.vfs, files: last ? {} : files, stdin });
    return last;
  };
}

describe('gzip', () => {
  it('replaces a file with file.gz that GNU gunzip reads, and back', () => {
    const run = session({ [`${HOME}/a`]: 'hello\n'.repeat(100) });
    const r = run(gzip, ['gzip', 'a']);
    expect(r.exitCode).toBe(0);
    expect(r.exists(`${HOME}/a`)).toBe(false);
    const gz = r.sys.readFile(`${HOME}/a.gz`);
    expect(execFileSync('gzip', ['-dc'], { input: gz }).toString()).toBe('hello\n'.repeat(100));
    expect(execFileSync('gzip', ['-l', '-N'], { input: gz }).toString()).toContain('a');
    const back = run(gunzip, ['gunzip', 'a.gz']);
    expect(back.readFile(`${HOME}/a`)).toBe('hello\n'.repeat(100));
    expect(back.exists(`${HOME}/a.gz`)).toBe(false);
  });

  it('reads what GNU gzip wrote, including concatenated members, from stdin', () => {
    const one = execFileSync('gzip', ['-c'], { input: 'first\n' });
    const two = execFileSync('gzip', ['-c'], { input: 'second\n' });
    const both = new Uint8Array([...one, ...two]);
    expect(runProgram(zcat, { argv: ['zcat'], stdin: both }).stdout).toBe('first\nsecond\n');
    expect(runProgram(gunzip, { argv: ['gunzip', '-c', '-'], stdin: one }).stdout).toBe('first\n');
    const piped = runProgram(gzip, { argv: ['gzip'], stdin: 'hi\n' });
    expect(execFileSync('gzip', ['-dc'], { input: piped.stdoutBytes }).toString()).toBe('hi\n');
  });

  it('-k -c -v and the GNU warnings', () => {
    const run = session({ [`${HOME}/e`]: 'hi\n', [`${HOME}/x.gz`]: '', [`${HOME}/d/f`]: '' });
    expect(run(gzip, ['gzip', '-k', 'e']).exitCode).toBe(0);
    expect(run(gzip, ['gzip', 'e'])).toMatchObject({ exitCode: 2, stderr: 'gzip: e.gz already exists;\tnot overwritten\n' });
    expect(run(gzip, ['gzip', 'x.gz'])).toMatchObject({ exitCode: 2, stderr: 'gzip: x.gz already has .gz suffix -- unchanged\n' });
    expect(run(gunzip, ['gunzip', 'e'])).toMatchObject({ exitCode: 2, stderr: 'gzip: e: unknown suffix -- ignored\n' });
    expect(run(zcat, ['zcat', 'nope'])).toMatchObject({ exitCode: 1, stderr: 'gzip: nope.gz: No such file or directory\n' });
    expect(run(gzip, ['gzip', '-d', '-S', '.txt', 'e'])).toMatchObject({ exitCode: 2, stderr: 'gzip: e: unknown suffix -- ignored\n' });
    const v = run(gzip, ['gzip', '-vf', 'e']);
    expect(v.stderr).toBe('e:\t-66.7% -- replaced with e.gz\n');
    expect(run(gunzip, ['gunzip', '-v', 'e.gz']).stderr).toBe('e.gz:\t-66.7% -- replaced with e\n');
    expect(run(gzip, ['gzip', 'd'])).toMatchObject({ exitCode: 2, stderr: 'gzip: d is a directory -- ignored\n' });
    expect(run(gzip, ['gzip', '-x'])).toMatchObject({ exitCode: 1, stderr: "gzip: invalid option -- 'x'\nTry `gzip --help' for more information.\n" });
  });

  it('corrupt and truncated input: clear error, status 1, nothing written', () => {
    const good = execFileSync('gzip', ['-c'], { input: 'some data here\n'.repeat(50) });
    const flipped = new Uint8Array(good);
    flipped[flipped.length - 6] ^= 0xff;
    const run = session({
      [`${HOME}/bad.gz`]: 'garbage\n',
      [`${HOME}/trunc.gz`]: new Uint8Array([0x1f, 0x8b, 8, 0]),
      [`${HOME}/crc.gz`]: flipped,
      [`${HOME}/half.gz`]: good.subarray(0, 20),
    });
    expect(run(gunzip, ['gunzip', 'bad.gz'])).toMatchObject({ exitCode: 1, stderr: '\ngzip: bad.gz: not in gzip format\n' });
    expect(run(gunzip, ['gunzip', 'trunc.gz'])).toMatchObject({ exitCode: 1, stderr: '\ngzip: trunc.gz: unexpected end of file\n' });
    expect(run(gunzip, ['gunzip', 'half.gz'])).toMatchObject({ exitCode: 1, stderr: '\ngzip: half.gz: unexpected end of file\n' });
    const crc = run(gunzip, ['gunzip', 'crc.gz']);
    expect(crc).toMatchObject({ exitCode: 1, stderr: '\ngzip: crc.gz: invalid compressed data--crc error\n' });
    for (const name of ['bad', 'trunc', 'crc', 'half']) expect(crc.exists(`${HOME}/${name}`)).toBe(false);
    expect(run(gunzip, ['gunzip', 'nope.gz'])).toMatchObject({ exitCode: 1, stderr: 'gzip: nope.gz: No such file or directory\n' });
    expect(runProgram(gunzip, { argv: ['gunzip'], stdin: 'garbage' })).toMatchObject({ exitCode: 1, stderr: '\ngzip: stdin: not in gzip format\n' });
  });
});
