/**
 * diff: compare files line by line (line-diff.ts), in GNU's normal format
 * (default) or unified format (-u, -U N) with `--- name\tmtime` headers;
 * -q only says whether they differ; -r walks directories ("Only in ...").
 * -i, -b and -w compare lines case-blind or with blanks normalised.
 * Exit status: 0 same, 1 different, 2 trouble.
 */
import type { Program } from '../program.js';
import { SysError, type Stat } from '../sys.js';
import { command, decodeText, readAllBytes, type Cmd } from './common.js';
import { diffLines, type Change } from './line-diff.js';
import { strftime } from './strftime.js';

const HELP = `Usage: diff [OPTION]... FILES
Compare FILES line by line.

Mandatory arguments to long options are mandatory for short options too.
  -q, --brief                   report only when files differ
  -s, --report-identical-files  report when two files are the same
  -u, -U NUM, --unified[=NUM]   output NUM (default 3) lines of unified context
  -r, --recursive                 recursively compare any subdirectories found
  -N, --new-file                  treat absent files as empty
  -i, --ignore-case               ignore case differences in file contents
  -b, --ignore-space-change       ignore changes in the amount of white space
  -w, --ignore-all-space          ignore all white space
  -a, --text                      treat all files as text
      --label LABEL             use LABEL instead of file name and timestamp
                                  (can be repeated)
      --help               display this help and exit
  -v, --version            output version information and exit

FILES are 'FILE1 FILE2' or 'DIR1 DIR2' or 'DIR FILE' or 'FILE DIR'.
If a FILE is '-', read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
`;

const SPEC = {
  help: HELP,
  usageStatus: 2,
  usageHint: (name: string) => `${name}: Try '${name} --help' for more information.\n`,
  options: {
    brief: { short: 'q', long: 'brief' },
    identical: { short: 's', long: 'report-identical-files' },
    unified: { short: 'u' },
    unifiedLines: { short: 'U', long: 'unified', arg: 'required' },
    recursive: { short: 'r', long: 'recursive' },
    newFile: { short: 'N', long: 'new-file' },
    ignoreCase: { short: 'i', long: 'ignore-case' },
    spaceChange: { short: 'b', long: 'ignore-space-change' },
    allSpace: { short: 'w', long: 'ignore-all-space' },
    text: { short: 'a', long: 'text' },
    label: { long: 'label', arg: 'required' },
    showVersion: { short: 'v' },
  },
} as const;

interface Settings {
  brief: boolean;
  identical: boolean;
  context: number | undefined; // set for unified output
  recursive: boolean;
  newFile: boolean;
  text: boolean;
  key: (line: string) => string;
  labels: string[];
  /** The options as typed, for the "diff -r a/f b/f" lines of a recursive diff. */
  switches: string;
}

interface Loaded {
  lines: string[];
  /** Whether the last line lacks its newline. */
  noEol: boolean;
  binary: boolean;
  mtimeMs: number;
}

