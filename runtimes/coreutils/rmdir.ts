/**
 * rmdir(1): remove empty directories; -p also removes each parent named in
 * the operand, --ignore-fail-on-non-empty stays quiet about non-empty ones.
 */
import type { Program } from '../program.js';
import { command, type Cmd, type OptionSpec } from './common.js';
import { errorCode, errorText, quoteFile } from './fs-common.js';

const SPEC: OptionSpec<'parents' | 'ignore' | 'verbose'> = {
  options: {
    parents: { short: 'p', long: 'parents' },
    ignore: { long: 'ignore-fail-on-non-empty' },
    verbose: { short: 'v', long: 'verbose' },
  },
  help: `Usage: rmdir [OPTION]... DIRECTORY...
Remove the DIRECTORY(ies), if they are empty.

      --ignore-fail-on-non-empty
                    ignore each failure to remove a non-empty directory
  -p, --parents     remove DIRECTORY and its ancestors
  -v, --verbose     output a diagnostic for every directory processed
      --help        display this help and exit
      --version     output version information and exit
`,
};

export const rmdir: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  const ignore = opts.ignore !== undefined;
  const verbose = opts.verbose !== undefined;
  for (const operand of operands) {
    if (!removeOne(cmd, operand, ignore, verbose, 'failed to remove')) continue;
    if (!opts.parents) continue;
    // Strip one component at a time: "a/b/c" removes a/b/c, a/b, a.
    let path = operand.replace(/\/+$/, '');
    for (;;) {
      const slash = path.lastIndexOf('/');
      if (slash <= 0) break;
      path = path.slice(0, slash).replace(/\/+$/, '');
      if (path === '') break;
      if (!removeOne(cmd, path, ignore, verbose, 'failed to remove directory')) break;
    }
  }
  return cmd.status;
});

function removeOne(cmd: Cmd, path: string, ignore: boolean, verbose: boolean, what: string): boolean {
  if (verbose) cmd.out.write(`${cmd.name}: removing directory, ${quoteFile(path)}\n`);
  try {
    cmd.sys.rmdir(path);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (ignore && (code === 'ENOTEMPTY' || code === 'EEXIST')) return false;
    cmd.warn(`${what} ${quoteFile(path)}: ${errorText(err)}`);
    cmd.status = 1;
    return false;
  }
}
