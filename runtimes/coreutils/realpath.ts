/**
 * realpath(1): print canonical absolute paths (canonicalize.ts); -s folds
 * `.` and `..` without expanding symlinks; --relative-to prints paths
 * relative to a directory.
 */
import type { Program } from '../program.js';
import { command, quoteName, type Cmd, type OptionSpec } from './common.js';
import { canonicalize, relativePath, type CanonMode } from './canonicalize.js';
import { errorText } from './fs-common.js';

const SPEC: OptionSpec<'existing' | 'missing' | 'logical' | 'physical' | 'quiet' | 'strip' | 'relativeTo' | 'zero'> = {
  options: {
    existing: { short: 'e', long: 'canonicalize-existing' },
    missing: { short: 'm', long: 'canonicalize-missing' },
    logical: { short: 'L', long: 'logical' },
    physical: { short: 'P', long: 'physical' },
    quiet: { short: 'q', long: 'quiet' },
    strip: { short: 's', long: ['strip', 'no-symlinks'] },
    relativeTo: { long: 'relative-to', arg: 'required' },
    zero: { short: 'z', long: 'zero' },
  },
  help: `Usage: realpath [OPTION]... FILE...
Print the resolved absolute file name;
all but the last component must exist

  -e, --canonicalize-existing  all components of the path must exist
  -m, --canonicalize-missing   no path components need exist or be a directory
  -L, --logical                resolve '..' components before symlinks
  -P, --physical               resolve symlinks as encountered (default)
  -q, --quiet                  suppress most error messages
      --relative-to=DIR        print the resolved path relative to DIR
  -s, --strip, --no-symlinks   don't expand symlinks
  -z, --zero                   end each output line with NUL, not newline
      --help        display this help and exit
      --version     output version information and exit
`,
};

export const realpath: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  let mode: CanonMode = 'allButLast';
  for (const [key] of list) {
    if (key === 'existing') mode = 'existing';
    else if (key === 'missing') mode = 'missing';
  }
  const resolve = (path: string): string => {
    // -L folds '..' lexically first, so "link/.." is the directory holding the link.
    const start = opts.logical ? cmd.sys.resolve(path) : path;
    return opts.strip ? cmd.sys.resolve(path) : canonicalize(cmd.sys, start, mode);
  };
  let base: string | null = null;
  if (typeof opts.relativeTo === 'string') {
    base = attempt(cmd, opts.relativeTo, resolve, opts.quiet !== undefined);
    if (base === null) return 1;
  }
  const end = opts.zero ? '\0' : '\n';
  for (const operand of operands) {
    const result = attempt(cmd, operand, resolve, opts.quiet !== undefined);
    if (result !== null) cmd.out.write((base === null ? result : relativePath(base, result)) + end);
  }
  return cmd.status;
});

function attempt(cmd: Cmd, path: string, resolve: (p: string) => string, quiet: boolean): string | null {
  try {
    return resolve(path);
  } catch (err) {
    const reason = errorText(err);
    if (!quiet) cmd.warn(`${quoteName(path)}: ${reason}`);
    cmd.status = 1;
    return null;
  }
}
