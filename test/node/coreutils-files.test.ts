// The file coreutils against the output of GNU coreutils 9.1 on Debian 12
// (recorded by running the real tools; LANG=C.UTF-8, TZ=UTC).
import { describe, expect, it } from 'vitest';
import { mkdir } from '../../runtimes/coreutils/mkdir.js';
import { rm } from '../../runtimes/coreutils/rm.js';
import { rmdir } from '../../runtimes/coreutils/rmdir.js';
import { runProgram } from '../helpers/run-program.js';

const HOME = '/home/user';

describe('rm', () => {
  it('reports missing operands and unknown options like GNU', () => {
    expect(runProgram(rm, { argv: ['rm'] })).toMatchObject({
      exitCode: 1,
      stderr: "rm: missing operand\nTry 'rm --help' for more information.\n",
    });
    expect(runProgram(rm, { argv: ['rm', '-f'] }).exitCode).toBe(0);
    expect(runProgram(rm, { argv: ['rm', '-x', 'f'] }).stderr).toBe(
      "rm: invalid option -- 'x'\nTry 'rm --help' for more information.\n",
    );
  });

  it('removes files and refuses directories without -r', () => {
    const r = runProgram(rm, { argv: ['rm', 'nope', 'd', 'f'], files: { [`${HOME}/f`]: 'x', [`${HOME}/d/g`]: 'y' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("rm: cannot remove 'nope': No such file or directory\nrm: cannot remove 'd': Is a directory\n");
    expect(r.exists(`${HOME}/f`)).toBe(false);
    expect(r.exists(`${HOME}/d/g`)).toBe(true);
  });

  it('removes trees with -rv in depth-first order', () => {
    const r = runProgram(rm, { argv: ['rm', '-rv', 'd'], files: { [`${HOME}/d/e/x`]: '' } });
    expect(r.stdout).toBe("removed 'd/e/x'\nremoved directory 'd/e'\nremoved directory 'd'\n");
    expect(r.exists(`${HOME}/d`)).toBe(false);
  });

  it('refuses / . and ..', () => {
    const r = runProgram(rm, { argv: ['rm', '-rf', '/', '.', './', '..'] });
    expect(r.stderr).toBe(
      "rm: it is dangerous to operate recursively on '/'\n" +
        'rm: use --no-preserve-root to override this failsafe\n' +
        "rm: refusing to remove '.' or '..' directory: skipping '.'\n" +
        "rm: refusing to remove '.' or '..' directory: skipping './'\n" +
        "rm: refusing to remove '.' or '..' directory: skipping '..'\n",
    );
    expect(r.exitCode).toBe(1);
    expect(r.exists('/bin')).toBe(true);
  });

  it('quotes odd names the way GNU does', () => {
    const r = runProgram(rm, { argv: ['rm', 'a b', "c'd", 'é', 'a\nb', "a'$b"] });
    expect(r.stderr).toBe(
      "rm: cannot remove 'a b': No such file or directory\n" +
        'rm: cannot remove "c\'d": No such file or directory\n' +
        "rm: cannot remove 'é': No such file or directory\n" +
        "rm: cannot remove 'a'$'\\n''b': No such file or directory\n" +
        "rm: cannot remove 'a'\\''$b': No such file or directory\n",
    );
  });

  it('-d removes empty directories only', () => {
    const r = runProgram(rm, { argv: ['rm', '-d', 'e/', 'full'], files: { [`${HOME}/full/x`]: '' } });
    expect(r.stderr).toBe("rm: cannot remove 'e/': No such file or directory\nrm: cannot remove 'full': Directory not empty\n");
  });
});

describe('mkdir and rmdir', () => {
  it('mkdir errors and -p -v -m', () => {
    const files = { [`${HOME}/f`]: '' };
    expect(runProgram(mkdir, { argv: ['mkdir'] }).stderr).toBe("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
    expect(runProgram(mkdir, { argv: ['mkdir', 'f'], files }).stderr).toBe('mkdir: cannot create directory ‘f’: File exists\n');
    expect(runProgram(mkdir, { argv: ['mkdir', '-p', 'f/x'], files }).stderr).toBe('mkdir: cannot create directory ‘f’: Not a directory\n');
    expect(runProgram(mkdir, { argv: ['mkdir', 'nope/x'] }).stderr).toBe('mkdir: cannot create directory ‘nope/x’: No such file or directory\n');
    expect(runProgram(mkdir, { argv: ['mkdir', '-m', 'zz', 'q'] }).stderr).toBe('mkdir: invalid mode ‘zz’\n');
    const r = runProgram(mkdir, { argv: ['mkdir', '-pv', 'a/b/c'] });
    expect(r.stdout).toBe("mkdir: created directory 'a'\nmkdir: created directory 'a/b'\nmkdir: created directory 'a/b/c'\n");
    expect(runProgram(mkdir, { argv: ['mkdir', '-p', 'a/b/c'], vfs: r.vfs }).exitCode).toBe(0);
    const m = runProgram(mkdir, { argv: ['mkdir', '-m', '700', 'e', '-m', 'u+x,g=r', 'ee'] });
    expect(m.sys.stat(`${HOME}/ee`).mode).toBe(0o747);
    const m2 = runProgram(mkdir, { argv: ['mkdir', '-m', '700', 'e'] });
    expect(m2.sys.stat(`${HOME}/e`).mode).toBe(0o700);
  });

  it('rmdir -p, --ignore-fail-on-non-empty, -v', () => {
    const r = runProgram(mkdir, { argv: ['mkdir', '-p', 'a/b/c', 'z/y/x', 'd'], files: { [`${HOME}/z/y/file`]: '', [`${HOME}/f`]: '' } });
    const vfs = r.vfs;
    expect(runProgram(rmdir, { argv: ['rmdir'], vfs }).stderr).toBe("rmdir: missing operand\nTry 'rmdir --help' for more information.\n");
    expect(runProgram(rmdir, { argv: ['rmdir', 'a'], vfs }).stderr).toBe("rmdir: failed to remove 'a': Directory not empty\n");
    expect(runProgram(rmdir, { argv: ['rmdir', '-p', 'a/b/c'], vfs }).exitCode).toBe(0);
    expect(r.exists(`${HOME}/a`)).toBe(false);
    expect(runProgram(rmdir, { argv: ['rmdir', '-v', 'd'], vfs }).stdout).toBe("rmdir: removing directory, 'd'\n");
    const p = runProgram(rmdir, { argv: ['rmdir', '-p', 'z/y/x'], vfs });
    expect(p).toMatchObject({ exitCode: 1, stderr: "rmdir: failed to remove directory 'z/y': Directory not empty\n" });
    expect(runProgram(rmdir, { argv: ['rmdir', '--ignore-fail-on-non-empty', '-p', 'z/y'], vfs }).exitCode).toBe(0);
    expect(runProgram(rmdir, { argv: ['rmdir', 'f', 'nope'], vfs }).stderr).toBe(
      "rmdir: failed to remove 'f': Not a directory\nrmdir: failed to remove 'nope': No such file or directory\n",
    );
  });
});
