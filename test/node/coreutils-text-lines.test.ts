/**
 * sort, uniq, cut, tr, seq, tee, basename, dirname, sleep against outputs
 * recorded from GNU coreutils 9.1 on Debian 12 (C.UTF-8).
 */
import { describe, expect, it } from 'vitest';
import { basename } from '../../runtimes/coreutils/basename.js';
import { cut } from '../../runtimes/coreutils/cut.js';
import { dirname } from '../../runtimes/coreutils/dirname.js';
import { seq } from '../../runtimes/coreutils/seq.js';
import { sleep } from '../../runtimes/coreutils/sleep.js';
import { sort } from '../../runtimes/coreutils/sort.js';
import { tee } from '../../runtimes/coreutils/tee.js';
import { tr } from '../../runtimes/coreutils/tr.js';
import { uniq } from '../../runtimes/coreutils/uniq.js';
import type { Program } from '../../runtimes/program.js';
import { runProgram } from '../helpers/run-program.js';

const FILES = {
  '/home/user/s1': 'b 2\na 10\nc 1\n',
  '/home/user/u1': 'a\na\nb\nA\nc\nc\nc\n',
};

function run(program: Program, argv: string[], stdin?: string | Uint8Array) {
  return runProgram(program, { argv, stdin, files: FILES });
}

describe('sort', () => {
  it('keys, numeric, reverse', () => {
    expect(run(sort, ['sort', '-k2', 's1']).stdout).toBe('c 1\na 10\nb 2\n');
    expect(run(sort, ['sort', '-k2n', 's1']).stdout).toBe('c 1\nb 2\na 10\n');
    // A key with its own flags ignores global -r; the last-resort comparison does not.
    expect(run(sort, ['sort', '-k2,2n', '-r', 's1']).stdout).toBe('c 1\nb 2\na 10\n');
    expect(run(sort, ['sort', '-k1,1n', '-r'], '1 a\n2 b\n1 c\n').stdout).toBe('1 c\n1 a\n2 b\n');
    expect(run(sort, ['sort', '-k1,1nr'], '1 a\n2 b\n1 c\n').stdout).toBe('2 b\n1 a\n1 c\n');
    expect(run(sort, ['sort', '-b', '-k1,1'], ' b\na\n').stdout).toBe('a\n b\n');
    expect(run(sort, ['sort', '-h'], '1K\n2M\n3\n').stdout).toBe('3\n1K\n2M\n');
    expect(run(sort, ['sort', '-f'], 'a\nA\nb\nB\n').stdout).toBe('A\na\nB\nb\n');
    expect(run(sort, ['sort', '-fu'], 'a\nA\nb\nB\n').stdout).toBe('a\nb\n');
    expect(run(sort, ['sort', '-V'], 'x1.10\nx1.9\nx1.1\n').stdout).toBe('x1.1\nx1.9\nx1.10\n');
    expect(run(sort, ['sort', '-u', '-t:', '-k1,1'], 'a:1\na:2\nb:3\n').stdout).toBe('a:1\nb:3\n');
    expect(run(sort, ['sort', '-M'], 'JAN\nfeb\nxyz\n').stdout).toBe('xyz\nJAN\nfeb\n');
    expect(run(sort, ['sort', '-g'], '1e3\nnan\n-inf\n5\n').stdout).toBe('nan\n-inf\n5\n1e3\n');
    expect(run(sort, ['sort'], 'b\na').stdout).toBe('a\nb\n');
    expect(run(sort, ['sort', '-t', ',', '-k2.2,2.3'], 'x,abcd\ny,zbbz\n').stdout).toBe('y,zbbz\nx,abcd\n');
  });
  it('-c, -C and -o', () => {
    const r = run(sort, ['sort', '-c', 's1']);
    expect(r.stderr).toBe('sort: s1:2: disorder: a 10\n');
    expect(r.exitCode).toBe(1);
    expect(run(sort, ['sort', '-C'], '3\n1\n').exitCode).toBe(1);
    const o = run(sort, ['sort', '-o', 's1', 's1']);
    expect(o.readFile('/home/user/s1')).toBe('a 10\nb 2\nc 1\n');
  });
  it('errors use status 2', () => {
    const r = run(sort, ['sort', '-x']);
    expect(r.stderr).toBe("sort: invalid option -- 'x'\nTry 'sort --help' for more information.\n");
    expect(r.exitCode).toBe(2);
    expect(run(sort, ['sort', '-k', '0', 's1']).stderr).toBe('sort: field number is zero: invalid field specification ‘0’\n');
    expect(run(sort, ['sort', '-k', '1.0', 's1']).stderr).toBe('sort: character offset is zero: invalid field specification ‘1.0’\n');
    expect(run(sort, ['sort', '-k', 'x']).stderr).toBe('sort: invalid number at field start: invalid count at start of ‘x’\n');
    const m = run(sort, ['sort', 'nope']);
    expect(m.stderr).toBe('sort: cannot read: nope: No such file or directory\n');
    expect(m.exitCode).toBe(2);
  });
  it('sorts 200,000 numbers quickly', () => {
    const input = Array.from({ length: 200_000 }, (_, i) => `${i + 1}\n`).join('');
    const start = performance.now();
    const r = run(sort, ['sort', '-rn'], input);
    expect(performance.now() - start).toBeLessThan(1500);
    expect(r.stdout.slice(0, 14)).toBe('200000\n199999\n');
  });
  it('keeps binary bytes and NULs', () => {
    const r = run(sort, ['sort'], new Uint8Array([0x62, 0x00, 0xff, 0x0a, 0x61, 0x0a]));
    expect(r.stdoutBytes).toEqual(new Uint8Array([0x61, 0x0a, 0x62, 0x00, 0xff, 0x0a]));
  });
});

