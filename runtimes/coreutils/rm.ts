/**
 * rm(1): remove files, and with -r whole trees. Refuses `/` (without
 * --no-preserve-root) and operands whose last component is `.` or `..`,
 * as GNU rm does. Interactive prompting (-i, -I) is not offered.
 */
import type { Program } from '../program.js';
import { command, type Cmd, type OptionSpec } from './common.js';
import { baseName, errorCode, errorText, joinPath, quoteFile } from './fs-common.js';

const SPEC: OptionSpec<'force' | 'recursive' | 'dir' | 'verbose' | 'noPreserveRoot' | 'preserveRoot'> = {
  options: {
    force: { short: 'f', long: 'force' },
    recursive: { short: 'rR', long: 'recursive' },
    dir: { short: 'd', long: 'dir' },
    verbose: { short: 'v', long: 'verbose' },
    noPreserveRoot: { long: 'no-preserve-root' },
    preserveRoot: { long: 'preserve-root', arg: 'optional' },
  },
  help: `Usage: rm [OPTION]... [FILE]...
Remove (unlink) the FILE(s).

  -f, --force           ignore nonexistent files and arguments, never prompt
  -r, -R, --recursive   remove directories and their contents recursively
  -d, --dir             remove empty directories
  -v, --verbose         explain what is being done
      --no-preserve-root  do not treat '/' specially
      --preserve-root   do not remove '/' (default)
      --help            display this help and exit
      --version         output version information and exit
`,
};

interface Flags {
  force: boolean;
  recursive: boolean;
  dir: boolean;
  verbose: boolean;
}

export const rm: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  const flags: Flags = {
    force: opts.force !== undefined,
    recursive: opts.recursive !== undefined,
    dir: opts.dir !== undefined,
    verbose: opts.verbose !== undefined,
  };
  if (operands.length === 0) {
    if (flags.force) return 0;
    cmd.usageError('missing operand');
  }
  for (const operand of operands) {
    const base = baseName(operand);
    if (base === '.' || base === '..') {
      cmd.warn(`refusing to remove '.' or '..' directory: skipping ${quoteFile(operand)}`);
      cmd.status = 1;
      continue;
    }
    if (flags.recursive && opts.noPreserveRoot === undefined && cmd.sys.resolve(operand) === '/') {
      cmd.warn(`it is dangerous to operate recursively on ${quoteFile(operand)}`);
      cmd.warn('use --no-preserve-root to override this failsafe');
      cmd.status = 1;
      continue;
    }
    remove(cmd, operand, flags);
  }
  return cmd.status;
});

/** Remove one path; returns false (and reports) if it, or something under it, stayed. */
function remove(cmd: Cmd, path: string, flags: Flags): boolean {
  const st = cmd.sys.tryStat(path, false);
  if (!st) {
    if (flags.force) return true;
    return failed(cmd, path, 'No such file or directory');
  }
  if (st.type !== 'dir') {
    try {
      cmd.sys.unlink(path);
    } catch (err) {
      return failed(cmd, path, errorText(err));
    }
    if (flags.verbose) cmd.out.write(`removed ${quoteFile(path)}\n`);
    return true;
  }
  if (!flags.recursive && !flags.dir) return failed(cmd, path, 'Is a directory');
  if (flags.recursive) {
    let names: string[];
    try {
      names = cmd.sys.readdir(path);
    } catch (err) {
      return failed(cmd, path, errorText(err));
    }
    let ok = true;
    for (const name of names) ok = remove(cmd, joinPath(path, name), flags) && ok;
    // A child that stayed keeps the directory: GNU reports only the child.
    if (!ok) return false;
  }
  try {
    cmd.sys.rmdir(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' && flags.force) return true;
    return failed(cmd, path, errorText(err));
  }
  if (flags.verbose) cmd.out.write(`removed directory ${quoteFile(path)}\n`);
  return true;
}

function failed(cmd: Cmd, path: string, reason: string): false {
  cmd.warn(`cannot remove ${quoteFile(path)}: ${reason}`);
  cmd.status = 1;
  return false;
}
