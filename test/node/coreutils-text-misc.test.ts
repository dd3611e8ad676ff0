/**
 * printf, base64, sha256sum, env, which, date, diff and xargs' input
 * handling, against GNU coreutils 9.1 / diffutils 3.8 on Debian 12.
 * (Spawning commands from env and xargs needs a full sandbox; the in-thread
 * harness has no process table.)
 */
import { describe, expect, it } from 'vitest';
import { base64 } from '../../runtimes/coreutils/base64.js';
import { date, parseDate } from '../../runtimes/coreutils/date.js';
import { diff } from '../../runtimes/coreutils/diff.js';
import { env } from '../../runtimes/coreutils/env.js';
import { printf } from '../../runtimes/coreutils/printf.js';
import { sha256sum } from '../../runtimes/coreutils/sha256sum.js';
import { which } from '../../runtimes/coreutils/which.js';
import { xargs } from '../../runtimes/coreutils/xargs.js';
import type { Program } from '../../runtimes/program.js';
import { runProgram } from '../helpers/run-program.js';

function run(program: Program, argv: string[], stdin?: string | Uint8Array, files: Record<string, string | Uint8Array> = {}, env?: Record<string, string>) {
  return runProgram(program, { argv, stdin, files, env });
}

describe('printf', () => {
  it('formats like coreutils printf', () => {
    expect(run(printf, ['printf', '%s-%s\\n', 'a', 'b', 'c']).stdout).toBe('a-b\nc-\n');
    expect(run(printf, ['printf', '--', '%s\\n', 'x']).stdout).toBe('x\n');
    const r = run(printf, ['printf']);
    expect(r.stderr).toBe("printf: missing operand\nTry 'printf --help' for more information.\n");
    expect(r.exitCode).toBe(1);
    expect(run(printf, ['printf', '%d\\n', 'abc']).exitCode).toBe(1);
  });
});

describe('base64', () => {
  it('encodes, wraps and decodes', () => {
    expect(run(base64, ['base64'], 'hello').stdout).toBe('aGVsbG8=\n');
    expect(run(base64, ['base64', '-d'], 'aGVsbG8=\n').stdout).toBe('hello');
    const zeros = run(base64, ['base64'], new Uint8Array(100)).stdout.split('\n');
    expect(zeros[0]).toBe('A'.repeat(76));
    expect(zeros[1]).toBe('A'.repeat(58) + '==');
    expect(run(base64, ['base64', '-w', '20'], new Uint8Array(100)).stdout.split('\n')[0]).toBe('A'.repeat(20));
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) & 0xff);
    const encoded = run(base64, ['base64'], bytes).stdout;
    expect(run(base64, ['base64', '-d'], encoded).stdoutBytes).toEqual(bytes);
  });
  it('reports invalid input after the good part', () => {
    const r = run(base64, ['base64', '-d'], 'aGVsbG8\n');
    expect(r.stdout).toBe('hello');
    expect(r.stderr).toBe('base64: invalid input\n');
    expect(r.exitCode).toBe(1);
    const s = run(base64, ['base64', '-d'], 'aGVs bG8=\n');
    expect(s.stdout).toBe('hel');
    expect(s.exitCode).toBe(1);
    expect(run(base64, ['base64', '--x']).stderr).toBe("base64: unrecognized option '--x'\nTry 'base64 --help' for more information.\n");
  });
});

describe('sha256sum', () => {
  it('hashes and checks', () => {
    expect(run(sha256sum, ['sha256sum'], 'hi').stdout).toBe('8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4  -\n');
    expect(run(sha256sum, ['sha256sum'], 'abc').stdout).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n');
    expect(run(sha256sum, ['sha256sum'], 'a'.repeat(1_000_000)).stdout.slice(0, 64)).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
    const files = { '/home/user/h': 'hi', '/home/user/h.sum': '8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4  h\n' };
    expect(run(sha256sum, ['sha256sum', '-c', 'h.sum'], '', files).stdout).toBe('h: OK\n');
    const bad = run(sha256sum, ['sha256sum', '-c', 'h.sum'], '', { ...files, '/home/user/h': 'x\n' });
    expect(bad.stdout).toBe('h: FAILED\n');
    expect(bad.stderr).toBe('sha256sum: WARNING: 1 computed checksum did NOT match\n');
    expect(bad.exitCode).toBe(1);
    const missing = run(sha256sum, ['sha256sum', 'nofile']);
    expect(missing.stderr).toBe('sha256sum: nofile: No such file or directory\n');
    expect(missing.exitCode).toBe(1);
  });
});

