// ls and stat against GNU coreutils 9.1 (Debian 12, LANG=C.UTF-8, TZ=UTC,
// stdout a pipe). The sandbox's user is `user` (uid 1000); directory sizes
// are memfs's (0), where ext4 shows 4096.
import { describe, expect, it } from 'vitest';
import { chmod } from '../../runtimes/coreutils/chmod.js';
import { ln } from '../../runtimes/coreutils/ln.js';
import { ls } from '../../runtimes/coreutils/ls.js';
import { stat } from '../../runtimes/coreutils/stat.js';
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

/** d/{f (6 bytes, 2020), l -> f, old (2019), sub/, .hid} with fixed times. */
function tree() {
  const run = session({ [`${HOME}/d/f`]: 'hello\n', [`${HOME}/d/old`]: '', [`${HOME}/d/.hid`]: '', [`${HOME}/d/sub/x`]: '1234' });
  run(ln, 'ln', '-s', 'f', 'd/l');
  run(chmod, 'chmod', '644', 'd/f', 'd/old', 'd/.hid', 'd/sub/x');
  run(chmod, 'chmod', '755', 'd', 'd/sub');
  run(touch, 'touch', '-d', '2020-03-04 05:06:07', 'd/f');
  run(touch, 'touch', '-d', '2019-01-01 00:00:00', 'd/old');
  return run;
}

describe('ls', () => {
  it('lists one name per line in byte order, hiding dotfiles', () => {
    const run = session({ [`${HOME}/B`]: '', [`${HOME}/a`]: '', [`${HOME}/é`]: '', [`${HOME}/_`]: '', [`${HOME}/.h`]: '' });
    expect(run(ls, 'ls').stdout).toBe('B\n_\na\né\n');
    expect(run(ls, 'ls', '-A').stdout).toBe('.h\nB\n_\na\né\n');
    expect(run(ls, 'ls', '-a').stdout).toBe('.\n..\n.h\nB\n_\na\né\n');
    expect(run(ls, 'ls', '-r').stdout).toBe('é\na\n_\nB\n');
  });

  it('-l long format', () => {
    const run = tree();
    const r = run(ls, 'ls', '-l', 'd');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('total 2'); // f and l: 1K each at apparent size
    expect(lines[1]).toBe('-rw-r--r-- 1 user user 6 Mar  4  2020 f');
    expect(lines[2]).toMatch(/^lrwxrwxrwx 1 user user 1 \w{3} [ \d]\d \d\d:\d\d l -> f$/);
    expect(lines[3]).toBe('-rw-r--r-- 1 user user 0 Jan  1  2019 old');
    expect(lines[4]).toMatch(/^drwxr-xr-x 2 user user 0 .* sub$/);
  });

  it('-F -p -d -t -S -1 -R', () => {
    const run = tree();
    expect(run(ls, 'ls', '-F', 'd').stdout).toBe('f\nl@\nold\nsub/\n');
    expect(run(ls, 'ls', '-p', 'd').stdout).toBe('f\nl\nold\nsub/\n');
    expect(run(ls, 'ls', '-d', 'd').stdout).toBe('d\n');
    expect(run(ls, 'ls', '-t', 'd/f', 'd/old').stdout).toBe('d/f\nd/old\n');
    expect(run(ls, 'ls', '-S1', 'd/f', 'd/old', 'd/sub/x').stdout).toBe('d/f\nd/sub/x\nd/old\n');
    expect(run(ls, 'ls', '-R', 'd').stdout).toBe('d:\nf\nl\nold\nsub\n\nd/sub:\nx\n');
    expect(run(ls, 'ls', 'd', 'd/f').stdout).toBe('d/f\n\nd:\nf\nl\nold\nsub\n');
  });

  it('missing operands exit 2 after listing the rest', () => {
    const run = tree();
    const r = run(ls, 'ls', 'nope', 'd/f');
    expect(r).toMatchObject({ exitCode: 2, stdout: 'd/f\n', stderr: "ls: cannot access 'nope': No such file or directory\n" });
    expect(run(ls, 'ls', '-y').stderr).toBe("ls: invalid option -- 'y'\nTry 'ls --help' for more information.\n");
  });
});

describe('stat', () => {
  it('formats with -c and --printf', () => {
    const run = tree();
    expect(run(stat, 'stat', '-c', '%n %s %a %A %F %U %G %h', 'd/f', 'd', 'd/l').stdout).toBe(
      'd/f 6 644 -rw-r--r-- regular file user user 1\nd 0 755 drwxr-xr-x directory user user 3\nd/l 1 777 lrwxrwxrwx symbolic link user user 1\n',
    );
    expect(run(stat, 'stat', '-c', '%N|%y|%Y', 'd/l', 'd/f').stdout).toMatch(
      /^'d\/l' -> 'f'\|[^\n]*\nd\/f\|2020-03-04 05:06:07\.000000000 \+0000\|1583298367\n$/,
    );
    expect(run(stat, 'stat', '--printf=%n\\t%s\\n', 'd/f').stdout).toBe('d/f\t6\n');
    expect(run(stat, 'stat', '-L', '-c', '%F %s', 'd/l').stdout).toBe('regular file 6\n');
    expect(run(stat, 'stat', '-c', '%F', 'd/old').stdout).toBe('regular empty file\n');
  });

  it('default format and errors', () => {
    const run = tree();
    const out = run(stat, 'stat', 'd/f').stdout.split('\n');
    expect(out[0]).toBe('  File: d/f');
    expect(out[1]).toBe('  Size: 6         \tBlocks: 1          IO Block: 4096   regular file');
    expect(out[3]).toBe('Access: (0644/-rw-r--r--)  Uid: ( 1000/    user)   Gid: ( 1000/    user)');
    expect(out[5]).toBe('Modify: 2020-03-04 05:06:07.000000000 +0000');
    expect(out[7]).toBe(' Birth: -');
    expect(run(stat, 'stat', 'nope')).toMatchObject({ exitCode: 1, stderr: "stat: cannot statx 'nope': No such file or directory\n" });
    expect(run(stat, 'stat').stderr).toBe("stat: missing operand\nTry 'stat --help' for more information.\n");
  });
});
