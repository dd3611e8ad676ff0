/**
 * du(1). Sizes are apparent sizes (like GNU `du --apparent-size`): memfs
 * allocates no disk blocks, so a file counts as its length, summed in bytes
 * and rounded up to 1K blocks (or shown with -h / -b) when printed. GNU on
 * ext4 counts allocated 4K blocks instead, so its plain `du` shows more.
 * A file reached twice (a hard link, or an operand inside another) counts once.
 */
import type { Program } from '../program.js';
import { command, quote, type Cmd, type OptionSpec } from './common.js';
import { compareNames, errorText, joinPath, linuxLstat, quoteFile } from './fs-common.js';
import { humanSize } from './human-size.js';

type Key = 'summarize' | 'human' | 'all' | 'total' | 'kilo' | 'maxDepth' | 'apparent' | 'bytes' | 'mega' | 'nullEnd';

const SPEC: OptionSpec<Key> = {
  options: {
    summarize: { short: 's', long: 'summarize' },
    human: { short: 'h', long: 'human-readable' },
    all: { short: 'a', long: 'all' },
    total: { short: 'c', long: 'total' },
    kilo: { short: 'k' },
    mega: { short: 'm' },
    bytes: { short: 'b', long: 'bytes' },
    maxDepth: { short: 'd', long: 'max-depth', arg: 'required' },
    apparent: { long: 'apparent-size' },
    nullEnd: { short: '0', long: 'null' },
  },
  help: `Usage: du [OPTION]... [FILE]...
Summarize device usage of the set of FILEs, recursively for directories.

  -0, --null            end each output line with NUL, not newline
  -a, --all             write counts for all files, not just directories
      --apparent-size   print apparent sizes (always, in this sandbox)
  -b, --bytes           equivalent to '--apparent-size --block-size=1'
  -c, --total           produce a grand total
  -d, --max-depth=N     print the total for a directory (or file, with --all)
                          only if it is N or fewer levels below the command
                          line argument;  --max-depth=0 is the same as
                          --summarize
  -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)
  -k                    like --block-size=1K
  -m                    like --block-size=1M
  -s, --summarize       display only a total for each argument
      --help        display this help and exit
      --version     output version information and exit
`,
};

interface Run {
  cmd: Cmd;
  all: boolean;
  maxDepth: number;
  show: (bytes: number) => string;
  end: string;
  seen: Set<string>;
}

export const du: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC);
  let maxDepth = Infinity;
  if (typeof opts.maxDepth === 'string') {
    if (!/^\d+$/.test(opts.maxDepth)) return cmd.fail(`invalid maximum depth ${quote(opts.maxDepth)}`);
    maxDepth = Number(opts.maxDepth);
  }
  if (opts.summarize) {
    if (opts.all) cmd.usageError('cannot both summarize and show all entries');
    maxDepth = 0;
  }
  // The last unit option wins.
  let unit: 'k' | 'm' | 'h' | 'b' = 'k';
  for (const [key] of list) {
    if (key === 'kilo') unit = 'k';
    else if (key === 'mega') unit = 'm';
    else if (key === 'human') unit = 'h';
    else if (key === 'bytes') unit = 'b';
  }
  const show = (bytes: number): string =>
    unit === 'h' ? humanSize(bytes) : unit === 'b' ? String(bytes) : String(Math.ceil(bytes / (unit === 'm' ? 1024 * 1024 : 1024)));
  const run: Run = { cmd, all: !!opts.all, maxDepth, show, end: opts.nullEnd ? '\0' : '\n', seen: new Set() };
  let total = 0;
  for (const operand of operands.length > 0 ? operands : ['.']) {
    if (!cmd.sys.tryStat(operand, false)) {
      cmd.warn(`cannot access ${quoteFile(operand)}: No such file or directory`);
      cmd.status = 1;
      continue;
    }
    total += walk(run, operand, 0, true);
  }
  if (opts.total) cmd.out.write(`${show(total)}\ttotal${run.end}`);
  return cmd.status;
});

/** Bytes under `path`, printing the lines its depth and -a call for. */
function walk(run: Run, path: string, depth: number, operand: boolean): number {
  const { cmd } = run;
  const st = linuxLstat(cmd.sys, path);
  if (!st) return 0;
  const id = `${st.dev}:${st.ino}`;
  if (run.seen.has(id)) return 0;
  run.seen.add(id);
  let bytes = st.size;
  if (st.type === 'dir') {
    let names: string[] = [];
    try {
      names = cmd.sys.readdir(path).sort(compareNames);
    } catch (err) {
      cmd.warn(`cannot read directory ${quoteFile(path)}: ${errorText(err)}`);
      cmd.status = 1;
    }
    for (const name of names) bytes += walk(run, joinPath(path, name), depth + 1, false);
  }
  if (depth <= run.maxDepth && (st.type === 'dir' || run.all || operand)) {
    cmd.out.write(`${run.show(bytes)}\t${path}${run.end}`);
  }
  return bytes;
}
