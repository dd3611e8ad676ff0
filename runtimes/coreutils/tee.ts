/**
 * tee: copy standard input to standard output and to files. Bytes are
 * copied chunk by chunk; a file that cannot be opened is reported and the
 * rest still receive the data (exit status 1), as in GNU.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { CHUNK_SIZE, command, quoteName } from './common.js';

const HELP = `Usage: tee [OPTION]... [FILE]...
Copy standard input to each FILE, and also to standard output.

  -a, --append              append to the given FILEs, do not overwrite
  -i, --ignore-interrupts   ignore interrupt signals
  -p                        diagnose errors writing to non pipes
      --help     display this help and exit
      --version  output version information and exit
`;

const SPEC = {
  help: HELP,
  options: {
    append: { short: 'a', long: 'append' },
    ignore: { short: 'i', long: 'ignore-interrupts' },
    p: { short: 'p' },
  },
} as const;

export const tee: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  const targets: Array<{ name: string; fd: number }> = [{ name: 'standard output', fd: 1 }];
  for (const name of operands) {
    try {
      targets.push({ name, fd: cmd.sys.open(name, opts.append ? 'a' : 'w') });
    } catch (err) {
      cmd.fileError(name, err);
    }
  }
  const buffer = new Uint8Array(CHUNK_SIZE);
  for (let n = cmd.sys.read(0, buffer); n > 0 && targets.length > 0; n = cmd.sys.read(0, buffer)) {
    const data = buffer.subarray(0, n);
    for (const target of [...targets]) {
      try {
        cmd.sys.write(target.fd, data);
      } catch (err) {
        if (!(err instanceof SysError)) throw err;
        cmd.warn(`${target.fd === 1 ? 'standard output' : quoteName(target.name)}: ${err.message}`);
        cmd.status = 1;
        targets.splice(targets.indexOf(target), 1);
      }
    }
  }
  for (const { fd } of targets) if (fd !== 1) cmd.sys.close(fd);
  return cmd.status;
});
