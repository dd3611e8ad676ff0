// The tar command: archives we create are listed and extracted by GNU tar
// 1.34, archives GNU tar creates are extracted by us, and messages, exit
// statuses and the safety rules (.., leading /, symlink escapes) match GNU.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ln } from '../../runtimes/coreutils/ln.js';
import { tar } from '../../runtimes/coreutils/tar.js';
import { writeArchive } from '../../engine/tar-format.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

const HOME = '/home/user';
let real: string;
beforeEach(() => {
  real = mkdtempSync(join(tmpdir(), 'tar-cmd-'));
});
afterEach(() => rmSync(real, { recursive: true, force: true }));

function session(files: Record<string, string | Uint8Array> = {}) {
  let last: ProgramResult | undefined;
  return (program: Parameters<typeof runProgram>[0], argv: string[], stdin?: Uint8Array): ProgramResult => {
    last = runProgram(program, { argv, vfs: last?.vfs, files: last ? {} : files, stdin });
    return last;
  };
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('tar', () => {
  it('czf: GNU tar lists and extracts what we wrote', () => {
    const run = session({ [`${HOME}/d/f`]: 'hi\n', [`${HOME}/d/s/deep file ü`]: 'deep\n' });
    run(ln, ['ln', '-s', 'f', 'd/l']);
    const r = run(tar, ['tar', 'czf', 'o.tgz', 'd']);
    expect(r).toMatchObject({ exitCode: 0, stderr: '', stdout: '' });
    const tgz = join(real, 'o.tgz');
    writeFileSync(tgz, r.sys.readFile(`${HOME}/o.tgz`));
    expect(execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' })).toBe('d/\nd/f\nd/l\nd/s/\nd/s/deep file ü\n');
    execFileSync('tar', ['xzf', tgz, '-C', real]);
    expect(readFileSync(join(real, 'd/s/deep file ü'), 'utf8')).toBe('deep\n');
    expect(readlinkSync(join(real, 'd/l'))).toBe('f');
    expect(run(tar, ['tar', 'tzf', 'o.tgz']).stdout).toBe('d/\nd/f\nd/l\nd/s/\nd/s/deep file ü\n');
    expect(run(tar, ['tar', '-tvf', 'o.tgz']).stdout.split('\n')[1]).toMatch(
      /^-rw-.{6} user\/user {9}3 \d{4}-\d\d-\d\d \d\d:\d\d d\/f$/,
    );
  });

  it('xzf -C: we extract what GNU tar wrote (gnu format, long names)', () => {
    const long = `${'n'.repeat(120)}/${'m'.repeat(80)}.txt`;
    mkdirSync(join(real, 'src', 'n'.repeat(120)), { recursive: true });
    writeFileSync(join(real, 'src', long), 'long\n');
    writeFileSync(join(real, 'src', 'x'), 'x\n');
    symlinkSync('x', join(real, 'src', 'lx'));
    const archive = execFileSync('tar', ['czf', '-', '-C', real, 'src']);
    const run = session({ [`${HOME}/a.tgz`]: archive, [`${HOME}/dest/.keep`]: '' });
    const r = run(tar, ['tar', 'xzvf', 'a.tgz', '-C', 'dest']);
    expect(r.exitCode).toBe(0);
    expect(r.readFile(`${HOME}/dest/src/${long}`)).toBe('long\n');
    expect(r.sys.readlink(`${HOME}/dest/src/lx`)).toBe('x');
    expect(r.stdout.split('\n')).toContain('src/x');
    // Auto-detects gzip without z, and -O writes contents.
    expect(run(tar, ['tar', '-xOf', 'a.tgz', 'src/x']).stdout).toBe('x\n');
  });

  it('cf - | tar t through stdin and stdout, verbose names on stderr', () => {
    const run = session({ [`${HOME}/d/f`]: 'hi\n' });
    const c = run(tar, ['tar', '-cvf', '-', 'd']);
    expect(c.stderr).toBe('d/\nd/f\n');
    expect(runProgram(tar, { argv: ['tar', '-t'], stdin: c.stdoutBytes }).stdout).toBe('d/\nd/f\n');
  });

  it('errors and statuses like GNU tar', () => {
    const run = session({ [`${HOME}/o.tar`]: writeArchive([{ entry: { name: 'f', type: 'file' }, data: bytes('x') }]), [`${HOME}/g.tar`]: 'garbage\n' });
    expect(run(tar, ['tar'])).toMatchObject({
      exitCode: 2,
      stderr: "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
    });
    expect(run(tar, ['tar', 'xf', 'o.tar', '-C', 'nope'])).toMatchObject({
      exitCode: 2,
      stderr: 'tar: nope: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n',
    });
    expect(run(tar, ['tar', 'cf', 'x.tar', 'nope'])).toMatchObject({
      exitCode: 2,
      stderr: 'tar: nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n',
    });
    expect(run(tar, ['tar', 'xf', 'nope.tar'])).toMatchObject({
      exitCode: 2,
      stderr: 'tar: nope.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n',
    });
    expect(run(tar, ['tar', 'xf', 'g.tar'])).toMatchObject({
      exitCode: 2,
      stderr: 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
    });
    const cut = writeArchive([{ entry: { name: 'f', type: 'file' }, data: new Uint8Array(4000) }]).subarray(0, 1536);
    expect(runProgram(tar, { argv: ['tar', 'tf', '-'], stdin: cut })).toMatchObject({
      exitCode: 2,
      stdout: 'f\n',
      stderr: 'tar: Unexpected EOF in archive\ntar: Error is not recoverable: exiting now\n',
    });
    // Check the same messages against the real tar.
    const g = spawnSync('tar', ['xf', join(real, 'nope.tar')], { encoding: 'utf8', cwd: real });
    expect(g.status).toBe(2);
  });

  it('refuses .. members, strips leading /, and never writes through an archived symlink', () => {
    const evil = writeArchive([
      { entry: { name: '../escape', type: 'file' }, data: bytes('bad') },
      { entry: { name: '/abs', type: 'file' }, data: bytes('abs') },
      { entry: { name: 'link', type: 'symlink', linkname: '/etc' } },
      { entry: { name: 'link/passwd', type: 'file' }, data: bytes('pwned') },
      { entry: { name: 'ok', type: 'file' }, data: bytes('fine') },
    ]);
    const run = session({ [`${HOME}/evil.tar`]: evil, [`${HOME}/x/.keep`]: '', '/etc/passwd': 'root' });
    const r = run(tar, ['tar', 'xf', 'evil.tar', '-C', 'x']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      "tar: ../escape: Member name contains '..'\n" +
        "tar: Removing leading `/' from member names\n" +
        'tar: link/passwd: Cannot open: Not a directory\n' +
        'tar: Exiting with failure status due to previous errors\n',
    );
    expect(r.exists(`${HOME}/escape`)).toBe(false);
    expect(r.readFile(`${HOME}/x/abs`)).toBe('abs');
    expect(r.readFile('/etc/passwd')).toBe('root');
    expect(r.readFile(`${HOME}/x/ok`)).toBe('fine');
    expect(r.sys.readlink(`${HOME}/x/link`)).toBe('/etc');

    // GNU tar reports the same for the same archive.
    writeFileSync(join(real, 'evil.tar'), evil);
    mkdirSync(join(real, 'x'));
    const g = spawnSync('tar', ['xf', join(real, 'evil.tar'), '-C', join(real, 'x')], { encoding: 'utf8' });
    expect(g.status).toBe(2);
    expect(g.stderr).toContain("tar: ../escape: Member name contains '..'");
    expect(g.stderr).toContain('tar: link/passwd: Cannot open: Not a directory');
  });

  it('a truncated or corrupt gzip archive fails cleanly', () => {
    const good = execFileSync('tar', ['czf', '-', '-C', '/usr/share/doc', 'tar']);
    const run = session({ [`${HOME}/t.tgz`]: good.subarray(0, good.length / 2), [`${HOME}/out/.keep`]: '' });
    const r = run(tar, ['tar', 'xzf', 't.tgz', '-C', 'out']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('gzip: t.tgz: unexpected end of file\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n');
    expect(r.sys.readdir(`${HOME}/out`)).toEqual(['.keep']);
  });
});
