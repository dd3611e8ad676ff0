/**
 * grep: print lines that match patterns. BRE (default), ERE (-E), fixed
 * strings (-F) and JavaScript's Perl-like syntax (-P) go through
 * posix-regex.ts; all patterns are joined into one RegExp. Files stream
 * line by line. Exit status: 0 if a line was selected, 1 if none, 2 on an
 * error (unless -q found a match), as GNU grep documents.
 *
 * A file containing a NUL byte is binary: instead of the first matching line
 * grep says "grep: FILE: binary file matches" on stderr (grep 3.5+) and stops
 * reading it; -a turns this off.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { matchPattern } from '../sh/pattern.js';
import { command, readAllBytes, decodeText, type Cmd } from './common.js';
import { compileRegex, escapeFixed, RegexSyntaxError, translateRegex } from './posix-regex.js';

const USAGE = 'Usage: grep [OPTION]... PATTERNS [FILE]...\n';

const HELP = `${USAGE}Search for PATTERNS in each FILE.
Example: grep -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Pattern selection and interpretation:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -P, --perl-regexp         PATTERNS are Perl regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -f, --file=FILE           take PATTERNS from FILE
  -i, --ignore-case         ignore case distinctions in patterns and data
      --no-ignore-case      do not ignore case distinctions (default)
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -z, --null-data           a data line ends in 0 byte, not newline

Miscellaneous:
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines
  -V, --version             display version information and exit
      --help                display this help text and exit

Output control:
  -m, --max-count=NUM       stop after NUM selected lines
  -n, --line-number         print line number with output lines
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
      --label=LABEL         use LABEL as the standard input file name prefix
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
  -a, --text                equivalent to --binary-files=text
  -r, --recursive           like --directories=recurse
  -R, --dereference-recursive  likewise, but follow all symlinks
      --include=GLOB        search only files that match GLOB (a file pattern)
      --exclude=GLOB        skip files that match GLOB
      --exclude-dir=GLOB    skip directories that match GLOB
  -L, --files-without-match  print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE
  -Z, --null                print 0 byte after FILE name

Context control:
  -B, --before-context=NUM  print NUM lines of leading context
  -A, --after-context=NUM   print NUM lines of trailing context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --color[=WHEN],
      --colour[=WHEN]       use markers to highlight the matching strings (ignored)

When FILE is '-', read standard input.  With no FILE, read '.' if
recursive, '-' otherwise.  With fewer than two FILEs, assume -h.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.
`;

const SPEC = {
  help: HELP,
  usageStatus: 2,
  usageHint: (name: string) => `${USAGE.replace('grep', name)}Try '${name} --help' for more information.\n`,
  digits: 'context',
  options: {
    extended: { short: 'E', long: 'extended-regexp' },
    fixed: { short: 'F', long: 'fixed-strings' },
    basic: { short: 'G', long: 'basic-regexp' },
    perl: { short: 'P', long: 'perl-regexp' },
    regexp: { short: 'e', long: 'regexp', arg: 'required' },
    file: { short: 'f', long: 'file', arg: 'required' },
    ignoreCase: { short: 'iy', long: 'ignore-case' },
    noIgnoreCase: { long: 'no-ignore-case' },
    word: { short: 'w', long: 'word-regexp' },
    line: { short: 'x', long: 'line-regexp' },
    nullData: { short: 'z', long: 'null-data' },
    noMessages: { short: 's', long: 'no-messages' },
    invert: { short: 'v', long: 'invert-match' },
    showVersion: { short: 'V' },
    maxCount: { short: 'm', long: 'max-count', arg: 'required' },
    lineNumber: { short: 'n', long: 'line-number' },
    withFilename: { short: 'H', long: 'with-filename' },
    noFilename: { short: 'h', long: 'no-filename' },
    label: { long: 'label', arg: 'required' },
    onlyMatching: { short: 'o', long: 'only-matching' },
    quiet: { short: 'q', long: ['quiet', 'silent'] },
    text: { short: 'a', long: 'text' },
    recursive: { short: 'r', long: 'recursive' },
    dereference: { short: 'R', long: 'dereference-recursive' },
    include: { long: 'include', arg: 'required' },
    exclude: { long: 'exclude', arg: 'required' },
    excludeDir: { long: 'exclude-dir', arg: 'required' },
    filesWithout: { short: 'L', long: 'files-without-match' },
    filesWith: { short: 'l', long: 'files-with-matches' },
    count: { short: 'c', long: 'count' },
    null: { short: 'Z', long: 'null' },
    before: { short: 'B', long: 'before-context', arg: 'required' },
    after: { short: 'A', long: 'after-context', arg: 'required' },
    context: { short: 'C', long: 'context', arg: 'required' },
    color: { long: ['color', 'colour'], arg: 'optional' },
    lineBuffered: { long: 'line-buffered' },
  },
} as const;

/** Thrown by -q at the first selected line: nothing more needs reading. */
class QuietMatch extends Error {}