describe('uniq', () => {
  it('counts and filters', () => {
    expect(run(uniq, ['uniq', '-c', 'u1']).stdout).toBe('      2 a\n      1 b\n      1 A\n      3 c\n');
    expect(run(uniq, ['uniq', '-d', 'u1']).stdout).toBe('a\nc\n');
    expect(run(uniq, ['uniq', '-u', 'u1']).stdout).toBe('b\nA\n');
    expect(run(uniq, ['uniq', '-c', '-f1'], 'x a\ny a\nz b\n').stdout).toBe('      2 x a\n      1 z b\n');
    expect(run(uniq, ['uniq', '-s1'], 'xa\nya\n').stdout).toBe('xa\n');
    expect(run(uniq, ['uniq', '-i'], 'a\nA\n').stdout).toBe('a\n');
    expect(run(uniq, ['uniq', '-D'], 'a\na\nb\n').stdout).toBe('a\na\n');
    expect(run(uniq, ['uniq', 'u1', 'out']).readFile('/home/user/out')).toBe('a\nb\nA\nc\n');
  });
  it('rejects bad numbers', () => {
    const r = run(uniq, ['uniq', '-f', 'x']);
    expect(r.stderr).toBe('uniq: ‘x’: invalid number of fields to skip\n');
    expect(r.exitCode).toBe(1);
  });
});

describe('cut', () => {
  it('fields, bytes, characters', () => {
    expect(run(cut, ['cut', '-d:', '-f2'], 'a:b:c\nxyz\n').stdout).toBe('b\nxyz\n');
    expect(run(cut, ['cut', '-d:', '-f2', '-s'], 'a:b:c\nxyz\n').stdout).toBe('b\n');
    expect(run(cut, ['cut', '-c2-4,6'], 'abcdef\n').stdout).toBe('bcdf\n');
    expect(run(cut, ['cut', '-b-2', '--complement'], 'abcdef\n').stdout).toBe('cdef\n');
    expect(run(cut, ['cut', '-d:', '-f1,3', '--output-delimiter=+'], 'a:b:c\n').stdout).toBe('a+c\n');
    expect(run(cut, ['cut', '-d:', '-f3-'], 'a:b\n').stdout).toBe('\n');
    expect(run(cut, ['cut', '-c1-2'], 'héllo\n').stdout).toBe('hé\n');
  });
  it('usage errors', () => {
    const cases: Array<[string[], string]> = [
      [['cut'], 'cut: you must specify a list of bytes, characters, or fields\n'],
      [['cut', '-f1', '-c1'], 'cut: only one list may be specified\n'],
      [['cut', '-f', '0'], 'cut: fields are numbered from 1\n'],
      [['cut', '-f', 'x'], 'cut: invalid field value ‘x’\n'],
      [['cut', '-d', 'ab', '-f1'], 'cut: the delimiter must be a single character\n'],
      [['cut', '-c3-1'], 'cut: invalid decreasing range\n'],
    ];
    for (const [argv, message] of cases) {
      const r = run(cut, argv);
      expect(r.stderr).toBe(message + "Try 'cut --help' for more information.\n");
      expect(r.exitCode).toBe(1);
    }
  });
});

