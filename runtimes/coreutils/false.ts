/** false: do nothing, unsuccessfully. GNU's false exits 1 even after --help. */
import type { Program } from '../program.js';
import { command } from './common.js';

const HELP = `Usage: false [ignored command line arguments]
  or:  false OPTION
Exit with a status code indicating failure.

      --help     display this help and exit
      --version  output version information and exit
`;

export const false_: Program = command((cmd) => {
  if (cmd.args.length === 1 && cmd.args[0] === '--help') cmd.out.write(HELP);
  else if (cmd.args.length === 1 && cmd.args[0] === '--version') cmd.out.write('false (wasmbox coreutils) 0.1\n');
  return 1;
});
