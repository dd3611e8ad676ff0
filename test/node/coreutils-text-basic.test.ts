/**
 * cat, echo, head, tail, wc, true, false and the shared option parser,
 * against outputs recorded from GNU coreutils 9.1 on Debian 12 (C.UTF-8).
 */
import { describe, expect, it } from 'vitest';
import { cat } from '../../runtimes/coreutils/cat.js';
import { echo } from '../../runtimes/coreutils/echo.js';
import { false_ } from '../../runtimes/coreutils/false.js';
import { head } from '../../runtimes/coreutils/head.js';
import { tail } from '../../runtimes/coreutils/tail.js';
import { true_ } from '../../runtimes/coreutils/true.js';
import { wc } from '../../runtimes/coreutils/wc.js';
import { pwd } from '../../runtimes/coreutils/pwd.js';
import { yes } from '../../runtimes/coreutils/yes.js';
import type { Program } from '../../runtimes/program.js';
import { runProgram } from '../helpers/run-program.js';

const FILES = { '/home/user/f1': 'a b\nc', '/home/user/f3': 'a\nb\nc\n' };

function run(program: Program, argv: string[], stdin?: string | Uint8Array) {
  return runProgram(program, { argv, stdin, files: FILES });
}

describe('option parsing and diagnostics (GNU getopt wording)', () => {
  it('reports an invalid short option with a usage hint and status 1', () => {
    const r = run(cat, ['cat', '-x']);
    expect(r.stderr).toBe("cat: invalid option -- 'x'\nTry 'cat --help' for more information.\n");
    expect(r.exitCode).toBe(1);
  });
  it('reports unrecognized, ambiguous-free prefixes and missing arguments', () => {
    expect(run(cat, ['cat', '--foo']).stderr).toBe("cat: unrecognized option '--foo'\nTry 'cat --help' for more information.\n");
    expect(run(cat, ['cat', '--show-all=3']).stderr).toBe("cat: option '--show-all' doesn't allow an argument\nTry 'cat --help' for more information.\n");
    expect(run(head, ['head', '-n']).stderr).toBe("head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n");
    expect(run(head, ['head', '--lines']).stderr).toBe("head: option '--lines' requires an argument\nTry 'head --help' for more information.\n");
    expect(run(cat, ['cat', '--number', 'f3']).stdout).toBe('     1\ta\n     2\tb\n     3\tc\n');
    expect(run(cat, ['cat', '--show-e', 'f3']).stdout).toBe('a$\nb$\nc$\n');
    expect(run(cat, ['cat', '--num', 'f3']).stderr).toBe(
      "cat: option '--num' is ambiguous; possibilities: '--number-nonblank' '--number'\nTry 'cat --help' for more information.\n",
    );
  });
  it('prints --help on stdout and --version, exit 0', () => {
    const r = run(cat, ['cat', '--help']);
    expect(r.stdout.startsWith('Usage: cat [OPTION]... [FILE]...\n')).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(run(wc, ['wc', '--vers']).stdout).toBe('wc (wasmbox coreutils) 0.1\n');
  });
  it('permutes options after operands, and -- ends options', () => {
    expect(run(cat, ['cat', 'f3', '-n']).stdout).toBe('     1\ta\n     2\tb\n     3\tc\n');
    expect(run(cat, ['cat', '--', '-n']).stderr).toBe('cat: -n: No such file or directory\n');
  });
  it('quotes file names like GNU', () => {
    const r = run(cat, ['cat', 'a b', "a'b", 'a\nb', '']);
    expect(r.stderr).toBe(
      "cat: 'a b': No such file or directory\n" +
        'cat: "a\'b": No such file or directory\n' +
        "cat: 'a'$'\\n''b': No such file or directory\n" +
        "cat: '': No such file or directory\n",
    );
    expect(r.exitCode).toBe(1);
  });
});

describe('pwd, yes', () => {
  it('pwd prints the physical directory, -L honours a valid $PWD', () => {
    expect(run(pwd, ['pwd']).stdout).toBe('/home/user\n');
    expect(runProgram(pwd, { argv: ['pwd', '-L'], env: { PWD: '/home/./user' } }).stdout).toBe('/home/user\n');
    expect(runProgram(pwd, { argv: ['pwd', '-L'], env: { PWD: '/home/user/' } }).stdout).toBe('/home/user/\n');
  });
  it('yes --help is a normal option (the endless loop needs a real pipe)', () => {
    expect(run(yes, ['yes', '--help']).stdout.startsWith('Usage: yes [STRING]...')).toBe(true);
    expect(run(yes, ['yes', '-x']).exitCode).toBe(1);
  });
});

