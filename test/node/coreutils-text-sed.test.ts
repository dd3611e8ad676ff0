/** sed against GNU sed 4.9 on Debian 12 (C.UTF-8). */
import { describe, expect, it } from 'vitest';
import { sed } from '../../runtimes/coreutils/sed.js';
import { runProgram } from '../helpers/run-program.js';

function run(argv: string[], stdin?: string, files: Record<string, string> = {}) {
  return runProgram(sed, { argv: ['sed', ...argv], stdin, files });
}

describe('sed', () => {
  it('substitution', () => {
    expect(run(['s/a*/x/g'], 'baaac\n').stdout).toBe('xbxcx\n');
    expect(run(['-E', 's/(\\w+) (\\w+)/\\2 \\1/'], 'a b\n').stdout).toBe('b a\n');
    expect(run(['s/l/L/2'], 'hello\n').stdout).toBe('helLo\n');
    expect(run(['s/\\(.\\)/\\U\\1/g'], 'hello\n').stdout).toBe('HELLO\n');
    expect(run(['s/a/b/2g'], 'aaa\n').stdout).toBe('abb\n');
    expect(run(['s|/|:|g'], '/a/b\n').stdout).toBe(':a:b\n');
    expect(run(['s/x/[&]/'], 'axb\n').stdout).toBe('a[x]b\n');
    expect(run(['s/b/\\n/'], 'abc\n').stdout).toBe('a\nc\n');
    expect(run(['-n', 's/b/B/p'], 'abc\nxyz\n').stdout).toBe('aBc\n');
    expect(run(['s/A/x/I'], 'abc\n').stdout).toBe('xbc\n');
    expect(run(['s/\\t/T/'], 'a\tb\n').stdout).toBe('aTb\n');
    expect(run(['s/b/c/'], 'a\nb').stdout).toBe('a\nc');
  });
  it('addresses', () => {
    expect(run(['-n', '$='], 'a\nb\n').stdout).toBe('2\n');
    expect(run(['-n', '0,/2/p'], '1\n2\n3\n4\n').stdout).toBe('1\n2\n');
    expect(run(['-n', '1,/1/p'], '1\n2\n1\n4\n').stdout).toBe('1\n2\n1\n');
    expect(run(['-n', '2~2p'], '1\n2\n3\n4\n5\n').stdout).toBe('2\n4\n');
    expect(run(['-n', '2,+1p'], '1\n2\n3\n4\n5\n').stdout).toBe('2\n3\n');
    expect(run(['2!d'], '1\n2\n3\n').stdout).toBe('2\n');
    expect(run(['/b/,/d/d'], 'a\nb\nc\nd\ne\n').stdout).toBe('a\ne\n');
    expect(run(['3,1d'], 'a\nb\nc\nd\n').stdout).toBe('a\nb\nd\n');
    expect(run(['-n', '/x/{p;p}'], 'x\ny\n').stdout).toBe('x\nx\n');
  });
  it('commands', () => {
    expect(run(['y/ab/xy/'], 'ab\n').stdout).toBe('xy\n');
    expect(run(['N;s/\\n/-/'], 'a\nb\n').stdout).toBe('a-b\n');
    expect(run(['$!N;P;D'], 'a\nb\nc\n').stdout).toBe('a\nb\nc\n');
    expect(run(['a\\\nfoo'], 'x\n').stdout).toBe('x\nfoo\n');
    expect(run(['i bar'], 'x\n').stdout).toBe('bar\nx\n');
    expect(run(['c\\baz'], 'x\n').stdout).toBe('baz\n');
    expect(run(['1c\\\nnew'], '1\n2\n').stdout).toBe('new\n2\n');
    expect(run(['2,3c\\\nnew'], '1\n2\n3\n4\n').stdout).toBe('1\nnew\n4\n');
    expect(run(['='], 'x\n').stdout).toBe('1\nx\n');
    expect(run(['s/a/b/;q5'], 'a\nz\n').stdout).toBe('b\n');
    expect(run(['s/a/b/;q5'], 'a\n').exitCode).toBe(5);
    expect(run(['2Q'], 'a\nb\n').stdout).toBe('a\n');
    expect(run(['-n', 'l'], 'hello\n').stdout).toBe('hello$\n');
    expect(run(['-n', 'l'], 'a\tb\x01\n').stdout).toBe('a\\tb\\001$\n');
    expect(run(['-n', 'h;n;G;p'], '1\n2\n').stdout).toBe('2\n1\n');
    expect(run([':a;N;$!ba;s/\\n/,/g'], '1\n2\n3\n').stdout).toBe('1,2,3\n');
    expect(run(['s/x/y/;ta;s/$/!/;:a'], 'x\nz\n').stdout).toBe('y\nz!\n');
    expect(run(['-n', '/a/,/c/{/b/p}'], 'a\nb\nc\nb\n').stdout).toBe('b\n');
    expect(run(['-s', '-n', '$p', 'f1', 'f2'], '', { '/home/user/f1': '1\n2\n', '/home/user/f2': '3\n4\n' }).stdout).toBe('2\n4\n');
    expect(run(['-n', '$p', 'f1', 'f2'], '', { '/home/user/f1': '1\n2\n', '/home/user/f2': '3\n4\n' }).stdout).toBe('4\n');
  });
  it('-i edits in place, with a backup', () => {
    const r = run(['-i.bak', 's/1/one/', 'f1'], '', { '/home/user/f1': '1\n2\n' });
    expect(r.readFile('/home/user/f1')).toBe('one\n2\n');
    expect(r.readFile('/home/user/f1.bak')).toBe('1\n2\n');
    expect(r.stdout).toBe('');
  });
  it('-f scripts and w files', () => {
    const r = run(['-f', 'script.sed', 'in'], '', { '/home/user/script.sed': 's/a/A/\nw out\n', '/home/user/in': 'abc\n' });
    expect(r.stdout).toBe('Abc\n');
    expect(r.readFile('/home/user/out')).toBe('Abc\n');
  });
  it('errors', () => {
    const cases: Array<[string[], string]> = [
      [['s/a/b'], "sed: -e expression #1, char 5: unterminated `s' command\n"],
      [['k'], "sed: -e expression #1, char 1: unknown command: `k'\n"],
      [['-e', 'p', '-e', 's/\\(/y/'], 'sed: -e expression #2, char 7: Unmatched ( or \\(\n'],
      [['/x/{p'], "sed: -e expression #1, char 0: unmatched `{'\n"],
      [['b foo'], "sed: can't find label for jump to `foo'\n"],
      [['nofile_cmd'], 'sed: -e expression #1, char 2: extra characters after command\n'],
    ];
    for (const [argv, message] of cases) {
      const r = run(argv, '');
      expect(r.stderr).toBe(message);
      expect(r.exitCode).toBe(1);
    }
    const missing = run(['p', 'nofile']);
    expect(missing.stderr).toBe("sed: can't read nofile: No such file or directory\n");
    expect(missing.exitCode).toBe(2);
    const opt = run(['-Y']);
    expect(opt.stderr.startsWith("sed: invalid option -- 'Y'\nUsage: sed [OPTION]...")).toBe(true);
    expect(opt.exitCode).toBe(1);
  });
  it('streams many lines and keeps binary bytes', () => {
    const input = Array.from({ length: 50_000 }, (_, i) => `line ${i}\n`).join('');
    expect(run(['-n', '$p'], input).stdout).toBe('line 49999\n');
    expect(run(['$!N;P;D'], input).stdout.length).toBe(input.length);
    const r = runProgram(sed, { argv: ['sed', 's/a/b/'], stdin: new Uint8Array([0x61, 0xff, 0x00, 0x0a]) });
    expect(r.stdoutBytes).toEqual(new Uint8Array([0x62, 0xff, 0x00, 0x0a]));
  });
});
