/**
 * ls(1). One name per line, as GNU ls prints when stdout is not a
 * terminal; in columns with -C or on a terminal (ls-format.ts); names are
 * never quoted (GNU quotes some on a terminal). Entries are sorted by name
 * in code point order (LC_ALL=C / C.UTF-8 collation), or by -t / -S.
 * Times are shown in UTC. `total` counts 1K blocks of apparent size
 * (see human-size.ts kilobytes), where GNU on ext4 counts allocated blocks.
 */
import type { Program } from '../program.js';
import { command, type Cmd, type OptionSpec } from './common.js';
import { compareNames, errorText, joinPath, linuxLstat, quoteFile } from './fs-common.js';
import { humanSize } from './human-size.js';
import { formatGroup, totalBlocks, type FormatOptions, type Listed } from './ls-format.js';

type Key =
  | 'all' | 'almostAll' | 'long' | 'one' | 'directory' | 'recursive' | 'reverse' | 'time' | 'size'
  | 'human' | 'classify' | 'slash' | 'inode' | 'numeric' | 'unsorted' | 'dereference' | 'color' | 'columns';

const SPEC: OptionSpec<Key> = {
  // GNU ls: 2 for serious trouble, a bad command line included.
  usageStatus: 2,
  options: {
    all: { short: 'a', long: 'all' },
    almostAll: { short: 'A', long: 'almost-all' },
    long: { short: 'l' },
    one: { short: '1' },
    columns: { short: 'C' },
    directory: { short: 'd', long: 'directory' },
    recursive: { short: 'R', long: 'recursive' },
    reverse: { short: 'r', long: 'reverse' },
    time: { short: 't' },
    size: { short: 'S' },
    human: { short: 'h', long: 'human-readable' },
    classify: { short: 'F', long: 'classify', arg: 'optional' },
    slash: { short: 'p' },
    inode: { short: 'i', long: 'inode' },
    numeric: { short: 'n', long: 'numeric-uid-gid' },
    unsorted: { short: 'U' },
    dereference: { short: 'L', long: 'dereference' },
    color: { long: 'color', arg: 'optional' },
  },
  help: `Usage: ls [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically if none of -tSU is specified.

  -a, --all                  do not ignore entries starting with .
  -A, --almost-all           do not list implied . and ..
  -d, --directory            list directories themselves, not their contents
  -F, --classify             append indicator (one of */=>@|) to entries
  -h, --human-readable       with -l, print sizes like 1K 234M 2G etc.
  -i, --inode                print the index number of each file
  -l                         use a long listing format
  -L, --dereference          show information for the file a symlink references
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
  -p                         append / indicator to directories
  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -S                         sort by file size, largest first
  -t                         sort by time, newest first
  -U                         do not sort; list entries in directory order
  -1                         list one file per line
      --help        display this help and exit
      --version     output version information and exit

Exit status:
 0  if OK,
 1  if minor problems (e.g., cannot access subdirectory),
 2  if serious trouble (e.g., cannot access command-line argument).
`,
};

interface Run {
  cmd: Cmd;
  format: FormatOptions;
  all: boolean;
  almostAll: boolean;
  recursive: boolean;
  dereference: boolean;
  sort: 'name' | 'time' | 'size' | 'none';
  reverse: boolean;
  /** Whether something was printed yet (directory blocks are separated by a blank line). */
  printed: boolean;
}

/**
 * Columns (-C) when asked, or by default when stdout is a terminal; -1 and
 * -l win over that (the last of -1/-C given decides, as in GNU). The width
 * is the terminal's, else $COLUMNS, else 80 (GNU ls.c decode_switches).
 */
