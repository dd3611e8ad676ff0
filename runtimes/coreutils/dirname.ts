/** dirname: strip the last component from file names (POSIX dirname(1) rules). */
import type { Program } from '../program.js';
import { command } from './common.js';

const HELP = `Usage: dirname [OPTION] NAME...
Output each NAME with its last non-slash component and trailing slashes
removed; if NAME contains no /'s, output '.' (meaning the current directory).

  -z, --zero     end each output line with NUL, not newline
      --help     display this help and exit
      --version  output version information and exit
`;

export const dirname: Program = command((cmd) => {
  const { opts, operands } = cmd.parse({ help: HELP, options: { zero: { short: 'z', long: 'zero' } } });
  if (operands.length === 0) cmd.usageError('missing operand');
  for (const name of operands) cmd.out.write(dirOf(name) + (opts.zero ? '\0' : '\n'));
  return 0;
});

export function dirOf(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  if (trimmed === '') return name.startsWith('/') ? '/' : '.';
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return '.';
  const dir = trimmed.slice(0, slash).replace(/\/+$/, '');
  return dir === '' ? '/' : dir;
}
