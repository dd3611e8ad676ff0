// touch, ln, readlink, realpath, chmod against GNU coreutils 9.1 output
// (recorded on Debian 12, LANG=C.UTF-8, TZ=UTC).
import { describe, expect, it } from 'vitest';
import { chmod } from '../../runtimes/coreutils/chmod.js';
import { ln } from '../../runtimes/coreutils/ln.js';
import { readlink } from '../../runtimes/coreutils/readlink.js';
import { rm } from '../../runtimes/coreutils/rm.js';
import { realpath } from '../../runtimes/coreutils/realpath.js';
import { touch } from '../../runtimes/coreutils/touch.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

const HOME = '/home/user';

/** Run several commands in order over one file system. */
function session(files: Record<string, string> = {}) {
  let last: ProgramResult | undefined;
  return (program: Parameters<typeof runProgram>[0], ...argv: string[]): ProgramResult => {
    last = runProgram(program, { argv, vfs: last?.vfs, files: last ? {} : files });
    return last;
  };
}

describe('touch', () => {
  it('creates files and sets times from -d, -t, -r', () => {
    const run = session();
    expect(run(touch, 'touch', '-d', '2020-01-02 03:04:05', 'a').exitCode).toBe(0);
    run(touch, 'touch', '-t', '202001020304.05', 'b');
    run(touch, 'touch', '-d', '@1600000000', 'c');
    run(touch, 'touch', '-r', 'a', 'd');
    const r = run(touch, 'touch', '-c', 'zz');
    expect(r.exists(`${HOME}/zz`)).toBe(false);
    const at = Date.UTC(2020, 0, 2, 3, 4, 5);
    for (const name of ['a', 'b', 'd']) expect(r.sys.stat(`${HOME}/${name}`).mtimeMs).toBe(at);
    expect(r.sys.stat(`${HOME}/c`).mtimeMs).toBe(1600000000_000);
    const m = run(touch, 'touch', '-m', '-d', '2021-01-01', 'a');
    expect(m.sys.stat(`${HOME}/a`).atimeMs).toBe(at);
    expect(m.sys.stat(`${HOME}/a`).mtimeMs).toBe(Date.UTC(2021, 0, 1));
  });

  it('errors like GNU', () => {
    expect(runProgram(touch, { argv: ['touch'] }).stderr).toBe("touch: missing file operand\nTry 'touch --help' for more information.\n");
    expect(runProgram(touch, { argv: ['touch', 'nope/x'] }).stderr).toBe("touch: cannot touch 'nope/x': No such file or directory\n");
    expect(runProgram(touch, { argv: ['touch', '-d', 'garbage', 'e'] }).stderr).toBe('touch: invalid date format ‘garbage’\n');
    expect(runProgram(touch, { argv: ['touch', '-t', '99', 'e'] })).toMatchObject({ exitCode: 1, stderr: 'touch: invalid date format ‘99’\n' });
  });
});

describe('ln', () => {
  it('makes symbolic and hard links with GNU messages', () => {
    const run = session({ [`${HOME}/a`]: 'A', [`${HOME}/dd/.keep`]: '' });
    expect(run(ln, 'ln').stderr).toBe("ln: missing file operand\nTry 'ln --help' for more information.\n");
    expect(run(ln, 'ln', '-s', 'a').stderr).toBe("ln: failed to create symbolic link './a': File exists\n");
    expect(run(ln, 'ln', '-s', 'target', 'l1').exitCode).toBe(0);
    expect(run(ln, 'ln', '-s', 'target', 'l1').stderr).toBe("ln: failed to create symbolic link 'l1': File exists\n");
    const f = run(ln, 'ln', '-sf', 't2', 'l1');
    expect(f.sys.readlink(`${HOME}/l1`)).toBe('t2');
    expect(run(ln, 'ln', 'a', 'a').stderr).toBe("ln: failed to create hard link 'a': File exists\n");
    const h = run(ln, 'ln', 'a', 'hard');
    expect(h.sys.stat(`${HOME}/a`).nlink).toBe(2);
    expect(run(ln, 'ln', '-s', '../a', 'dd').sys.readlink(`${HOME}/dd/a`)).toBe('../a');
    expect(run(ln, 'ln', '-sv', 'x', 'y').stdout).toBe("'y' -> 'x'\n");
    expect(run(ln, 'ln', 'nope', 'q').stderr).toBe("ln: failed to access 'nope': No such file or directory\n");
    expect(run(ln, 'ln', 'dd', 'dh').stderr).toBe('ln: dd: hard link not allowed for directory\n');
    expect(run(ln, 'ln', '-s', 'a', 'b', 'c').stderr).toBe("ln: target 'c': Not a directory\n");
  });
});

