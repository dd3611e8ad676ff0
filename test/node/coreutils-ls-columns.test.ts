// ls in columns (-C, and the default when stdout is a terminal) against
// GNU coreutils 9.1 (Debian 12, LC_ALL=C.UTF-8), recorded with `COLUMNS=N
// ls ARGS` in a directory holding these names: GNU pads with tabs at every
// 8th column where it can, and fits as many columns as are narrower than
// the line.
import { describe, expect, it } from 'vitest';
import { ls } from '../../runtimes/coreutils/ls.js';
import { runProgram } from '../helpers/run-program.js';

const NAMES = ['a.txt', 'bbbbbbbb.txt', 'c', 'ddddddddddddddd.md', ...'efghijklmnopqrstuvwxy', 'z1', 'z2', 'z3'];
const files = Object.fromEntries([...NAMES.map((n) => [`/home/user/d/${n}`, '']), ['/home/user/d/sub/x', '']]);

const ONE_PER_LINE = `${[...NAMES, 'sub'].sort().join('\n')}\n`;

const GNU: [string[], number, string][] = [
  [['-C'], 40, 'a.txt\t\t    f  k  p    t  y\nbbbbbbbb.txt\t    g  l  q    u  z1\nc\t\t    h  m  r    v  z2\nddddddddddddddd.md  i  n  s    w  z3\ne\t\t    j  o  sub  x\n'],
  [['-C'], 80, 'a.txt\t      c\t\t\t  e  g\ti  k  m  o  q  s    t  v  x  z1  z3\nbbbbbbbb.txt  ddddddddddddddd.md  f  h\tj  l  n  p  r  sub  u  w  y  z2\n'],
  [['-C'], 20, ONE_PER_LINE],
  [['-CF'], 60, 'a.txt\t\t    e  i  m  q\t   t  x   z3\nbbbbbbbb.txt\t    f  j  n  r\t   u  y\nc\t\t    g  k  o  s\t   v  z1\nddddddddddddddd.md  h  l  p  sub/  w  z2\n'],
  [['-C', '-1'], 80, ONE_PER_LINE],
  [['-1', '-C'], 30, 'a.txt\t\t    k\t t\nbbbbbbbb.txt\t    l\t u\nc\t\t    m\t v\nddddddddddddddd.md  n\t w\ne\t\t    o\t x\nf\t\t    p\t y\ng\t\t    q\t z1\nh\t\t    r\t z2\ni\t\t    s\t z3\nj\t\t    sub\n'],
];

describe('ls -C', () => {
  for (const [args, width, expected] of GNU) {
    it(`COLUMNS=${width} ls ${args.join(' ')}`, () => {
      const r = runProgram(ls, { argv: ['ls', ...args], files, cwd: '/home/user/d', env: { COLUMNS: String(width) } });
      expect(r.stdout).toBe(expected);
      expect(r.exitCode).toBe(0);
    });
  }

  it('keeps one name per line when stdout is not a terminal and -C is not given', () => {
    const r = runProgram(ls, { argv: ['ls'], files, cwd: '/home/user/d', env: { COLUMNS: '80' } });
    expect(r.stdout).toBe(ONE_PER_LINE);
  });
});
