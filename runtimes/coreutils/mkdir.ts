/**
 * mkdir(1): create directories; -p creates missing parents and accepts
 * existing directories, -m sets the mode of the final directory (symbolic
 * modes start from a=rwx, as in GNU mkdir).
 */
import type { Program } from '../program.js';
import { command, quote, type Cmd, type OptionSpec } from './common.js';
import { parseMode } from './file-mode.js';
import { errorCode, errorText, quoteFile } from './fs-common.js';

const SPEC: OptionSpec<'parents' | 'mode' | 'verbose'> = {
  options: {
    parents: { short: 'p', long: 'parents' },
    mode: { short: 'm', long: 'mode', arg: 'required' },
    verbose: { short: 'v', long: 'verbose' },
  },
  help: `Usage: mkdir [OPTION]... DIRECTORY...
Create the DIRECTORY(ies), if they do not already exist.

  -m, --mode=MODE   set file mode (as in chmod), not a=rwx - umask
  -p, --parents     no error if existing, make parent directories as needed
  -v, --verbose     print a message for each created directory
      --help        display this help and exit
      --version     output version information and exit
`,
};

export const mkdir: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  let mode: number | undefined;
  if (typeof opts.mode === 'string') {
    const change = parseMode(opts.mode);
    if (!change) return cmd.fail(`invalid mode ${quote(opts.mode)}`);
    mode = change.apply(0o777, true, 0);
  }
  for (const operand of operands) {
    if (opts.parents) makeParents(cmd, operand, mode, opts.verbose !== undefined);
    else makeOne(cmd, operand, mode, opts.verbose !== undefined);
  }
  return cmd.status;
});

function makeOne(cmd: Cmd, path: string, mode: number | undefined, verbose: boolean): boolean {
  try {
    cmd.sys.mkdir(path, 0o777);
    // The mode given with -m is not subject to the umask: set it explicitly.
    if (mode !== undefined) cmd.sys.chmod(path, mode);
  } catch (err) {
    cmd.warn(`cannot create directory ${quote(path)}: ${errorText(err)}`);
    cmd.status = 1;
    return false;
  }
  if (verbose) cmd.out.write(`${cmd.name}: created directory ${quoteFile(path)}\n`);
  return true;
}

/** -p: create each missing component; an existing directory anywhere is fine. */
function makeParents(cmd: Cmd, path: string, mode: number | undefined, verbose: boolean): void {
  const absolute = path.startsWith('/');
  const parts = path.split('/').filter(Boolean);
  let prefix = absolute ? '/' : '';
  for (let i = 0; i < parts.length; i++) {
    prefix = prefix === '' || prefix === '/' ? prefix + parts[i] : `${prefix}/${parts[i]}`;
    const last = i === parts.length - 1;
    const st = cmd.sys.tryStat(prefix);
    if (st?.type === 'dir') continue;
    if (st) {
      // GNU names the component that is in the way.
      const reason = last ? 'File exists' : 'Not a directory';
      cmd.warn(`cannot create directory ${quote(last ? path : prefix)}: ${reason}`);
      cmd.status = 1;
      return;
    }
    try {
      cmd.sys.mkdir(prefix, 0o777);
      if (last && mode !== undefined) cmd.sys.chmod(prefix, mode);
    } catch (err) {
      if (errorCode(err) === 'EEXIST' && cmd.sys.tryStat(prefix)?.type === 'dir') continue;
      cmd.warn(`cannot create directory ${quote(prefix)}: ${errorText(err)}`);
      cmd.status = 1;
      return;
    }
    if (verbose) cmd.out.write(`${cmd.name}: created directory ${quoteFile(prefix)}\n`);
  }
}