describe('true, false, echo', () => {
  it('exit statuses', () => {
    expect(run(true_, ['true', '--bogus']).exitCode).toBe(0);
    expect(run(false_, ['false']).exitCode).toBe(1);
  });
  it('echo options and escapes', () => {
    expect(run(echo, ['echo', '-n', 'x']).stdout).toBe('x');
    expect(run(echo, ['echo', '--', 'x']).stdout).toBe('-- x\n');
    expect(run(echo, ['echo', '-e', 'a\\x41\\0101\\tb\\c nope']).stdout).toBe('aAA\tb');
    expect(run(echo, ['echo', 'a\\nb']).stdout).toBe('a\\nb\n');
    expect(run(echo, ['echo', '-ne', '\\xff']).stdoutBytes).toEqual(new Uint8Array([0xff]));
    expect(run(echo, ['echo', '-x', '--help', 'y']).stdout).toBe('-x --help y\n');
  });
});

describe('cat', () => {
  it('copies files and stdin', () => {
    expect(run(cat, ['cat', 'f1', '-', 'f3'], 'IN\n').stdout).toBe('a b\ncIN\na\nb\nc\n');
  });
  it('-A shows nonprinting bytes', () => {
    const r = run(cat, ['cat', '-A'], new Uint8Array([0x58, 0x7f, 0x80, 0x01, 0x09, 0x0a]));
    expect(r.stdout).toBe('X^?M-^@^A^I$\n');
  });
  it('-nsE and -b', () => {
    expect(run(cat, ['cat', '-nsE'], 'a\n\n\n\nb').stdout).toBe('     1\ta$\n     2\t$\n     3\tb');
    expect(run(cat, ['cat', '-b'], '\n\nb\n').stdout).toBe('\n\n     1\tb\n');
  });
  it('passes binary input through unchanged', () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) & 0xff);
    expect(run(cat, ['cat'], bytes).stdoutBytes).toEqual(bytes);
  });
  it('reports a directory', () => {
    const r = run(cat, ['cat', '/home', 'f3']);
    expect(r.stderr).toBe('cat: /home: Is a directory\n');
    expect(r.stdout).toBe('a\nb\nc\n');
    expect(r.exitCode).toBe(1);
  });
});

describe('head', () => {
  it('headers for several files, obsolete -2', () => {
    expect(run(head, ['head', '-2', 'f3', 'f1']).stdout).toBe('==> f3 <==\na\nb\n\n==> f1 <==\na b\nc');
  });
  it('-c, -n -K, -c -K, -v, -q', () => {
    expect(run(head, ['head', '-c', '2', '-', 'f3'], 'a\nb\nc\n').stdout).toBe('==> standard input <==\na\n\n==> f3 <==\na\n');
    expect(run(head, ['head', '-n', '-1', 'f3']).stdout).toBe('a\nb\n');
    expect(run(head, ['head', '-n', '-0', 'f3']).stdout).toBe('a\nb\nc\n');
    expect(run(head, ['head', '-c', '-2', 'f3']).stdout).toBe('a\nb\n');
    expect(run(head, ['head', '-v', '-n1', 'f3']).stdout).toBe('==> f3 <==\na\n');
    expect(run(head, ['head', '-n', '-2', '-q', 'f3', '-'], 'a\nb\nc\n').stdout).toBe('a\na\n');
    expect(run(head, ['head', '-n', '2K', 'f3']).stdout).toBe('a\nb\nc\n');
  });
  it('-z uses NUL as the line end', () => {
    expect(run(head, ['head', '-z', '-n1'], 'a\0b\0').stdout).toBe('a\0');
  });
  it('rejects bad counts and reports missing files', () => {
    const r = run(head, ['head', '-n', 'abc']);
    expect(r.stderr).toBe('head: invalid number of lines: ‘abc’\n');
    expect(r.exitCode).toBe(1);
    expect(run(head, ['head', '-c', '1x']).stderr).toBe('head: invalid number of bytes: ‘1x’\n');
    expect(run(head, ['head', '-n', '99999999999999999999999', 'f3']).stderr).toBe(
      'head: invalid number of lines: ‘99999999999999999999999’: Value too large for defined data type\n',
    );
    const m = run(head, ['head', 'nonexist']);
    expect(m.stderr).toBe("head: cannot open 'nonexist' for reading: No such file or directory\n");
    expect(m.exitCode).toBe(1);
    expect(run(head, ['head', '-c3', '/home']).stderr).toBe("head: error reading '/home': Is a directory\n");
  });
  it('a 1 MB line without newline', () => {
    const long = 'x'.repeat(1 << 20);
    expect(run(head, ['head', '-n', '1'], long).stdout.length).toBe(1 << 20);
  });
});