function lineWidth(cmd: Cmd, layout: 'one' | 'columns' | undefined, long: boolean): number | null {
  const tty = cmd.sys.isatty(1);
  if (long || layout === 'one' || (layout === undefined && !tty)) return null;
  if (tty) {
    const size = cmd.sys.winsize(1);
    if (size.cols > 0) return size.cols;
  }
  const env = Number(cmd.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 80;
}

export const ls: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC);
  let sort: Run['sort'] = 'name';
  let layout: 'one' | 'columns' | undefined;
  for (const [key] of list) {
    if (key === 'one' || key === 'columns') layout = key;
    if (key === 'time') sort = 'time';
    else if (key === 'size') sort = 'size';
    else if (key === 'unsorted') sort = 'none';
  }
  const run: Run = {
    cmd,
    format: {
      long: !!(opts.long || opts.numeric),
      inode: !!opts.inode,
      human: !!opts.human,
      numeric: !!opts.numeric,
      classify: opts.classify ? 'all' : opts.slash ? 'slash' : 'none',
      nowMs: cmd.sys.now(),
      lineWidth: lineWidth(cmd, layout, !!(opts.long || opts.numeric)),
    },
    all: !!opts.all,
    almostAll: !!opts.almostAll,
    recursive: !!opts.recursive && !opts.directory,
    dereference: !!opts.dereference,
    sort,
    reverse: !!opts.reverse,
    printed: false,
  };
  const names = operands.length > 0 ? operands : ['.'];
  const files: Listed[] = [];
  const dirs: Listed[] = [];
  // Command-line symlinks are followed unless -l, -d or -F ask about the link itself.
  const followArgs = run.dereference || !(run.format.long || opts.directory || opts.classify);
  for (const name of names) {
    const entry = describe(run, name, name, followArgs);
    if (!entry) {
      cmd.warn(`cannot access ${quoteFile(name)}: No such file or directory`);
      cmd.status = 2;
      continue;
    }
    const isDir = entry.st.type === 'dir' || (entry.st.type === 'symlink' && followArgs && entry.targetSt?.type === 'dir');
    if (isDir && !opts.directory) dirs.push(entry);
    else files.push(entry);
  }
  if (files.length > 0) {
    cmd.out.write(formatGroup(order(run, files), run.format));
    run.printed = true;
  }
  const headers = names.length > 1 || run.recursive;
  for (const dir of order(run, dirs)) listDirectory(run, dir.name, headers);
  return cmd.status;
});

/** lstat (or stat when following) `path`; null if it does not exist. */
function describe(run: Run, path: string, shown: string, follow: boolean): Listed | null {
  const sys = run.cmd.sys;
  const lst = linuxLstat(sys, path);
  if (!lst) return null;
  if (lst.type !== 'symlink') return { name: shown, st: lst };
  const target = sys.tryStat(path, true);
  if (follow && target) return { name: shown, st: target };
  return { name: shown, st: lst, linkTarget: sys.readlink(path), targetSt: target };
}

function listDirectory(run: Run, path: string, header: boolean): void {
  const { cmd } = run;
  let names: string[];
  try {
    names = cmd.sys.readdir(path);
  } catch (err) {
    cmd.warn(`cannot open directory ${quoteFile(path)}: ${errorText(err)}`);
    cmd.status = Math.max(cmd.status, run.printed ? 1 : 2);
    return;
  }
  if (header) cmd.out.write(`${run.printed ? '\n' : ''}${path}:\n`);
  run.printed = true;
  const shown = names.filter((n) => run.all || run.almostAll || !n.startsWith('.'));
  const entries: Listed[] = [];
  for (const name of shown) {
    const entry = describe(run, joinPath(path, name), name, run.dereference);
    if (entry) entries.push(entry);
  }
  if (run.all) {
    for (const dot of ['.', '..']) {
      const entry = describe(run, joinPath(path, dot), dot, false);
      if (entry) entries.push(entry);
    }
  }
  const sorted = order(run, entries);
  if (run.format.long) {
    const total = totalBlocks(sorted);
    cmd.out.write(`total ${run.format.human ? humanSize(total * 1024) : total}\n`);
  }
  cmd.out.write(formatGroup(sorted, run.format));
  if (!run.recursive) return;
  for (const entry of sorted) {
    if (entry.st.type !== 'dir' || entry.name === '.' || entry.name === '..') continue;
    listDirectory(run, joinPath(path, entry.name), true);
  }
}

function order(run: Run, files: Listed[]): Listed[] {
  if (run.sort === 'none') return files;
  const byName = (a: Listed, b: Listed) => compareNames(a.name, b.name);
  const compare: (a: Listed, b: Listed) => number =
    run.sort === 'time'
      ? (a, b) => b.st.mtimeMs - a.st.mtimeMs || byName(a, b)
      : run.sort === 'size'
        ? (a, b) => b.st.size - a.st.size || byName(a, b)
        : byName;
  const sorted = [...files].sort(compare);
  return run.reverse ? sorted.reverse() : sorted;
}

