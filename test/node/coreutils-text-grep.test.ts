/** grep and the POSIX regex translation, against GNU grep 3.8 on Debian 12 (C.UTF-8). */
import { describe, expect, it } from 'vitest';
import { grep } from '../../runtimes/coreutils/grep.js';
import { translateRegex } from '../../runtimes/coreutils/posix-regex.js';
import { runProgram } from '../helpers/run-program.js';

const FILES: Record<string, string | Uint8Array> = {
  '/home/user/gt/t1': 'hello\nworld\nfoo\n',
  '/home/user/gt/d/t2': 'x foo y\n',
  '/home/user/gt/bin': new Uint8Array([0x66, 0x6f, 0x6f, 0x0a, 0x62, 0x61, 0x72, 0x00, 0x62, 0x61, 0x7a, 0x0a]),
};

function run(argv: string[], stdin?: string) {
  return runProgram(grep, { argv, stdin, files: FILES, cwd: '/home/user/gt' });
}

describe('BRE/ERE translation', () => {
  const re = (p: string, ere = false) => new RegExp(translateRegex(p, ere).source, 'u');
  it('BRE operators and literals', () => {
    expect(re('a\\(b\\)\\1').test('abb')).toBe(true);
    expect(re('ab\\{2\\}').test('abb')).toBe(true);
    expect(re('a\\|z').test('z')).toBe(true);
    expect(re('a+?').test('a+?')).toBe(true);
    expect(re('a+').test('aa')).toBe(false);
    expect(re('(x)').test('(x)')).toBe(true);
    expect(re('*a').test('*a')).toBe(true);
    expect(re('a^b$c').test('a^b$c')).toBe(true);
    expect(re('[]a]').test(']')).toBe(true);
    expect(re('[[:digit:]]\\+').test('x42')).toBe(true);
    expect(re('[a\\]').test('\\')).toBe(true);
    expect(re('a**').test('aaa')).toBe(true);
  });
  it('ERE', () => {
    expect(re('(a|b)+c', true).test('abc')).toBe(true);
    expect(re('a{1', true).test('a{1')).toBe(true);
    expect(re('x{2,}', true).test('xx')).toBe(true);
    expect(re('\\(', true).test('(')).toBe(true);
  });
});

describe('grep', () => {
  it('matches with file names, recursion, counts', () => {
    expect(run(['grep', 'foo', 't1']).stdout).toBe('foo\n');
    const r = run(['grep', 'foo', 'bin', 't1']);
    expect(r.stdout).toBe('t1:foo\n');
    expect(r.stderr).toBe('grep: bin: binary file matches\n');
    expect(r.exitCode).toBe(0);
    const rec = run(['grep', '-r', 'foo']);
    expect(rec.stdout.split('\n').sort().join('\n')).toBe('\nd/t2:x foo y\nt1:foo');
    expect(run(['grep', '-r', 'foo', '.']).stdout.split('\n').sort().join('\n')).toBe('\n./d/t2:x foo y\n./t1:foo');
    expect(run(['grep', '-c', 'o', 't1', 'bin']).stdout).toBe('t1:3\nbin:1\n');
    expect(run(['grep', '-a', 'foo', 'bin']).stdout).toBe('foo\n');
    expect(run(['grep', '-r', '--include=t*', 'foo']).stdout.split('\n').sort().join('\n')).toBe('\nd/t2:x foo y\nt1:foo');
    expect(run(['grep', '-r', '--exclude-dir=d', '-l', 'foo']).stdout.split('\n').sort().join('\n')).toBe('\nbin\nt1');
  });
  it('output options', () => {
    expect(run(['grep', '-o', 'o*', 't1']).stdout).toBe('o\no\noo\n');
    expect(run(['grep', '-n', '-C1', 'world', 't1']).stdout).toBe('1-hello\n2:world\n3-foo\n');
    expect(run(['grep', '-A1', 'hello', 't1', 't1']).stdout).toBe('t1:hello\nt1-world\n--\nt1:hello\nt1-world\n');
    expect(run(['grep', '-l', 'o', 't1', 'bin']).stdout).toBe('t1\nbin\n');
    expect(run(['grep', '-L', 'zzz', 't1']).stdout).toBe('t1\n');
    expect(run(['grep', '-e', 'hello', '-e', 'world', 't1']).stdout).toBe('hello\nworld\n');
    expect(run(['grep', '-x', 'foo', 't1']).stdout).toBe('foo\n');
    expect(run(['grep', '-w', 'fo', 't1']).exitCode).toBe(1);
    expect(run(['grep', '-v', '-n', 'o', 't1']).stdout).toBe('');
    expect(run(['grep', '-m1', 'o', 't1']).stdout).toBe('hello\n');
    expect(run(['grep', '-h', 'foo', 't1', 'd/t2']).stdout).toBe('foo\nx foo y\n');
    expect(run(['grep', '-H', 'foo', 't1']).stdout).toBe('t1:foo\n');
    expect(run(['grep', '-i', 'FOO', 't1']).stdout).toBe('foo\n');
    expect(run(['grep', '', 't1']).stdout).toBe('hello\nworld\nfoo\n');
    expect(run(['grep', '-F', '-x', '-e', 'fo', '-e', 'foo', 't1']).stdout).toBe('foo\n');
    expect(run(['grep', '-P', 'o(?=o)', 't1']).stdout).toBe('foo\n');
    expect(run(['grep', '-Zl', 'o', 't1']).stdout).toBe('t1\0');
    expect(run(['grep', '-1', 'world', 't1']).stdout).toBe('hello\nworld\nfoo\n');
    expect(run(['grep', '--color=always', 'foo', 't1']).stdout).toBe('foo\n');
    expect(run(['grep', '-c', 'x'], 'a\nb\n').stdout).toBe('0\n');
  });
  it('exit statuses and errors', () => {
    expect(run(['grep', '-q', 'hello', 'nonexist', 't1']).exitCode).toBe(0);
    const e = run(['grep', 'hello', 'nonexist', 't1']);
    expect(e.stdout).toBe('t1:hello\n');
    expect(e.stderr).toBe('grep: nonexist: No such file or directory\n');
    expect(e.exitCode).toBe(2);
    const s = run(['grep', '-s', 'hello', 'nonexist']);
    expect(s.stderr).toBe('');
    expect(s.exitCode).toBe(2);
    const d = run(['grep', 'foo', 'd']);
    expect(d.stderr).toBe('grep: d: Is a directory\n');
    expect(d.exitCode).toBe(2);
    const bad = run(['grep', 'a\\{1', 't1']);
    expect(bad.stderr).toBe('grep: Unmatched \\{\n');
    expect(bad.exitCode).toBe(2);
    expect(run(['grep', '-E', '(', 't1']).stderr).toBe('grep: Unmatched ( or \\(\n');
    expect(run(['grep', '(', 't1']).exitCode).toBe(1);
    expect(run(['grep', '-E', 'a{1', 't1']).exitCode).toBe(1);
    const opt = run(['grep', '-Y', 'x']);
    expect(opt.stderr).toBe("grep: invalid option -- 'Y'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    expect(opt.exitCode).toBe(2);
    expect(run(['grep']).exitCode).toBe(2);
  });
  it('handles a very long line', () => {
    const long = 'a'.repeat(2_000_000) + 'needle' + 'b'.repeat(1000) + '\nother\n';
    const r = run(['grep', '-c', 'needle'], long);
    expect(r.stdout).toBe('1\n');
  });
});