export const diff: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC);
  if (opts.showVersion) {
    cmd.out.write(`${cmd.name} (wasmbox coreutils) 0.1\n`);
    return 0;
  }
  if (operands.length < 2) cmd.usageError(operands.length === 0 ? 'missing operand after ‘diff’' : `missing operand after ${`‘${operands[0]}’`}`);
  if (operands.length > 2) cmd.usageError(`extra operand ‘${operands[2]}’`);
  let context: number | undefined;
  if (opts.unified) context = 3;
  if (typeof opts.unifiedLines === 'string') {
    if (!/^[0-9]+$/.test(opts.unifiedLines)) cmd.usageError(`invalid context length ‘${opts.unifiedLines}’`);
    context = Number(opts.unifiedLines);
  }
  const normalise = (line: string): string => {
    let l = line;
    if (opts.allSpace) l = l.replace(/[ \t\v\f\r]+/g, '');
    else if (opts.spaceChange) l = l.replace(/[ \t\v\f\r]+/g, ' ').replace(/ $/, '');
    if (opts.ignoreCase) l = l.toLowerCase();
    return l;
  };
  const settings: Settings = {
    brief: !!opts.brief,
    identical: !!opts.identical,
    context,
    recursive: !!opts.recursive,
    newFile: !!opts.newFile,
    text: !!opts.text,
    key: opts.allSpace || opts.spaceChange || opts.ignoreCase ? normalise : (l) => l,
    labels: list.filter(([k]) => k === 'label').map(([, v]) => String(v)),
    switches: cmd.args.filter((a) => a.startsWith('-') && a !== '-' && !operands.includes(a)).join(' '),
  };
  let [a, b] = operands;
  const sa = a === '-' ? undefined : cmd.sys.tryStat(a);
  const sb = b === '-' ? undefined : cmd.sys.tryStat(b);
  // DIR FILE compares DIR/basename(FILE), and FILE DIR the other way round.
  if (sa?.type === 'dir' && sb?.type !== 'dir' && b !== '-') a = `${a}/${b.slice(b.lastIndexOf('/') + 1)}`;
  else if (sb?.type === 'dir' && sa?.type !== 'dir' && a !== '-') b = `${b}/${a.slice(a.lastIndexOf('/') + 1)}`;
  try {
    return compare(cmd, a, b, settings, true);
  } catch (err) {
    if (err instanceof SysError) {
      cmd.warn(`${err.path ?? a}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

/** Compare two paths (files or, with -r, directories); returns the exit status. */
function compare(cmd: Cmd, a: string, b: string, s: Settings, top: boolean): number {
  const sa = a === '-' ? undefined : cmd.sys.tryStat(a);
  const sb = b === '-' ? undefined : cmd.sys.tryStat(b);
  if (a !== '-' && sa === undefined && !(s.newFile && sb !== undefined)) return trouble(cmd, a);
  if (b !== '-' && sb === undefined && !(s.newFile && sa !== undefined)) return trouble(cmd, b);
  if (sa?.type === 'dir' && sb?.type === 'dir') {
    if (!top && !s.recursive) {
      cmd.out.write(`Common subdirectories: ${a} and ${b}\n`);
      return 0;
    }
    return compareDirs(cmd, a, b, s);
  }
  if (sa?.type === 'dir' || sb?.type === 'dir') {
    cmd.out.write(`File ${sa?.type === 'dir' ? a : b} is a directory while file ${sa?.type === 'dir' ? b : a} is a regular file\n`);
    return 1;
  }
  const fa = load(cmd, a, sa);
  const fb = load(cmd, b, sb);
  return compareFiles(cmd, a, b, fa, fb, s, top);
}

function trouble(cmd: Cmd, path: string): number {
  cmd.warn(`${path}: No such file or directory`);
  return 2;
}

function compareDirs(cmd: Cmd, a: string, b: string, s: Settings): number {
  const left = new Set(cmd.sys.readdir(a));
  const right = new Set(cmd.sys.readdir(b));
  const names = [...new Set([...left, ...right])].sort();
  let status = 0;
  for (const name of names) {
    const pa = `${a}/${name}`;
    const pb = `${b}/${name}`;
    if (!left.has(name) || !right.has(name)) {
      if (s.newFile) {
        status = Math.max(status, compare(cmd, pa, pb, s, false));
        continue;
      }
      cmd.out.write(`Only in ${left.has(name) ? a : b}: ${name}\n`);
      status = Math.max(status, 1);
      continue;
    }
    status = Math.max(status, compare(cmd, pa, pb, s, false));
  }
  return status;
}

function load(cmd: Cmd, path: string, st: Stat | undefined): Loaded {
  if (path !== '-' && st === undefined) return { lines: [], noEol: false, binary: false, mtimeMs: 0 };
  const fd = path === '-' ? 0 : cmd.sys.open(path, 'r');
  const bytes = readAllBytes(cmd.sys, fd);
  const mtimeMs = path === '-' ? cmd.sys.now() : cmd.sys.fstat(fd).mtimeMs;
  if (fd !== 0) cmd.sys.close(fd);
  const text = decodeText(bytes);
  const lines = text === '' ? [] : text.split('\n');
  const noEol = text !== '' && !text.endsWith('\n');
  if (!noEol && lines.length > 0) lines.pop();
  return { lines, noEol, binary: bytes.includes(0), mtimeMs };
}

function compareFiles(cmd: Cmd, a: string, b: string, fa: Loaded, fb: Loaded, s: Settings, top: boolean): number {
  if (!s.text && (fa.binary || fb.binary)) {
    const same = fa.lines.join('\n') === fb.lines.join('\n') && fa.noEol === fb.noEol;
    if (same) return 0;
    cmd.out.write(`Binary files ${a} and ${b} differ\n`);
    return 1;
  }
  // A last line without newline differs from the same line with one.
  const mark = (f: Loaded): string[] => (f.noEol ? [...f.lines.slice(0, -1), f.lines[f.lines.length - 1] + '\0noeol'] : f.lines);
  const changes = diffLines(mark(fa), mark(fb), (l) => (l.endsWith('\0noeol') ? s.key(l.slice(0, -6)) + '\0' : s.key(l)));
  if (changes.length === 0) {
    if (s.identical) cmd.out.write(`Files ${a} and ${b} are identical\n`);
    return 0;
  }
  if (s.brief) {
    cmd.out.write(`Files ${a} and ${b} differ\n`);
    return 1;
  }
  if (!top) cmd.out.write(`diff ${s.switches ? s.switches + ' ' : ''}${a} ${b}\n`);
  if (s.context !== undefined) unified(cmd, a, b, fa, fb, changes, s);
  else normal(cmd, fa, fb, changes);
  return 1;
}

function range(start: number, end: number): string {
  // 1-based, inclusive; a single line is just its number.
  return end - start <= 1 ? `${end - start === 1 ? start + 1 : start}` : `${start + 1},${end}`;
}

function printLine(cmd: Cmd, prefix: string, f: Loaded, index: number): void {
  cmd.out.write(`${prefix}${f.lines[index]}\n`);
  if (f.noEol && index === f.lines.length - 1) cmd.out.write('\\ No newline at end of file\n');
}

function normal(cmd: Cmd, fa: Loaded, fb: Loaded, changes: Change[]): void {
  for (const c of changes) {
    const del = c.aEnd > c.aStart;
    const ins = c.bEnd > c.bStart;
    const op = del && ins ? 'c' : del ? 'd' : 'a';
    const left = del ? range(c.aStart, c.aEnd) : `${c.aStart}`;
    const right = ins ? range(c.bStart, c.bEnd) : `${c.bStart}`;
    cmd.out.write(`${left}${op}${right}\n`);
    for (let i = c.aStart; i < c.aEnd; i++) printLine(cmd, '< ', fa, i);
    if (del && ins) cmd.out.write('---\n');
    for (let j = c.bStart; j < c.bEnd; j++) printLine(cmd, '> ', fb, j);
  }
}

/** GNU's unified timestamp: `2026-11-22 10:00:00.000000000 +0000`. */
function stamp(ms: number): string {
  const nanos = Math.round((((ms % 1000) + 1000) % 1000) * 1e6);
  return strftime('%Y-%m-%d %H:%M:%S.%N %z', ms, nanos);
}

function unified(cmd: Cmd, a: string, b: string, fa: Loaded, fb: Loaded, changes: Change[], s: Settings): void {
  const ctx = s.context!;
  cmd.out.write(`--- ${s.labels[0] ?? `${a}\t${stamp(fa.mtimeMs)}`}\n`);
  cmd.out.write(`+++ ${s.labels[1] ?? `${b}\t${stamp(fb.mtimeMs)}`}\n`);
  // Changes closer than 2*context lines share a hunk.
  let k = 0;
  while (k < changes.length) {
    let last = k;
    while (last + 1 < changes.length && changes[last + 1].aStart - changes[last].aEnd <= 2 * ctx) last++;
    const first = changes[k];
    const end = changes[last];
    const aFrom = Math.max(0, first.aStart - ctx);
    const aTo = Math.min(fa.lines.length, end.aEnd + ctx);
    const bFrom = first.bStart - (first.aStart - aFrom);
    const bTo = end.bEnd + (aTo - end.aEnd);
    const head = (from: number, to: number): string => (to - from === 1 ? `${from + 1}` : `${to - from === 0 ? from : from + 1},${to - from}`);
    cmd.out.write(`@@ -${head(aFrom, aTo)} +${head(bFrom, bTo)} @@\n`);
    let i = aFrom;
    for (let c = k; c <= last; c++) {
      const ch = changes[c];
      for (; i < ch.aStart; i++) printLine(cmd, ' ', fa, i);
      for (let x = ch.aStart; x < ch.aEnd; x++) printLine(cmd, '-', fa, x);
      for (let y = ch.bStart; y < ch.bEnd; y++) printLine(cmd, '+', fb, y);
      i = ch.aEnd;
    }
    for (; i < aTo; i++) printLine(cmd, ' ', fa, i);
    k = last + 1;
  }
}
