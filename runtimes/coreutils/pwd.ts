/**
 * pwd: print the working directory. -P (GNU's default) prints the physical
 * path; -L prints $PWD when it is absolute, free of . and .. components and
 * names the same directory.
 */
import type { Program } from '../program.js';
import { command } from './common.js';

const HELP = `Usage: pwd [OPTION]...
Print the full filename of the current working directory.

  -L, --logical   use PWD from environment, even if it contains symlinks
  -P, --physical  avoid all symlinks
      --help     display this help and exit
      --version  output version information and exit

If no option is specified, -P is assumed.
`;

const SPEC = {
  help: HELP,
  options: { logical: { short: 'L', long: 'logical' }, physical: { short: 'P', long: 'physical' } },
} as const;

export const pwd: Program = command((cmd) => {
  const { list, operands } = cmd.parse(SPEC);
  if (operands.length > 0) cmd.warn('ignoring non-option arguments');
  const logical = list.length > 0 ? list[list.length - 1][0] === 'logical' : cmd.env.POSIXLY_CORRECT !== undefined;
  const env = cmd.env.PWD;
  if (logical && env !== undefined && env.startsWith('/') && !/(^|\/)\.\.?(\/|$)/.test(env) && sameDir(cmd.sys, env, '.')) {
    cmd.out.write(env + '\n');
    return 0;
  }
  cmd.out.write(cmd.sys.realpath(cmd.sys.cwd) + '\n');
  return 0;
});

function sameDir(sys: { tryStat(p: string): { ino: number; dev: number } | undefined }, a: string, b: string): boolean {
  const x = sys.tryStat(a);
  const y = sys.tryStat(b);
  return x !== undefined && y !== undefined && x.ino === y.ino && x.dev === y.dev;
}