describe('tr', () => {
  it('translates, deletes, squeezes', () => {
    expect(run(tr, ['tr', 'a-y', 'b-z'], 'hello\n').stdout).toBe('ifmmp\n');
    expect(run(tr, ['tr', '-d', 'l'], 'hello\n').stdout).toBe('heo\n');
    expect(run(tr, ['tr', '-s', 'e'], 'heello\n').stdout).toBe('hello\n');
    expect(run(tr, ['tr', '-s', ' a-z', 'X'], 'hello world\n').stdout).toBe('X\n');
    expect(run(tr, ['tr', '-c', 'a', '\\n'], 'abc\n').stdout).toBe('a\n\n\n');
    expect(run(tr, ['tr', '-cd', 'a'], 'abc\n').stdout).toBe('a');
    expect(run(tr, ['tr', '[:upper:]', '[:lower:]'], 'ABC\n').stdout).toBe('abc\n');
    expect(run(tr, ['tr', 'abc', 'x'], 'abc\n').stdout).toBe('xxx\n');
    expect(run(tr, ['tr', '-t', 'abc', 'x'], 'abc\n').stdout).toBe('xbc\n');
    expect(run(tr, ['tr', '-s', '[:space:]'], 'a  b\n').stdout).toBe('a b\n');
    expect(run(tr, ['tr', 'abcd', '[x*2]y'], 'abcd\n').stdout).toBe('xxyy\n');
    expect(run(tr, ['tr', 'a', '[x*]'], 'aaa\n').stdout).toBe('xxx\n');
    expect(run(tr, ['tr', '\\\\', '/'], 'x\\y\n').stdout).toBe('x/y\n');
    expect(run(tr, ['tr', '-d', '\\000'], new Uint8Array([0x61, 0, 0x62])).stdout).toBe('ab');
  });
  it('errors', () => {
    expect(run(tr, ['tr']).stderr).toBe("tr: missing operand\nTry 'tr --help' for more information.\n");
    expect(run(tr, ['tr', 'a']).stderr).toBe(
      "tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n",
    );
    expect(run(tr, ['tr', '-d', 'a', 'b']).stderr).toBe(
      "tr: extra operand ‘b’\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n",
    );
    const r = run(tr, ['tr', 'z-a', 'x']);
    expect(r.stderr).toBe("tr: range-endpoints of 'z-a' are in reverse collating sequence order\n");
    expect(r.exitCode).toBe(1);
  });
});

