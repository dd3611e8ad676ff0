/**
 * which: locate commands on PATH, as Debian's which(1): the first
 * executable regular file for each name (all of them with -a); names with
 * a slash are checked as they are. Exit 1 if any name was not found.
 */
import type { Program } from '../program.js';
import { command } from './common.js';

const HELP = `Usage: which [-a] args
Write the full path of COMMAND(s) to standard output.

  -a     print all matching pathnames of each argument
`;

export const which: Program = command((cmd) => {
  const { opts, operands } = cmd.parse({ help: HELP, usageStatus: 2, usageHint: (name) => `Usage: ${name} [-a] args\n`, options: { all: { short: 'a' } } });
  if (operands.length === 0) return 1;
  const executable = (path: string): boolean => {
    const st = cmd.sys.tryStat(path);
    return st !== undefined && st.type === 'file' && (st.mode & 0o111) !== 0;
  };
  let status = 0;
  for (const name of operands) {
    let found = false;
    if (name.includes('/')) {
      found = executable(name);
      if (found) cmd.out.write(name + '\n');
    } else {
      for (const dir of (cmd.env.PATH ?? '').split(':')) {
        const path = `${dir === '' ? '.' : dir}/${name}`;
        if (!executable(path)) continue;
        cmd.out.write(path + '\n');
        found = true;
        if (!opts.all) break;
      }
    }
    if (!found) status = 1;
  }
  return status;
});
