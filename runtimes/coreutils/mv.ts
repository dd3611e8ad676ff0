/**
 * mv(1): rename files and directories, into a directory when the last
 * operand is one. The sandbox has one file system, so every move is a
 * rename(2); there is no copy-and-delete fallback.
 */
import type { Program } from '../program.js';
import { command, type Cmd, type OptionSpec } from './common.js';
import { errorText, isWithin, quoteFile } from './fs-common.js';
import { planTargets } from './targets.js';

const SPEC: OptionSpec<'force' | 'noClobber' | 'verbose' | 'targetDir' | 'noTargetDir'> = {
  options: {
    force: { short: 'f', long: 'force' },
    noClobber: { short: 'n', long: 'no-clobber' },
    verbose: { short: 'v', long: 'verbose' },
    targetDir: { short: 't', long: 'target-directory', arg: 'required' },
    noTargetDir: { short: 'T', long: 'no-target-directory' },
  },
  help: `Usage: mv [OPTION]... [-T] SOURCE DEST
  or:  mv [OPTION]... SOURCE... DIRECTORY
  or:  mv [OPTION]... -t DIRECTORY SOURCE...
Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.

  -f, --force                  do not prompt before overwriting
  -n, --no-clobber             do not overwrite an existing file
  -t, --target-directory=DIRECTORY  move all SOURCE arguments into DIRECTORY
  -T, --no-target-directory    treat DEST as a normal file
  -v, --verbose                explain what is being done
      --help        display this help and exit
      --version     output version information and exit
`,
};

export const mv: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  // -f and -n: the last one given wins, as in GNU mv.
  const noClobber = opts.noClobber !== undefined && cmd.args.lastIndexOf('-n') >= cmd.args.lastIndexOf('-f');
  for (const [source, dest] of planTargets(cmd, operands, opts)) move(cmd, source, dest, noClobber, !!opts.verbose);
  return cmd.status;
});

function move(cmd: Cmd, source: string, dest: string, noClobber: boolean, verbose: boolean): void {
  const sys = cmd.sys;
  const st = sys.tryStat(source, false);
  if (!st) return report(cmd, `cannot stat ${quoteFile(source)}: No such file or directory`);
  const existing = sys.tryStat(dest, false);
  if (existing && noClobber) return;
  if (existing && existing.ino === st.ino && existing.dev === st.dev) {
    return report(cmd, `${quoteFile(source)} and ${quoteFile(dest)} are the same file`);
  }
  if (st.type === 'dir' && isWithin(sys.resolve(dest), sys.resolve(source))) {
    return report(cmd, `cannot move ${quoteFile(source)} to a subdirectory of itself, ${quoteFile(dest)}`);
  }
  if (existing?.type === 'dir' && st.type !== 'dir') {
    return report(cmd, `cannot overwrite directory ${quoteFile(dest)} with non-directory`);
  }
  if (existing && existing.type !== 'dir' && st.type === 'dir') {
    return report(cmd, `cannot overwrite non-directory ${quoteFile(dest)} with directory ${quoteFile(source)}`);
  }
  try {
    sys.rename(source, dest);
  } catch (err) {
    return report(cmd, `cannot move ${quoteFile(source)} to ${quoteFile(dest)}: ${errorText(err)}`);
  }
  if (verbose) cmd.out.write(`renamed ${quoteFile(source)} -> ${quoteFile(dest)}\n`);
}

function report(cmd: Cmd, message: string): void {
  cmd.warn(message);
  cmd.status = 1;
}