describe('env and which', () => {
  it('env prints a changed environment', () => {
    expect(run(env, ['env', '-i', 'A=1', 'B=2']).stdout).toBe('A=1\nB=2\n');
    expect(run(env, ['env', '-u', 'X'], '', {}, { X: '1', Y: '2' }).stdout).toBe('Y=2\n');
    const r = run(env, ['env', '-u']);
    expect(r.stderr).toBe("env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n");
    expect(r.exitCode).toBe(125);
  });
  it('which searches PATH for executables', () => {
    const files = { '/opt/a/tool': 'x', '/opt/b/tool': 'y' };
    const r = runProgram(which, { argv: ['which', '-a', 'tool', 'nosuch'], files, env: { PATH: '/opt/a:/opt/b' } });
    // Files from the harness are not executable until chmod.
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
    r.sys.chmod('/opt/a/tool', 0o755);
    r.sys.chmod('/opt/b/tool', 0o755);
    const again = runProgram(which, { argv: ['which', '-a', 'tool'], vfs: r.vfs, env: { PATH: '/opt/a:/opt/b' } });
    expect(again.stdout).toBe('/opt/a/tool\n/opt/b/tool\n');
    expect(runProgram(which, { argv: ['which', 'tool'], vfs: r.vfs, env: { PATH: '/opt/a:/opt/b' } }).stdout).toBe('/opt/a/tool\n');
  });
});

describe('date', () => {
  it('formats like GNU date in UTC', () => {
    expect(run(date, ['date', '-u', '-d', '@0']).stdout).toBe('Thu Jan  1 00:00:00 UTC 1970\n');
    expect(run(date, ['date', '-d', '@0', '-R']).stdout).toBe('Thu, 01 Jan 1970 00:00:00 +0000\n');
    expect(run(date, ['date', '-d', '@0', '-I']).stdout).toBe('1970-01-01\n');
    expect(run(date, ['date', '-d', '@0', '-Iseconds']).stdout).toBe('1970-01-01T00:00:00+00:00\n');
    expect(run(date, ['date', '-d', '@1.5', '-Ins']).stdout).toBe('1970-01-01T00:00:01,500000000+00:00\n');
    const fmt = '+%c|%x|%X|%r|%D|%j|%U|%V|%G|%u|%w|%e|%k|%l|%p|%P|%s|%N|%-d|%_m|%^a|%10Y|%:z|%z|%Z|%h|%C|%y|%I';
    expect(run(date, ['date', '-d', '2026-11-22 10:00:00', fmt]).stdout).toBe(
      'Sun Nov 22 10:00:00 2026|11/22/26|10:00:00|10:00:00 AM|11/22/26|326|47|47|2026|7|0|22|10|10|AM|am|1795341600|000000000|22|11|SUN|0000002026|+00:00|+0000|UTC|Nov|20|26|10\n',
    );
    expect(run(date, ['date', '-d', '2026-11-22']).stdout).toBe('Sun Nov 22 00:00:00 UTC 2026\n');
    expect(run(date, ['date', '-d', '2026-11-22T01:02:03Z']).stdout).toBe('Sun Nov 22 01:02:03 UTC 2026\n');
    expect(run(date, ['date', '-d', '2020-01-01 +2 days']).stdout).toBe('Fri Jan  3 00:00:00 UTC 2020\n');
    expect(parseDate('1 hour ago', 7_200_000)?.ms).toBe(3_600_000);
  });
  it('rejects what it cannot parse', () => {
    const r = run(date, ['date', '-d', 'xyz']);
    expect(r.stderr).toBe('date: invalid date ‘xyz’\n');
    expect(r.exitCode).toBe(1);
    expect(run(date, ['date', '-d', '@0 +1 day']).exitCode).toBe(1);
  });
});