describe('readlink and realpath', () => {
  function tree() {
    const run = session({ [`${HOME}/d/e/f`]: '' });
    run(ln, 'ln', '-s', 'd/e', 'le');
    run(ln, 'ln', '-s', 'nope', 'dangling');
    run(ln, 'ln', '-s', 'loop1', 'loop2');
    run(ln, 'ln', '-s', 'loop2', 'loop1');
    return run;
  }

  it('readlink modes', () => {
    const run = tree();
    expect(run(readlink, 'readlink', 'le').stdout).toBe('d/e\n');
    expect(run(readlink, 'readlink', '-f', 'le/f').stdout).toBe(`${HOME}/d/e/f\n`);
    expect(run(readlink, 'readlink', 'd')).toMatchObject({ exitCode: 1, stdout: '', stderr: '' });
    expect(run(readlink, 'readlink', '-e', 'dangling')).toMatchObject({ exitCode: 1, stdout: '' });
    expect(run(readlink, 'readlink', '-m', 'dangling/x/../y').stdout).toBe(`${HOME}/nope/y\n`);
    expect(run(readlink, 'readlink', '-f', 'dangling/x')).toMatchObject({ exitCode: 1, stdout: '' });
    expect(run(readlink, 'readlink', '-n', 'le').stdout).toBe('d/e');
    expect(run(readlink, 'readlink', 'le', 'dangling').stdout).toBe('d/e\nnope\n');
    expect(run(readlink, 'readlink', '-f', 'loop1')).toMatchObject({ exitCode: 1, stdout: '', stderr: '' });
    expect(run(readlink, 'readlink').stderr).toBe("readlink: missing operand\nTry 'readlink --help' for more information.\n");
  });

  it('realpath modes', () => {
    const run = tree();
    expect(run(realpath, 'realpath', 'le/f', 'dangling')).toMatchObject({ exitCode: 0, stdout: `${HOME}/d/e/f\n${HOME}/nope\n` });
    expect(run(realpath, 'realpath', '-e', 'dangling')).toMatchObject({ exitCode: 1, stderr: 'realpath: dangling: No such file or directory\n' });
    expect(run(realpath, 'realpath', '-m', 'x/../y').stdout).toBe(`${HOME}/y\n`);
    expect(run(realpath, 'realpath', '-s', 'le/../d').stdout).toBe(`${HOME}/d\n`);
    expect(run(realpath, 'realpath', '--relative-to=d/e', 'd').stdout).toBe('..\n');
    expect(run(realpath, 'realpath', '--relative-to=d', 'le/f').stdout).toBe('e/f\n');
    expect(run(realpath, 'realpath', 'nope/x').stderr).toBe('realpath: nope/x: No such file or directory\n');
    expect(run(realpath, 'realpath', 'loop1').stderr).toBe('realpath: loop1: Too many levels of symbolic links\n');
    expect(run(realpath, 'realpath', '-q', 'nope/x')).toMatchObject({ exitCode: 1, stderr: '' });
    expect(run(realpath, 'realpath', 'ü ñ')).toMatchObject({ exitCode: 0, stdout: `${HOME}/ü ñ\n` });
  });
});

describe('chmod', () => {
  it('octal and symbolic modes, -v -c -R', () => {
    // Created by our touch, so modes are 0666 & ~umask as on a real system.
    const run = session({ [`${HOME}/d/.keep`]: '' });
    run(rm, 'rm', 'd/.keep');
    run(touch, 'touch', 'f', 'd/x');
    run(chmod, 'chmod', '755', 'd');
    expect(run(chmod, 'chmod', '-v', '600', 'f').stdout).toBe("mode of 'f' changed from 0644 (rw-r--r--) to 0600 (rw-------)\n");
    expect(run(chmod, 'chmod', '-v', '600', 'f').stdout).toBe("mode of 'f' retained as 0600 (rw-------)\n");
    expect(run(chmod, 'chmod', '-c', '644', 'f').stdout).toBe("mode of 'f' changed from 0600 (rw-------) to 0644 (rw-r--r--)\n");
    expect(run(chmod, 'chmod', '-c', '644', 'f').stdout).toBe('');
    const r = run(chmod, 'chmod', '-R', 'go-rwx', 'd');
    expect(r.sys.stat(`${HOME}/d`).mode).toBe(0o700);
    expect(r.sys.stat(`${HOME}/d/x`).mode).toBe(0o600);
    expect(run(chmod, 'chmod', '-vR', 'u+x', 'd').stdout).toBe(
      "mode of 'd' retained as 0700 (rwx------)\nmode of 'd/x' changed from 0600 (rw-------) to 0700 (rwx------)\n",
    );
    const steps: [string, string][] = [
      ['+x', "mode of 'f' changed from 0644 (rw-r--r--) to 0755 (rwxr-xr-x)\n"],
      ['-w', "mode of 'f' changed from 0755 (rwxr-xr-x) to 0555 (r-xr-xr-x)\n"],
      ['=r', "mode of 'f' changed from 0555 (r-xr-xr-x) to 0444 (r--r--r--)\n"],
      ['a+X', "mode of 'f' retained as 0444 (r--r--r--)\n"],
      ['g=u', "mode of 'f' retained as 0444 (r--r--r--)\n"],
      ['4755', "mode of 'f' changed from 0444 (r--r--r--) to 4755 (rwsr-xr-x)\n"],
    ];
    for (const [mode, out] of steps) expect(run(chmod, 'chmod', mode, 'f', '-v').stdout).toBe(out);
  });

  it('errors like GNU', () => {
    expect(runProgram(chmod, { argv: ['chmod'] }).stderr).toBe("chmod: missing operand\nTry 'chmod --help' for more information.\n");
    expect(runProgram(chmod, { argv: ['chmod', '755'] }).stderr).toBe("chmod: missing operand after ‘755’\nTry 'chmod --help' for more information.\n");
    expect(runProgram(chmod, { argv: ['chmod', 'zz', 'f'] }).stderr).toBe("chmod: invalid mode: ‘zz’\nTry 'chmod --help' for more information.\n");
    expect(runProgram(chmod, { argv: ['chmod', '644', 'nope'] })).toMatchObject({
      exitCode: 1,
      stderr: "chmod: cannot access 'nope': No such file or directory\n",
    });
  });
});
