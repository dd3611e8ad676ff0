/**
 * cp(1): copy files and, with -r, trees. With -r (or -a, -P, -d) symlinks
 * are copied as symlinks; otherwise they are followed. -p/-a keep mode and
 * times. Refuses to copy a directory into itself.
 */
import type { Program } from '../program.js';
import type { Stat } from '../sys.js';
import { command, type Cmd, type OptionSpec } from './common.js';
import { compareNames, errorText, isWithin, joinPath, quoteFile } from './fs-common.js';
import { planTargets } from './targets.js';

type Key =
  | 'recursive' | 'archive' | 'preserve' | 'noDeref' | 'deref' | 'force' | 'noClobber'
  | 'verbose' | 'targetDir' | 'noTargetDir' | 'preserveList';

const SPEC: OptionSpec<Key> = {
  options: {
    recursive: { short: 'rR', long: 'recursive' },
    archive: { short: 'a', long: 'archive' },
    preserve: { short: 'p' },
    preserveList: { long: 'preserve', arg: 'optional' },
    noDeref: { short: 'dP', long: 'no-dereference' },
    deref: { short: 'L', long: 'dereference' },
    force: { short: 'f', long: 'force' },
    noClobber: { short: 'n', long: 'no-clobber' },
    verbose: { short: 'v', long: 'verbose' },
    targetDir: { short: 't', long: 'target-directory', arg: 'required' },
    noTargetDir: { short: 'T', long: 'no-target-directory' },
  },
  help: `Usage: cp [OPTION]... [-T] SOURCE DEST
  or:  cp [OPTION]... SOURCE... DIRECTORY
  or:  cp [OPTION]... -t DIRECTORY SOURCE...
Copy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.

  -a, --archive                same as -dR --preserve=all
  -d                           same as --no-dereference --preserve=links
  -f, --force                  if an existing destination file cannot be
                                 opened, remove it and try again
  -L, --dereference            always follow symbolic links in SOURCE
  -n, --no-clobber             do not overwrite an existing file
  -P, --no-dereference         never follow symbolic links in SOURCE
  -p                           same as --preserve=mode,ownership,timestamps
  -R, -r, --recursive          copy directories recursively
  -t, --target-directory=DIRECTORY  copy all SOURCE arguments into DIRECTORY
  -T, --no-target-directory    treat DEST as a normal file
  -v, --verbose                explain what is being done
      --help        display this help and exit
      --version     output version information and exit
`,
};

interface Flags {
  recursive: boolean;
  preserve: boolean;
  /** Copy symlinks as symlinks. */
  noDeref: boolean;
  force: boolean;
  noClobber: boolean;
  verbose: boolean;
}

export const cp: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC);
  const recursive = !!(opts.recursive || opts.archive);
  // The last of -L / -P wins; -R alone implies -P (GNU cp).
  let noDeref = recursive;
  for (const [key] of list) {
    if (key === 'noDeref' || key === 'archive') noDeref = true;
    if (key === 'deref') noDeref = false;
  }
  const flags: Flags = {
    recursive,
    preserve: !!(opts.archive || opts.preserve || opts.preserveList),
    noDeref,
    force: !!opts.force,
    noClobber: !!opts.noClobber,
    verbose: !!opts.verbose,
  };
  for (const [source, dest] of planTargets(cmd, operands, opts)) copyTop(cmd, source, dest, flags);
  return cmd.status;
});

function copyTop(cmd: Cmd, source: string, dest: string, flags: Flags): void {
  const st = cmd.sys.tryStat(source, !flags.noDeref);
  if (!st) return report(cmd, `cannot stat ${quoteFile(source)}: No such file or directory`);
  if (st.type === 'dir') {
    if (!flags.recursive) return report(cmd, `-r not specified; omitting directory ${quoteFile(source)}`);
    const from = cmd.sys.realpath(source);
    if (isWithin(cmd.sys.resolve(dest), from) || isWithin(realParent(cmd, dest), from)) {
      return report(cmd, `cannot copy a directory, ${quoteFile(source)}, into itself, ${quoteFile(dest)}`);
    }
  }
  copy(cmd, source, dest, st, flags);
}