describe('diff', () => {
  const files = {
    '/home/user/da/f': 'a\nb\nc\n',
    '/home/user/db/f': 'a\nB\nc\nd',
    '/home/user/da/only': 'x\n',
    '/home/user/da/s/g': 'y\n',
    '/home/user/db/s/g': 'y\n',
    '/home/user/n1': '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n',
    '/home/user/n2': '1\n2\nx\n4\n5\n6\n7\n8\n9\ny\n10\n',
    '/home/user/empty': '',
    '/home/user/bin1': new Uint8Array([0]),
  };
  const d = (argv: string[]) => run(diff, ['diff', ...argv], '', files);
  it('normal and unified output', () => {
    expect(d(['n1', 'n2']).stdout).toBe('3c3\n< 3\n---\n> x\n9a10\n> y\n');
    const u = d(['-u', 'n1', 'n2']);
    const lines = u.stdout.split('\n');
    expect(lines[0]).toMatch(/^--- n1\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/);
    expect(lines.slice(2).join('\n')).toBe('@@ -1,10 +1,11 @@\n 1\n 2\n-3\n+x\n 4\n 5\n 6\n 7\n 8\n 9\n+y\n 10\n');
    expect(u.exitCode).toBe(1);
    expect(d(['-U1', 'n1', 'n2']).stdout.split('\n').slice(2).join('\n')).toBe('@@ -2,3 +2,3 @@\n 2\n-3\n+x\n 4\n@@ -9,2 +9,3 @@\n 9\n+y\n 10\n');
    expect(d(['-u', 'empty', 'n1']).stdout.split('\n')[2]).toBe('@@ -0,0 +1,10 @@');
    expect(d(['da/f', 'da/f']).exitCode).toBe(0);
    expect(d(['-q', 'da/f', 'db/f']).stdout).toBe('Files da/f and db/f differ\n');
    expect(d(['bin1', 'da/f']).stdout).toBe('Binary files bin1 and da/f differ\n');
    expect(d(['da', 'db/f']).stdout.split('\n').slice(0, 3).join('\n')).toBe('2c2\n< b\n---');
  });
  it('-r over directories', () => {
    const r = d(['-r', 'da', 'db']);
    expect(r.stdout).toBe('diff -r da/f db/f\n2c2\n< b\n---\n> B\n3a4\n> d\n\\ No newline at end of file\nOnly in da: only\n');
    expect(r.exitCode).toBe(1);
    expect(d(['-ru', 'da', 'db']).stdout.split('\n')[0]).toBe('diff -ru da/f db/f');
  });
  it('trouble', () => {
    const r = d(['da/f', 'nonexist']);
    expect(r.stderr).toBe('diff: nonexist: No such file or directory\n');
    expect(r.exitCode).toBe(2);
    const o = d(['--x']);
    expect(o.stderr).toBe("diff: unrecognized option '--x'\ndiff: Try 'diff --help' for more information.\n");
    expect(o.exitCode).toBe(2);
  });
});

describe('xargs (without spawning)', () => {
  it('validates its options', () => {
    const r = run(xargs, ['xargs', '-n', '0']);
    expect(r.stderr).toBe("xargs: value 0 for -n option should be >= 1\nTry 'xargs --help' for more information.\n");
    expect(r.exitCode).toBe(1);
    expect(run(xargs, ['xargs', '--x']).stderr).toBe("xargs: unrecognized option '--x'\nTry 'xargs --help' for more information.\n");
  });
  it('runs nothing with -r on empty input', () => {
    expect(run(xargs, ['xargs', '-r', 'echo'], '\n').exitCode).toBe(0);
  });
});
