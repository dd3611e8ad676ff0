// find and du compared with GNU findutils 4.9 / coreutils 9.1 run on the same
// tree on this machine. GNU find visits entries in readdir order and ours in
// name order, so lines are compared sorted unless the order is ours to fix.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { du } from '../../runtimes/coreutils/du.js';
import { find } from '../../runtimes/coreutils/find.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

const HOME = '/home/user';
const FILES: Record<string, string> = {
  't/a/f.txt': 'hi\n',
  't/a/b/E.TXT': '',
  't/c/g.txt': 'x'.repeat(3000),
  't/empty': '',
  't/sp ace/ü.txt': 'u',
};
const DIRS = ['t/emptydir'];
const LINKS: Record<string, string> = { 't/link': 'a' };

let real: string;
let base: ProgramResult;

beforeAll(() => {
  real = mkdtempSync(join(tmpdir(), 'find-'));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(real, path)), { recursive: true });
    writeFileSync(join(real, path), content);
  }
  for (const dir of DIRS) mkdirSync(join(real, dir), { recursive: true });
  for (const [path, target] of Object.entries(LINKS)) symlinkSync(target, join(real, path));
  base = runProgram(find, {
    argv: ['find', '-quit'],
    files: Object.fromEntries(Object.entries(FILES).map(([p, c]) => [`${HOME}/${p}`, c])),
  });
  for (const dir of DIRS) base.sys.mkdir(`${HOME}/${dir}`);
  for (const [path, target] of Object.entries(LINKS)) base.sys.symlink(target, `${HOME}/${path}`);
});
afterAll(() => rmSync(real, { recursive: true, force: true }));

function gnu(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: real, encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', TZ: 'UTC' } });
  return { exitCode: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sorted = (text: string) => text.split('\n').filter(Boolean).sort().join('\n');

describe('find matches GNU find', () => {
  const cases: string[][] = [
    ['t'],
    ['t', '-name', '*.txt'],
    ['t', '-iname', '*.txt', '-type', 'f'],
    ['t', '-type', 'd', '-empty'],
    ['t', '-empty'],
    ['t', '-maxdepth', '1', '-mindepth', '1'],
    ['t', '-path', '*a/*', '!', '-name', 'f.txt'],
    ['t', '(', '-name', 'a', '-prune', ')', '-o', '-type', 'f', '-print'],
    ['t', '-type', 'f', '-size', '-1k'],
    ['t', '-type', 'f', '-size', '+2k'],
    ['t', '-type', 'l', '-size', '1c'],
    ['t', '-size', '3000c'],
    ['t', '-type', 'l'],
    ['t', '-type', 'f,l'],
    ['t', '-not', '-type', 'd', '-a', '-name', '*e*'],
    ['t', '-name', 'c', '-o', '-name', 'b'],
    ['t/', '-maxdepth', '1'],
    ['t', '-perm', '-u+r', '-type', 'f', '-name', 'g*'],
    ['t', '-mtime', '-1', '-name', 'f.txt'],
    ['t', '-newer', 't/a/f.txt', '-name', 'nothing'],
  ];
  for (const args of cases) {
    it(args.join(' '), () => {
      const ours = runProgram(find, { argv: ['find', ...args], vfs: base.vfs });
      const theirs = gnu('find', args);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.exitCode).toBe(theirs.exitCode);
      expect(sorted(ours.stdout)).toBe(sorted(theirs.stdout));
    });
  }

  it('-print0 and pre-order within our name order', () => {
    const ours = runProgram(find, { argv: ['find', 't/a', '-print0'], vfs: base.vfs });
    expect(ours.stdout).toBe('t/a\0t/a/b\0t/a/b/E.TXT\0t/a/f.txt\0');
  });

  const errors: string[][] = [
    ['nope'],
    ['.', '-foo'],
    ['.', '-name'],
    ['.', '-name', 'x', 'y'],
    ['t', '-type', 'q'],
    ['.', '(', '-name', 'f'],
    ['.', '-size', '3x'],
    ['t', '-exec', 'echo'],
    ['.', '-maxdepth'],
  ];
  for (const args of errors) {
    it(`error: ${args.join(' ')}`, () => {
      const ours = runProgram(find, { argv: ['find', ...args], vfs: base.vfs });
      const theirs = gnu('find', args);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.exitCode).toBe(theirs.exitCode);
    });
  }

  it('-delete removes depth-first', () => {
    const r = runProgram(find, {
      argv: ['find', 'x', '-delete'],
      files: { [`${HOME}/x/y/z`]: '', [`${HOME}/x/w`]: '' },
    });
    expect(r.exitCode).toBe(0);
    expect(r.exists(`${HOME}/x`)).toBe(false);
  });

  it('-exec reports that it cannot spawn in the in-thread harness', () => {
    const r = runProgram(find, { argv: ['find', 't/a/f.txt', '-exec', 'echo', '{}', ';'], vfs: base.vfs });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^find: ‘echo’: /);
  });
});

describe('du --apparent-size matches GNU (directories count 0 bytes here, 4096 on ext4)', () => {
  // Compare on files only: GNU's directory sizes differ, so use -a with files' own lines.
  it('-ab lists every file with its byte size', () => {
    const ours = runProgram(du, { argv: ['du', '-ab', 't'], vfs: base.vfs });
    const theirs = gnu('du', ['-ab', 't']);
    const filesOnly = (text: string) =>
      sorted(text.split('\n').filter((l) => /\.(txt|TXT)$|empty$|link$/.test(l) && !l.endsWith('emptydir')).join('\n'));
    expect(filesOnly(ours.stdout)).toBe(filesOnly(theirs.stdout));
  });

  it('-s -h -c -d and errors', () => {
    expect(runProgram(du, { argv: ['du', '-sb', 't'], vfs: base.vfs }).stdout).toBe('3005\tt\n');
    expect(runProgram(du, { argv: ['du', '-h', '-s', 't/c'], vfs: base.vfs }).stdout).toBe('3.0K\tt/c\n');
    expect(runProgram(du, { argv: ['du', '-c', 't/c', 't/a'], vfs: base.vfs }).stdout).toBe('3\tt/c\n0\tt/a/b\n1\tt/a\n3\ttotal\n') // bytes summed, then rounded;
    expect(runProgram(du, { argv: ['du', '-d', '0', 't'], vfs: base.vfs }).stdout).toBe('3\tt\n');
    expect(runProgram(du, { argv: ['du', 't/c/g.txt', 't/c/g.txt'], vfs: base.vfs }).stdout).toBe('3\tt/c/g.txt\n');
    expect(runProgram(du, { argv: ['du', 'nope'], vfs: base.vfs })).toMatchObject({
      exitCode: 1,
      stderr: "du: cannot access 'nope': No such file or directory\n",
    });
    expect(gnu('du', ['nope']).stderr).toBe("du: cannot access 'nope': No such file or directory\n");
  });
});