interface Settings {
  regex: RegExp | null; // null: no patterns at all, nothing matches
  invert: boolean;
  onlyMatching: boolean;
  count: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  quiet: boolean;
  lineNumber: boolean;
  withFilename: boolean;
  nameEnd: string | undefined; // '\0' with -Z
  before: number;
  after: number;
  maxCount: number;
  text: boolean;
  delimiter: string;
  label: string;
  /** Whether a context group was printed already (GNU puts `--` between groups, across files too). */
  printedGroup: boolean;
}

export const grep: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC);
  if (opts.showVersion) {
    cmd.out.write(`${cmd.name} (wasmbox coreutils) 0.1\n`);
    return 0;
  }
  const patterns: string[] = [];
  let fromOptions = false;
  for (const [key, value] of list) {
    if (key === 'regexp') {
      patterns.push(...String(value).split('\n'));
      fromOptions = true;
    } else if (key === 'file') {
      fromOptions = true;
      try {
        const fd = value === '-' ? 0 : cmd.sys.open(String(value), 'r');
        const text = decodeText(readAllBytes(cmd.sys, fd));
        if (fd !== 0) cmd.sys.close(fd);
        if (text !== '') patterns.push(...text.replace(/\n$/, '').split('\n'));
      } catch (err) {
        if (!(err instanceof SysError)) throw err;
        cmd.fail(`${String(value)}: ${err.message}`, 2);
      }
    }
  }
  const files = [...operands];
  if (!fromOptions) {
    if (files.length === 0) cmd.usageError();
    patterns.push(...files.shift()!.split('\n'));
  }
  const recursive = !!opts.recursive || !!opts.dereference;
  const defaultDot = files.length === 0 && recursive;
  if (files.length === 0) files.push(recursive ? '.' : '-');

  const number = (value: string | true | undefined, what: string): number => {
    if (value === undefined) return -1;
    if (!/^[0-9]+$/.test(String(value))) cmd.fail(`${String(value)}: invalid ${what} argument`, 2);
    return Number(value);
  };
  const context = number(opts.context, 'context length');
  const after = number(opts.after, 'context length');
  const before = number(opts.before, 'context length');
  const maxCount = opts.maxCount === undefined ? Infinity : number(opts.maxCount, 'max count');

  const settings: Settings = {
    regex: buildRegex(cmd, patterns, opts),
    invert: !!opts.invert,
    onlyMatching: !!opts.onlyMatching,
    count: !!opts.count,
    filesWith: !!opts.filesWith,
    filesWithout: !!opts.filesWithout,
    quiet: !!opts.quiet,
    lineNumber: !!opts.lineNumber,
    withFilename: lastOf(list, 'withFilename', 'noFilename') === 'withFilename' || (lastOf(list, 'withFilename', 'noFilename') === undefined && (files.length > 1 || recursive)),
    nameEnd: opts.null ? '\0' : undefined,
    before: before >= 0 ? before : Math.max(context, 0),
    after: after >= 0 ? after : Math.max(context, 0),
    maxCount,
    text: !!opts.text,
    delimiter: opts.nullData ? '\0' : '\n',
    label: typeof opts.label === 'string' ? opts.label : '(standard input)',
    printedGroup: false,
  };
  const globs = (key: string): string[] => list.filter(([k]) => k === key).map(([, v]) => String(v));
  const include = globs('include');
  const exclude = globs('exclude');
  const excludeDir = globs('excludeDir');
  const error = (message: string): void => {
    if (!opts.noMessages) cmd.warn(message);
    cmd.status = 2;
  };

  let matched = false;
  const visit = (path: string, shown: string, top: boolean): void => {
    if (path !== '-') {
      const st = top && !opts.dereference ? cmd.sys.tryStat(path, true) : cmd.sys.tryStat(path, !!opts.dereference);
      if (st === undefined) {
        error(`${shown}: No such file or directory`);
        return;
      }
      const base = path.slice(path.lastIndexOf('/') + 1);
      if (st.type === 'dir') {
        if (!recursive) {
          error(`${shown}: Is a directory`);
          return;
        }
        if (!top && excludeDir.some((g) => matchPattern(g, base))) return;
        let names: string[];
        try {
          names = cmd.sys.readdir(path);
        } catch (err) {
          if (!(err instanceof SysError)) throw err;
          error(`${shown}: ${err.message}`);
          return;
        }
        for (const name of names) {
          const child = path.endsWith('/') ? path + name : `${path}/${name}`;
          // With no operand, -r searches '.' but names files without the './'.
          visit(child, defaultDot && top ? name : shown.endsWith('/') ? shown + name : `${shown}/${name}`, false);
        }
        return;
      }
      if (st.type === 'symlink' && !top) return; // -r skips symlinks found while recursing
      if (!top || recursive) {
        if (include.length > 0 && !include.some((g) => matchPattern(g, base))) return;
        if (exclude.some((g) => matchPattern(g, base))) return;
      }
    }
    let fd: number;
    try {
      fd = path === '-' ? 0 : cmd.sys.open(path, 'r');
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      error(`${shown}: ${err.message}`);
      return;
    }
    try {
      if (searchFile(cmd, fd, path === '-' ? settings.label : shown, settings)) matched = true;
    } finally {
      if (fd !== 0) cmd.sys.close(fd);
    }
  };
  try {
    for (const file of files) visit(file, file, true);
  } catch (err) {
    if (err instanceof QuietMatch) return 0;
    throw err;
  }
  if (cmd.status === 2) return 2;
  return matched ? 0 : 1;
}

