/** true: do nothing, successfully. Like GNU, only a lone --help or --version is an option. */
import type { Program } from '../program.js';
import { command } from './common.js';

const HELP = `Usage: true [ignored command line arguments]
  or:  true OPTION
Exit with a status code indicating success.

      --help     display this help and exit
      --version  output version information and exit
`;

export const true_: Program = command((cmd) => {
  if (cmd.args.length === 1 && cmd.args[0] === '--help') cmd.out.write(HELP);
  else if (cmd.args.length === 1 && cmd.args[0] === '--version') cmd.out.write('true (wasmbox coreutils) 0.1\n');
  return 0;
});