describe('seq', () => {
  it('integers, decimals, widths, formats', () => {
    expect(run(seq, ['seq', '3']).stdout).toBe('1\n2\n3\n');
    expect(run(seq, ['seq', '-w', '1', '10']).stdout.slice(0, 6)).toBe('01\n02\n');
    expect(run(seq, ['seq', '-w', '-1', '1']).stdout).toBe('-1\n00\n01\n');
    expect(run(seq, ['seq', '1', '0.5', '2']).stdout).toBe('1.0\n1.5\n2.0\n');
    expect(run(seq, ['seq', '0.1', '0.1', '0.3']).stdout).toBe('0.1\n0.2\n0.3\n');
    expect(run(seq, ['seq', '-w', '0.5', '0.25', '1']).stdout).toBe('0.50\n0.75\n1.00\n');
    expect(run(seq, ['seq', '5', '1', '1']).stdout).toBe('');
    expect(run(seq, ['seq', '-s,', '1', '3']).stdout).toBe('1,2,3\n');
    expect(run(seq, ['seq', '-f', '%03g', '1', '2']).stdout).toBe('001\n002\n');
    expect(run(seq, ['seq', '-f', 'x%gy%%', '1', '2']).stdout).toBe('x1y%\nx2y%\n');
    expect(run(seq, ['seq', '-s:', '-w', '8', '10']).stdout).toBe('08:09:10\n');
    expect(run(seq, ['seq', '1e2', '1e2']).stdout).toBe('100\n');
    expect(run(seq, ['seq', '3', '-1', '1']).stdout).toBe('3\n2\n1\n');
    expect(run(seq, ['seq', '-w', '1', '1.5', '4']).stdout).toBe('1.0\n2.5\n4.0\n');
    expect(run(seq, ['seq', '100000000000000000000', '100000000000000000002']).stdout).toBe(
      '100000000000000000000\n100000000000000000001\n100000000000000000002\n',
    );
  });
  it('errors', () => {
    expect(run(seq, ['seq']).stderr).toBe("seq: missing operand\nTry 'seq --help' for more information.\n");
    expect(run(seq, ['seq', '1', '2', '3', '4']).stderr).toBe("seq: extra operand ‘4’\nTry 'seq --help' for more information.\n");
    expect(run(seq, ['seq', '1', '-x']).stderr).toBe("seq: invalid floating point argument: ‘-x’\nTry 'seq --help' for more information.\n");
    expect(run(seq, ['seq', '1', '0', '2']).stderr).toBe("seq: invalid Zero increment value: ‘0’\nTry 'seq --help' for more information.\n");
    expect(run(seq, ['seq', '-f', '%d', '1']).stderr).toBe('seq: format ‘%d’ has unknown %d directive\n');
    expect(run(seq, ['seq', '-f', 'x', '1']).stderr).toBe('seq: format ‘x’ has no % directive\n');
  });
});

describe('tee, basename, dirname, sleep', () => {
  it('tee copies to files and stdout, -a appends', () => {
    const r = run(tee, ['tee', 'o1', '-a', 'u1'], 'hi\n');
    expect(r.stdout).toBe('hi\n');
    expect(r.readFile('/home/user/o1')).toBe('hi\n');
    expect(r.readFile('/home/user/u1')).toBe(FILES['/home/user/u1'] + 'hi\n');
    const bad = run(tee, ['tee', '/nope/x'], 'hi\n');
    expect(bad.stderr).toBe('tee: /nope/x: No such file or directory\n');
    expect(bad.stdout).toBe('hi\n');
    expect(bad.exitCode).toBe(1);
  });
  it('basename', () => {
    expect(run(basename, ['basename', '/a/b/']).stdout).toBe('b\n');
    expect(run(basename, ['basename', '/']).stdout).toBe('/\n');
    expect(run(basename, ['basename', 'a.txt', '.txt']).stdout).toBe('a\n');
    expect(run(basename, ['basename', '.txt', '.txt']).stdout).toBe('.txt\n');
    expect(run(basename, ['basename', '-a', 'x/y', 'z/w']).stdout).toBe('y\nw\n');
    expect(run(basename, ['basename', '-s', '.c', 'a.c', 'b.c']).stdout).toBe('a\nb\n');
    expect(run(basename, ['basename']).stderr).toBe("basename: missing operand\nTry 'basename --help' for more information.\n");
    expect(run(basename, ['basename', 'a', 'b', 'c']).stderr).toBe("basename: extra operand ‘c’\nTry 'basename --help' for more information.\n");
  });
  it('dirname', () => {
    expect(run(dirname, ['dirname', '/a/b/', 'a', '//a', '//', '/', 'a/', '']).stdout).toBe('/a\n.\n/\n/\n/\n.\n.\n');
    expect(run(dirname, ['dirname']).exitCode).toBe(1);
  });
  it('sleep', () => {
    const start = performance.now();
    expect(run(sleep, ['sleep', '0.05s', '0.01']).exitCode).toBe(0);
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
    const r = run(sleep, ['sleep', '1x']);
    expect(r.stderr).toBe("sleep: invalid time interval ‘1x’\nTry 'sleep --help' for more information.\n");
    expect(r.exitCode).toBe(1);
  });
});
