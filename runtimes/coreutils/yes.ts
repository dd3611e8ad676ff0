/**
 * yes: print a line forever. It writes until the write fails: the kernel
 * kills a writer to a closed pipe (SIGPIPE), so `yes | head -1` ends. Output
 * goes in ~64 KiB blocks, not a write per line.
 */
import type { Program } from '../program.js';
import { CHUNK_SIZE, command, encodeText } from './common.js';
import { SysError } from '../sys.js';

const HELP = `Usage: yes [STRING]...
  or:  yes OPTION
Repeatedly output a line with all specified STRING(s), or 'y'.

      --help     display this help and exit
      --version  output version information and exit
`;

export const yes: Program = command((cmd): number => {
  const { operands } = cmd.parse({ options: {}, help: HELP });
  const line = (operands.length > 0 ? operands.join(' ') : 'y') + '\n';
  const block = encodeText(line.repeat(Math.max(1, Math.floor(CHUNK_SIZE / line.length))));
  cmd.out.flush();
  try {
    for (;;) cmd.sys.write(1, block);
  } catch (err) {
    if (!(err instanceof SysError)) throw err;
    return cmd.fail(`standard output: ${err.message}`);
  }
});
