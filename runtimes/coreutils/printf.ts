/**
 * printf: format and print data. The formatting engine is shared with the
 * shell's builtin (runtimes/sh/printf-format.ts, coreutils wording); only
 * --help and --version as the sole argument are options, as in GNU.
 */
import type { Program } from '../program.js';
import { formatPrintf } from '../sh/printf-format.js';
import { command } from './common.js';

const HELP = `Usage: printf FORMAT [ARGUMENT]...
  or:  printf OPTION
Print ARGUMENT(s) according to FORMAT, or execute according to OPTION:

      --help     display this help and exit
      --version  output version information and exit

FORMAT controls the output as in C printf.  Interpreted sequences are:

  \\"      double quote
  \\\\      backslash
  \\a      alert (BEL)
  \\b      backspace
  \\c      produce no further output
  \\e      escape
  \\f      form feed
  \\n      new line
  \\r      carriage return
  \\t      horizontal tab
  \\v      vertical tab
  \\NNN    byte with octal value NNN (1 to 3 digits)
  \\xHH    byte with hexadecimal value HH (1 to 2 digits)
  \\uHHHH  Unicode (ISO/IEC 10646) character with hex value HHHH (4 digits)
  %%      a single %
  %b      ARGUMENT as a string with '\\' escapes interpreted,
          except that octal escapes are of the form \\0 or \\0NNN
  %q      ARGUMENT is printed in a format that can be reused as shell input

and all C format specifications ending with one of diouxXfeEgGcs, with
ARGUMENTs converted to proper type first.  Variable widths are handled.
`;

export const printf: Program = command((cmd) => {
  const args = cmd.args;
  if (args.length === 1 && args[0] === '--help') return cmd.out.write(HELP), 0;
  if (args.length === 1 && args[0] === '--version') return cmd.out.write('printf (wasmbox coreutils) 0.1\n'), 0;
  // A leading `--` is skipped, as getopt would.
  const rest = args[0] === '--' ? args.slice(1) : args;
  if (rest.length === 0) cmd.usageError('missing operand');
  const result = formatPrintf(rest[0], rest.slice(1), 'coreutils');
  cmd.out.write(result.output);
  for (const message of result.errors) cmd.warn(message);
  return result.status;
});
