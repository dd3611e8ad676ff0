// cp and mv against GNU coreutils 9.1 output (Debian 12, LANG=C.UTF-8).
import { describe, expect, it } from 'vitest';
import { cp } from '../../runtimes/coreutils/cp.js';
import { ln } from '../../runtimes/coreutils/ln.js';
import { mv } from '../../runtimes/coreutils/mv.js';
import { touch } from '../../runtimes/coreutils/touch.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

const HOME = '/home/user';

function session(files: Record<string, string> = {}) {
  let last: ProgramResult | undefined;
  return (program: Parameters<typeof runProgram>[0], ...argv: string[]): ProgramResult => {
    last = runProgram(program, { argv, vfs: last?.vfs, files: last ? {} : files });
    return last;
  };
}

const usage = (cmd: string, line: string) => `${cmd}: ${line}\nTry '${cmd} --help' for more information.\n`;

describe('cp', () => {
  it('copies files, trees, into directories, with GNU messages', () => {
    const run = session({ [`${HOME}/d/f`]: 'x\n', [`${HOME}/g`]: 'y\n', [`${HOME}/e/h`]: '' });
    expect(run(cp, 'cp').stderr).toBe(usage('cp', 'missing file operand'));
    expect(run(cp, 'cp', 'g').stderr).toBe(usage('cp', "missing destination file operand after 'g'"));
    expect(run(cp, 'cp', 'd', 'e')).toMatchObject({ exitCode: 1, stderr: "cp: -r not specified; omitting directory 'd'\n" });
    const r = run(cp, 'cp', '-r', 'd', 'e');
    expect(r.readFile(`${HOME}/e/d/f`)).toBe('x\n');
    expect(run(cp, 'cp', '-r', 'd', 'd/sub').stderr).toBe("cp: cannot copy a directory, 'd', into itself, 'd/sub'\n");
    expect(run(cp, 'cp', '-v', 'g', 'h').stdout).toBe("'g' -> 'h'\n");
    expect(run(cp, 'cp', '-rv', 'd', 'n').stdout).toBe("'d' -> 'n'\n'd/f' -> 'n/f'\n");
    expect(run(cp, 'cp', 'nope', 'x').stderr).toBe("cp: cannot stat 'nope': No such file or directory\n");
    expect(run(cp, 'cp', 'g', 'g').stderr).toBe("cp: 'g' and 'g' are the same file\n");
    expect(run(cp, 'cp', '-n', 'd/f', 'h')).toMatchObject({ exitCode: 0 });
    expect(run(cp, 'cp', 'g', 'e/', '-v').stdout).toBe("'g' -> 'e/g'\n");
    expect(run(cp, 'cp', '-T', 'd', 'e2').stderr).toBe("cp: -r not specified; omitting directory 'd'\n");
    expect(run(cp, 'cp', '-rT', 'd', 'e3', '-v').stdout).toBe("'d' -> 'e3'\n'd/f' -> 'e3/f'\n");
    expect(run(cp, 'cp', 'g', 'd', 'e/h').stderr).toBe("cp: target 'e/h': Not a directory\n");
    const last = run(cp, 'cp', 'g', 'd', 'nondir');
    expect(last.stderr).toBe("cp: target 'nondir': No such file or directory\n");
    expect(last.readFile(`${HOME}/h`)).toBe('y\n');
  });

  it('-a keeps symlinks, mode and times; plain cp follows links', () => {
    const run = session({ [`${HOME}/src/file`]: 'data', [`${HOME}/src/sub/deep`]: 'z' });
    run(touch, 'touch', '-d', '2001-02-03 04:05:06', 'src/file');
    run(ln, 'ln', '-s', 'file', 'src/link');
    const r = run(cp, 'cp', '-a', 'src', 'dst');
    expect(r.sys.readlink(`${HOME}/dst/link`)).toBe('file');
    expect(r.sys.stat(`${HOME}/dst/file`).mtimeMs).toBe(Date.UTC(2001, 1, 3, 4, 5, 6));
    expect(r.readFile(`${HOME}/dst/sub/deep`)).toBe('z');
    const f = run(cp, 'cp', 'src/link', 'plain');
    expect(f.sys.lstat(`${HOME}/plain`).type).toBe('file');
    expect(f.readFile(`${HOME}/plain`)).toBe('data');
  });

  it('handles names with spaces, unicode and ..', () => {
    const run = session({ [`${HOME}/a b/ü ñ`]: 'u', [`${HOME}/t/.keep`]: '' });
    const r = run(cp, 'cp', '-r', 'a b', 't/../t/x y');
    expect(r.exitCode).toBe(0);
    expect(r.readFile(`${HOME}/t/x y/ü ñ`)).toBe('u');
  });
});

describe('mv', () => {
  it('renames and moves with GNU messages', () => {
    const run = session({ [`${HOME}/d/f`]: 'x', [`${HOME}/e/sub/x`]: '', [`${HOME}/g`]: 'g', [`${HOME}/h`]: 'h', [`${HOME}/n/y`]: '' });
    expect(run(mv, 'mv', 'g').stderr).toBe(usage('mv', "missing destination file operand after 'g'"));
    expect(run(mv, 'mv', '-v', 'h', 'e').stdout).toBe("renamed 'h' -> 'e/h'\n");
    expect(run(mv, 'mv', 'nope', 'z').stderr).toBe("mv: cannot stat 'nope': No such file or directory\n");
    expect(run(mv, 'mv', 'd', 'd/x').stderr).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/x'\n");
    expect(run(mv, 'mv', 'd', 'd').stderr).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/d'\n");
    expect(run(mv, 'mv', '-T', 'e', 'g').stderr).toBe("mv: cannot overwrite non-directory 'g' with directory 'e'\n");
    expect(run(mv, 'mv', '-T', 'e', 'n').stderr).toBe("mv: cannot move 'e' to 'n': Directory not empty\n");
    const r = run(mv, 'mv', '-v', 'g', 'e/');
    expect(r.stdout).toBe("renamed 'g' -> 'e/g'\n");
    expect(r.readFile(`${HOME}/e/g`)).toBe('g');
    expect(r.exists(`${HOME}/g`)).toBe(false);
    const n = run(mv, 'mv', '-n', 'e/g', 'e/h');
    expect(n.readFile(`${HOME}/e/h`)).toBe('h');
    const t = run(mv, 'mv', 'e/g', 'd/f', '-t', 'n');
    expect(t.exitCode).toBe(0);
    expect(t.readFile(`${HOME}/n/f`)).toBe('x');
  });
});
