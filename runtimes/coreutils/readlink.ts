/**
 * readlink(1): print a symlink's target, or with -f/-e/-m the canonical
 * path (canonicalize.ts). Like GNU, failures are silent unless -v.
 */
import type { Program } from '../program.js';
import { command, quoteName, type OptionSpec } from './common.js';
import { canonicalize, type CanonMode } from './canonicalize.js';
import { errorText } from './fs-common.js';

const SPEC: OptionSpec<'canonicalize' | 'existing' | 'missing' | 'noNewline' | 'quiet' | 'verbose' | 'zero'> = {
  options: {
    canonicalize: { short: 'f', long: 'canonicalize' },
    existing: { short: 'e', long: 'canonicalize-existing' },
    missing: { short: 'm', long: 'canonicalize-missing' },
    noNewline: { short: 'n', long: 'no-newline' },
    quiet: { short: 'qs', long: ['quiet', 'silent'] },
    verbose: { short: 'v', long: 'verbose' },
    zero: { short: 'z', long: 'zero' },
  },
  help: `Usage: readlink [OPTION]... FILE...
Print value of a symbolic link or canonical file name

  -f, --canonicalize            canonicalize by following every symlink in
                                every component of the given name recursively;
                                all but the last component must exist
  -e, --canonicalize-existing   canonicalize by following every symlink in
                                every component of the given name recursively,
                                all components must exist
  -m, --canonicalize-missing    canonicalize by following every symlink in
                                every component of the given name recursively,
                                without requirements on components existence
  -n, --no-newline              do not output the trailing delimiter
  -q, --quiet
  -s, --silent                  suppress most error messages (on by default)
  -v, --verbose                 report error messages
  -z, --zero                    end each output line with NUL, not newline
      --help                    display this help and exit
      --version                 output version information and exit
`,
};

export const readlink: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  // The last of -f/-e/-m wins.
  let mode: CanonMode | null = null;
  for (const [key] of list) {
    if (key === 'canonicalize') mode = 'allButLast';
    else if (key === 'existing') mode = 'existing';
    else if (key === 'missing') mode = 'missing';
  }
  let noNewline = opts.noNewline !== undefined;
  if (noNewline && operands.length > 1) {
    cmd.warn('ignoring --no-newline with multiple arguments');
    noNewline = false;
  }
  const end = opts.zero ? '\0' : noNewline ? '' : '\n';
  const verbose = opts.verbose !== undefined && opts.quiet === undefined;
  for (const operand of operands) {
    try {
      const result = mode ? canonicalize(cmd.sys, operand, mode) : cmd.sys.readlink(operand);
      cmd.out.write(result + end);
    } catch (err) {
      const reason = errorText(err);
      if (verbose) cmd.warn(`${quoteName(operand)}: ${reason}`);
      cmd.status = 1;
    }
  }
  return cmd.status;
});