/** The canonical form of `path`'s parent joined with its name, for the into-itself check. */
function realParent(cmd: Cmd, path: string): string {
  const abs = cmd.sys.resolve(path);
  const slash = abs.lastIndexOf('/');
  try {
    return joinPath(cmd.sys.realpath(abs.slice(0, slash) || '/'), abs.slice(slash + 1));
  } catch {
    return abs;
  }
}

function copy(cmd: Cmd, source: string, dest: string, st: Stat, flags: Flags): void {
  const sys = cmd.sys;
  const existing = sys.tryStat(dest, false);
  if (existing && flags.noClobber && st.type !== 'dir') return;
  if (existing && st.type !== 'dir' && existing.ino === st.ino && existing.dev === st.dev) {
    return report(cmd, `${quoteFile(source)} and ${quoteFile(dest)} are the same file`);
  }
  try {
    if (st.type === 'dir') {
      if (existing && existing.type !== 'dir') {
        return report(cmd, `cannot overwrite non-directory ${quoteFile(dest)} with directory ${quoteFile(source)}`);
      }
      if (!existing) sys.mkdir(dest, st.mode & 0o7777 & ~sys.umask);
      if (flags.verbose) cmd.out.write(`${quoteFile(source)} -> ${quoteFile(dest)}\n`);
      for (const name of sys.readdir(source).sort(compareNames)) {
        const child = joinPath(source, name);
        const childSt = sys.tryStat(child, !flags.noDeref);
        if (!childSt) {
          report(cmd, `cannot stat ${quoteFile(child)}: No such file or directory`);
          continue;
        }
        copy(cmd, child, joinPath(dest, name), childSt, flags);
      }
      // The mode is set after the contents, so a read-only directory can still be filled.
      if (flags.preserve) preserve(cmd, dest, st);
      return;
    }
    if (existing?.type === 'dir') {
      return report(cmd, `cannot overwrite directory ${quoteFile(dest)} with non-directory`);
    }
    if (st.type === 'symlink') {
      if (existing) sys.unlink(dest);
      sys.symlink(sys.readlink(source), dest);
    } else {
      copyData(cmd, source, dest, st, flags);
      if (flags.preserve) preserve(cmd, dest, st);
    }
    if (flags.verbose) cmd.out.write(`${quoteFile(source)} -> ${quoteFile(dest)}\n`);
  } catch (err) {
    report(cmd, `cannot create ${st.type === 'dir' ? 'directory' : 'regular file'} ${quoteFile(dest)}: ${errorText(err)}`);
  }
}

function copyData(cmd: Cmd, source: string, dest: string, st: Stat, flags: Flags): void {
  const sys = cmd.sys;
  let input: number;
  try {
    input = sys.open(source, 'r');
  } catch (err) {
    report(cmd, `cannot open ${quoteFile(source)} for reading: ${errorText(err)}`);
    return;
  }
  try {
    let output: number;
    try {
      output = sys.open(dest, 'w', st.mode & 0o777);
    } catch (err) {
      // -f: remove a destination that cannot be opened, then try once more.
      if (!flags.force || !sys.tryStat(dest, false)) throw err;
      sys.unlink(dest);
      output = sys.open(dest, 'w', st.mode & 0o777);
    }
    try {
      const buffer = new Uint8Array(64 * 1024);
      for (let n = sys.read(input, buffer); n > 0; n = sys.read(input, buffer)) sys.write(output, buffer.subarray(0, n));
    } finally {
      sys.close(output);
    }
  } finally {
    sys.close(input);
  }
}

function preserve(cmd: Cmd, dest: string, st: Stat): void {
  cmd.sys.chmod(dest, st.mode & 0o7777);
  cmd.sys.utimes(dest, st.atimeMs, st.mtimeMs);
}

function report(cmd: Cmd, message: string): void {
  cmd.warn(message);
  cmd.status = 1;
}
