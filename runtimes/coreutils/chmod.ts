/**
 * chmod(1): change permission bits, octal or symbolic (file-mode.ts); -R
 * walks trees without following symlinks, -v/-c report changes, -f is quiet.
 */
import type { Program } from '../program.js';
import type { Stat } from '../sys.js';
import { command, quote, type Cmd, type OptionSpec } from './common.js';
import { modeString, parseMode, type ModeChange } from './file-mode.js';
import { compareNames, errorText, joinPath, quoteFile } from './fs-common.js';

const SPEC: OptionSpec<'recursive' | 'verbose' | 'changes' | 'silent' | 'reference'> = {
  options: {
    recursive: { short: 'R', long: 'recursive' },
    verbose: { short: 'v', long: 'verbose' },
    changes: { short: 'c', long: 'changes' },
    silent: { short: 'f', long: ['silent', 'quiet'] },
    reference: { long: 'reference', arg: 'required' },
  },
  help: `Usage: chmod [OPTION]... MODE[,MODE]... FILE...
  or:  chmod [OPTION]... OCTAL-MODE FILE...
  or:  chmod [OPTION]... --reference=RFILE FILE...
Change the mode of each FILE to MODE.

  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
      --reference=RFILE  use RFILE's mode instead of MODE values
  -R, --recursive        change files and directories recursively
      --help        display this help and exit
      --version     output version information and exit

Each MODE is of the form '[ugoa]*([-+=]([rwxXst]*|[ugo]))+|[-+=][0-7]+'.
`,
};

interface Run {
  cmd: Cmd;
  change: ModeChange;
  verbose: boolean;
  changes: boolean;
  silent: boolean;
}

export const chmod: Program = command((cmd) => {
  // A mode such as -w or -rwx looks like an option: take it out before parsing, as GNU does.
  const args = [...cmd.args];
  const dashMode = args.findIndex((a, i) => /^-[rwxXstugoa,+=-]+$/.test(a) && parseMode(a) !== null && !args.slice(0, i).includes('--'));
  const preMode = dashMode >= 0 ? args.splice(dashMode, 1)[0] : undefined;
  const { opts, operands } = cmd.parse(SPEC, args);
  let change: ModeChange | null;
  if (typeof opts.reference === 'string') {
    const ref = cmd.sys.tryStat(opts.reference);
    if (!ref) return cmd.fail(`failed to get attributes of ${quoteFile(opts.reference)}: No such file or directory`);
    change = parseMode(ref.mode.toString(8));
  } else {
    const modeText = preMode ?? operands.shift();
    if (modeText === undefined) return cmd.usageError('missing operand');
    change = parseMode(modeText);
    if (!change) cmd.usageError(`invalid mode: ${quote(modeText)}`);
    if (operands.length === 0) cmd.usageError(`missing operand after ${quote(modeText)}`);
  }
  if (!change) return 1;
  if (operands.length === 0) cmd.usageError('missing operand');
  const run: Run = { cmd, change, verbose: !!opts.verbose, changes: !!opts.changes, silent: !!opts.silent };
  for (const operand of operands) {
    let st: Stat;
    try {
      st = cmd.sys.stat(operand);
    } catch (err) {
      if (!run.silent) cmd.warn(`cannot access ${quoteFile(operand)}: ${errorText(err)}`);
      cmd.status = 1;
      continue;
    }
    apply(run, operand, st, !!opts.recursive);
  }
  return cmd.status;
});

function apply(run: Run, path: string, st: Stat, recursive: boolean): void {
  const { cmd } = run;
  const oldMode = st.mode & 0o7777;
  const newMode = run.change.apply(oldMode, st.type === 'dir', cmd.sys.umask);
  try {
    if (newMode !== oldMode) cmd.sys.chmod(path, newMode);
    if (run.verbose || (run.changes && newMode !== oldMode)) {
      const describe = (m: number) => `${m.toString(8).padStart(4, '0')} (${modeString(st.type, m).slice(1)})`;
      cmd.out.write(
        newMode === oldMode
          ? `mode of ${quoteFile(path)} retained as ${describe(oldMode)}\n`
          : `mode of ${quoteFile(path)} changed from ${describe(oldMode)} to ${describe(newMode)}\n`,
      );
    }
  } catch (err) {
    if (!run.silent) cmd.warn(`changing permissions of ${quoteFile(path)}: ${errorText(err)}`);
    cmd.status = 1;
  }
  if (!recursive || st.type !== 'dir') return;
  let names: string[];
  try {
    names = cmd.sys.readdir(path).sort(compareNames);
  } catch (err) {
    if (!run.silent) cmd.warn(`cannot read directory ${quoteFile(path)}: ${errorText(err)}`);
    cmd.status = 1;
    return;
  }
  for (const name of names) {
    const child = joinPath(path, name);
    const childSt = cmd.sys.tryStat(child, false);
    if (!childSt) continue;
    if (childSt.type === 'symlink') {
      // Symlinks met in a walk are neither followed nor changed (GNU chmod -R, -P default).
      if (run.verbose) cmd.out.write(`neither symbolic link ${quoteFile(child)} nor referent has been changed\n`);
      continue;
    }
    apply(run, child, childSt, true);
  }
}