/**
 * GNU grep decides from the first buffer whether a file is binary. A regular
 * file is peeked at and rewound; a pipe is judged line by line instead.
 */
function startsBinary(cmd: Cmd, fd: number): boolean {
  if (cmd.sys.fstat(fd).type !== 'file') return false;
  const head = new Uint8Array(32 * 1024);
  const n = cmd.sys.read(fd, head);
  cmd.sys.seek(fd, 0, 'set');
  return head.subarray(0, n).includes(0);
}

function lastOf<K extends string>(list: Array<[K, unknown]>, a: K, b: K): K | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i][0] === a || list[i][0] === b) return list[i][0];
  return undefined;
}

function buildRegex(cmd: Cmd, patterns: string[], opts: Record<string, unknown>): RegExp | null {
  if (patterns.length === 0) return null;
  const ignoreCase = !!opts.ignoreCase && !opts.noIgnoreCase;
  try {
    let groups = 0;
    const sources = patterns.map((p) => {
      if (opts.fixed) return escapeFixed(p);
      if (opts.perl) return p;
      const t = translateRegex(p, !!opts.extended, groups);
      groups += t.groups;
      return t.source;
    });
    let source = sources.map((s) => `(?:${s})`).join('|');
    if (opts.line) source = `^(?:${source})$`;
    else if (opts.word) source = `(?<!\\w)(?:${source})(?!\\w)`;
    return compileRegex(source, `g${ignoreCase ? 'i' : ''}`);
  } catch (err) {
    if (err instanceof RegexSyntaxError) cmd.fail(err.message, 2);
    throw err;
  }
}

/** Search one open file; returns whether any line was selected. */
function searchFile(cmd: Cmd, fd: number, name: string, s: Settings): boolean {
  const lines = cmd.lines(fd, { delimiter: s.delimiter });
  const out = cmd.out;
  const prefix = (lineNo: number, sep: string): string => {
    let p = '';
    if (s.withFilename) p += name + (s.nameEnd ?? sep);
    if (s.lineNumber) p += `${lineNo}${sep}`;
    return p;
  };
  const listing = s.count || s.filesWith || s.filesWithout || s.quiet;
  const pending: Array<[number, string]> = []; // leading context
  let afterLeft = 0;
  let lastPrinted = 0;
  let selected = 0;
  let sawNul = !s.text && s.delimiter === '\n' && startsBinary(cmd, fd);
  let lineNo = 0;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    lineNo++;
    if (!s.text && !sawNul && s.delimiter === '\n' && line.includes('\0')) sawNul = true;
    s.regex && (s.regex.lastIndex = 0);
    const isMatch = s.regex !== null && s.regex.test(line);
    if (isMatch !== s.invert) {
      selected++;
      if (s.quiet) throw new QuietMatch();
      if (s.filesWith || s.filesWithout) break;
      if (!listing) {
        if (sawNul) {
          out.flush();
          cmd.sys.write(2, `${cmd.name}: ${name}: binary file matches\n`);
          return true;
        }
        const gap = lastPrinted === 0 ? s.printedGroup : lineNo - pending.length > lastPrinted + 1;
        if ((s.before > 0 || s.after > 0) && gap) out.write('--\n');
        s.printedGroup = true;
        for (const [n, text] of pending) out.write(prefix(n, '-') + text + '\n');
        pending.length = 0;
        if (s.onlyMatching) {
          if (!s.invert && s.regex) {
            s.regex.lastIndex = 0;
            for (const m of line.matchAll(s.regex)) if (m[0] !== '') out.write(prefix(lineNo, ':') + m[0] + '\n');
          }
        } else {
          out.write(prefix(lineNo, ':') + line + s.delimiter);
        }
        lastPrinted = lineNo;
        afterLeft = s.after;
      }
      if (selected >= s.maxCount) break;
    } else if (!listing) {
      if (afterLeft > 0) {
        afterLeft--;
        out.write(prefix(lineNo, '-') + line + s.delimiter);
        lastPrinted = lineNo;
      } else if (s.before > 0) {
        pending.push([lineNo, line]);
        if (pending.length > s.before) pending.shift();
      }
    }
  }
  const nameOut = name + (s.nameEnd ?? '\n');
  if (s.count) out.write((s.withFilename ? name + (s.nameEnd ?? ':') : '') + `${selected}\n`);
  if (s.filesWith && selected > 0) out.write(nameOut);
  if (s.filesWithout && selected === 0) out.write(nameOut);
  return selected > 0;
}
