/** basename: strip directory and suffix from file names (POSIX basename(1) rules, GNU -a/-s/-z). */
import type { Program } from '../program.js';
import { command, quote } from './common.js';

const HELP = `Usage: basename NAME [SUFFIX]
  or:  basename OPTION... NAME...
Print NAME with any leading directory components removed.
If specified, also remove a trailing SUFFIX.

Mandatory arguments to long options are mandatory for short options too.
  -a, --multiple       support multiple arguments and treat each as a NAME
  -s, --suffix=SUFFIX  remove a trailing SUFFIX; implies -a
  -z, --zero           end each output line with NUL, not newline
      --help     display this help and exit
      --version  output version information and exit
`;

const SPEC = {
  help: HELP,
  options: {
    multiple: { short: 'a', long: 'multiple' },
    suffix: { short: 's', long: 'suffix', arg: 'required' },
    zero: { short: 'z', long: 'zero' },
  },
} as const;

export const basename: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  const multiple = !!opts.multiple || opts.suffix !== undefined;
  let suffix = typeof opts.suffix === 'string' ? opts.suffix : '';
  let names = operands;
  if (!multiple) {
    if (operands.length > 2) cmd.usageError(`extra operand ${quote(operands[2])}`);
    suffix = operands[1] ?? '';
    names = [operands[0]];
  }
  const end = opts.zero ? '\0' : '\n';
  for (const name of names) cmd.out.write(baseOf(name, suffix) + end);
  return 0;
});

export function baseOf(name: string, suffix = ''): string {
  const trimmed = name.replace(/\/+$/, '');
  if (trimmed === '') return name === '' ? '' : '/';
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return suffix !== '' && base !== suffix && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base;
}
