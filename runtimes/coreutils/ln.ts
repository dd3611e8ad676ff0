/**
 * ln(1): make hard links, or with -s symbolic links. Forms: `ln TARGET
 * LINK`, `ln TARGET` (in the current directory), `ln TARGET... DIR`,
 * `-t DIR`, `-T` (LINK is never a directory).
 */
import type { Program } from '../program.js';
import { command, quoteName, type Cmd, type OptionSpec } from './common.js';
import { baseName, errorText, joinPath, quoteFile } from './fs-common.js';

const SPEC: OptionSpec<'symbolic' | 'force' | 'noDeref' | 'verbose' | 'targetDir' | 'noTargetDir' | 'relative' | 'logical' | 'physical'> = {
  options: {
    symbolic: { short: 's', long: 'symbolic' },
    force: { short: 'f', long: 'force' },
    noDeref: { short: 'n', long: 'no-dereference' },
    verbose: { short: 'v', long: 'verbose' },
    targetDir: { short: 't', long: 'target-directory', arg: 'required' },
    noTargetDir: { short: 'T', long: 'no-target-directory' },
    relative: { short: 'r', long: 'relative' },
    logical: { short: 'L', long: 'logical' },
    physical: { short: 'P', long: 'physical' },
  },
  help: `Usage: ln [OPTION]... [-T] TARGET LINK_NAME
  or:  ln [OPTION]... TARGET
  or:  ln [OPTION]... TARGET... DIRECTORY
  or:  ln [OPTION]... -t DIRECTORY TARGET...
Create hard links by default, symbolic links with --symbolic.

  -f, --force                 remove existing destination files
  -n, --no-dereference        treat LINK_NAME as a normal file if
                                it is a symbolic link to a directory
  -s, --symbolic              make symbolic links instead of hard links
  -t, --target-directory=DIRECTORY  specify the DIRECTORY in which to create
                                the links
  -T, --no-target-directory   treat LINK_NAME as a normal file always
  -v, --verbose               print name of each linked file
      --help        display this help and exit
      --version     output version information and exit
`,
};

interface Flags {
  symbolic: boolean;
  force: boolean;
  verbose: boolean;
}

export const ln: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  if (opts.relative) cmd.fail('--relative is not supported');
  const flags: Flags = { symbolic: !!opts.symbolic, force: !!opts.force, verbose: !!opts.verbose };
  if (operands.length === 0) cmd.usageError('missing file operand');
  const isDir = (path: string): boolean => {
    // -n: a symlink to a directory is replaced, not entered.
    if (opts.noDeref && cmd.sys.tryStat(path, false)?.type === 'symlink') return false;
    return cmd.sys.tryStat(path)?.type === 'dir';
  };
  let pairs: [string, string][];
  if (typeof opts.targetDir === 'string') {
    if (!isDir(opts.targetDir)) return cmd.fail(`target ${quoteFile(opts.targetDir)}: Not a directory`);
    pairs = operands.map((t) => [t, joinPath(opts.targetDir as string, baseName(t))]);
  } else if (operands.length === 1) {
    // GNU links into '.', and names the link './NAME' in messages.
    pairs = [[operands[0], joinPath('.', baseName(operands[0]))]];
  } else if (opts.noTargetDir) {
    if (operands.length > 2) cmd.usageError(`extra operand ${quoteFile(operands[2])}`);
    pairs = [[operands[0], operands[1]]];
  } else {
    const last = operands[operands.length - 1];
    if (isDir(last)) {
      pairs = operands.slice(0, -1).map((t) => [t, joinPath(last, baseName(t))]);
    } else if (operands.length > 2) {
      return cmd.fail(`target ${quoteFile(last)}: Not a directory`);
    } else {
      pairs = [[operands[0], last]];
    }
  }
  for (const [target, link] of pairs) makeLink(cmd, target, link, flags);
  return cmd.status;
});

function makeLink(cmd: Cmd, target: string, link: string, flags: Flags): void {
  const kind = flags.symbolic ? 'symbolic link' : 'hard link';
  const sys = cmd.sys;
  if (!flags.symbolic) {
    const st = sys.tryStat(target, false);
    if (!st) return report(cmd, `failed to access ${quoteFile(target)}: No such file or directory`);
    if (st.type === 'dir') return report(cmd, `${quoteName(target)}: hard link not allowed for directory`);
  }
  const existing = sys.tryStat(link, false);
  if (existing && flags.force) {
    if (existing.type === 'dir') return report(cmd, `${quoteFile(link)}: cannot overwrite directory`);
    const src = sys.tryStat(target, false);
    if (!flags.symbolic && src && src.ino === existing.ino && src.dev === existing.dev) {
      return report(cmd, `${quoteFile(target)} and ${quoteFile(link)} are the same file`);
    }
    try {
      sys.unlink(link);
    } catch (err) {
      return report(cmd, `cannot remove ${quoteFile(link)}: ${errorText(err)}`);
    }
  }
  try {
    if (flags.symbolic) sys.symlink(target, link);
    else sys.link(target, link);
  } catch (err) {
    return report(cmd, `failed to create ${kind} ${quoteFile(link)}: ${errorText(err)}`);
  }
  if (flags.verbose) cmd.out.write(`${quoteFile(link)} ${flags.symbolic ? '->' : '=>'} ${quoteFile(target)}\n`);
}

function report(cmd: Cmd, message: string): void {
  cmd.warn(message);
  cmd.status = 1;
}