describe('tail', () => {
  it('last lines, +K, bytes, obsolete forms', () => {
    expect(run(tail, ['tail', '-n', '+2', 'f3']).stdout).toBe('b\nc\n');
    expect(run(tail, ['tail', '-c', '3', 'f3']).stdout).toBe('\nc\n');
    expect(run(tail, ['tail', '-c', '+3', 'f3']).stdout).toBe('b\nc\n');
    expect(run(tail, ['tail', '-n', '1', 'f1']).stdout).toBe('c');
    expect(run(tail, ['tail', '-q', '-n1', 'f3', 'f3']).stdout).toBe('c\nc\n');
    expect(run(tail, ['tail', '-n', '-1', 'f3']).stdout).toBe('c\n');
    expect(run(tail, ['tail', '-1', 'f3']).stdout).toBe('c\n');
    expect(run(tail, ['tail', '+2', 'f3']).stdout).toBe('b\nc\n');
    expect(run(tail, ['tail', '-n', '0', 'f3']).stdout).toBe('');
    expect(run(tail, ['tail', '-5c', 'f3']).stdout).toBe('\nb\nc\n');
  });
  it('errors', () => {
    expect(run(tail, ['tail', '-n', '+x']).stderr).toBe('tail: invalid number of lines: ‘+x’\n');
    const r = run(tail, ['tail', '-n', '1', 'nonexist', 'f3']);
    expect(r.stderr).toBe("tail: cannot open 'nonexist' for reading: No such file or directory\n");
    expect(r.stdout).toBe('==> f3 <==\nc\n');
    expect(r.exitCode).toBe(1);
  });
  it('keeps only the last lines of a long stream', () => {
    const input = Array.from({ length: 100_000 }, (_, i) => `${i + 1}\n`).join('');
    expect(run(tail, ['tail', '-n', '2'], input).stdout).toBe('99999\n100000\n');
  });
});

describe('wc', () => {
  it('GNU column widths', () => {
    expect(run(wc, ['wc', 'f1']).stdout).toBe('1 3 5 f1\n');
    expect(run(wc, ['wc', '-l', 'f1']).stdout).toBe('1 f1\n');
    expect(run(wc, ['wc', '-l', 'f1', 'f1']).stdout).toBe(' 1 f1\n 1 f1\n 2 total\n');
    expect(run(wc, ['wc'], 'a b\nc').stdout).toBe('      1       3       5\n');
    expect(run(wc, ['wc', '-l'], 'a b\nc').stdout).toBe('1\n');
    expect(run(wc, ['wc', '-lc', 'f1']).stdout).toBe('1 5 f1\n');
    expect(run(wc, ['wc', '-L', 'f1']).stdout).toBe('3 f1\n');
    expect(run(wc, ['wc', '-', 'f1'], 'a\n').stdout).toBe('      1       1       2 -\n      1       3       5 f1\n      2       4       7 total\n');
  });
  it('a missing first file gives width 1', () => {
    const r = run(wc, ['wc', 'nonexist', 'f1']);
    expect(r.stdout).toBe('1 3 5 f1\n1 3 5 total\n');
    expect(r.stderr).toBe('wc: nonexist: No such file or directory\n');
    expect(r.exitCode).toBe(1);
  });
  it('characters, words and widths in UTF-8 with invalid bytes', () => {
    expect(run(wc, ['wc', '-m'], new Uint8Array([0xff, 0xfe, 0x61, 0x62])).stdout).toBe('2\n');
    expect(run(wc, ['wc', '-w'], '\x01 \x02').stdout).toBe('0\n');
    expect(run(wc, ['wc', '-w'], new Uint8Array([0xc3, 0xa9, 0xff, 0x20, 0x78])).stdout).toBe('2\n');
    expect(run(wc, ['wc', '-w'], 'a\u00a0b').stdout).toBe('2\n');
    expect(run(wc, ['wc', '-L'], 'a\tb\n').stdout).toBe('9\n');
    expect(run(wc, ['wc', '-L'], 'ab\rc\n').stdout).toBe('2\n');
    expect(run(wc, ['wc', '-mc'], 'héllo\n').stdout).toBe('      6       7\n');
  });
});
