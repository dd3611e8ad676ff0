/**
 * xargs: build command lines from standard input and run them (sys.spawn,
 * then sys.wait, one at a time). Input is split on blanks and newlines with
 * xargs' quoting ('...', "...", backslash) by default, on NUL with -0, on a
 * given character with -d, or by lines with -L / -I. Exit status as GNU:
 * 123 if a command exited 1-125, 124 if one exited 255, 125 if one was
 * killed, 126 if it could not run, 127 if it was not found.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { command, decodeText, quote, readAllBytes, type Cmd } from './common.js';

const HELP = `Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...
Run COMMAND with arguments INITIAL-ARGS and more arguments read from input.

Mandatory and optional arguments to long options are also
mandatory or optional for the corresponding short option.
  -0, --null                   items are separated by a null, not whitespace;
                                 disables quote and backslash processing and
                                 logical EOF processing
  -a, --arg-file=FILE          read arguments from FILE, not standard input
  -d, --delimiter=CHARACTER    items in input stream are separated by CHARACTER,
                                 not by whitespace; disables quote and backslash
                                 processing and logical EOF processing
  -E END                       set logical EOF string; if END occurs as a line
                                 of input, the rest of the input is ignored
  -I R                         same as --replace=R
  -i, --replace[=R]            replace R in INITIAL-ARGS with names read
                                 from standard input, split at newlines;
                                 if R is unspecified, assume {}
  -L, --max-lines=MAX-LINES    use at most MAX-LINES non-blank input lines per
                                 command line
  -n, --max-args=MAX-ARGS      use at most MAX-ARGS arguments per command line
  -P, --max-procs=MAX-PROCS    run at most MAX-PROCS processes at a time (runs one)
  -r, --no-run-if-empty        if there are no arguments, then do not run COMMAND
  -s, --max-chars=MAX-CHARS    limit length of command line to MAX-CHARS
  -t, --verbose                print commands before executing them
  -x, --exit                   exit if the size (see -s) is exceeded
      --help                   display this help and exit
      --version                output version information and exit
`;

const SPEC = {
  help: HELP,
  stopAtOperand: true,
  options: {
    null: { short: '0', long: 'null' },
    argFile: { short: 'a', long: 'arg-file', arg: 'required' },
    delimiter: { short: 'd', long: 'delimiter', arg: 'required' },
    eof: { short: 'E', arg: 'required' },
    replaceI: { short: 'I', arg: 'required' },
    replace: { short: 'i', long: 'replace', arg: 'optional' },
    maxLines: { short: 'L', long: 'max-lines', arg: 'required' },
    maxArgs: { short: 'n', long: 'max-args', arg: 'required' },
    maxProcs: { short: 'P', long: 'max-procs', arg: 'required' },
    noRunIfEmpty: { short: 'r', long: 'no-run-if-empty' },
    maxChars: { short: 's', long: 'max-chars', arg: 'required' },
    verbose: { short: 't', long: 'verbose' },
    exit: { short: 'x', long: 'exit' },
  },
} as const;

export const xargs: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  const positive = (value: string | true | undefined, option: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^[0-9]+$/.test(String(value))) cmd.fail(`invalid number ${quote(String(value))} for ${option} option`);
    const n = Number(value);
    if (n < 1) cmd.usageError(`value ${n} for ${option} option should be >= 1`);
    return n;
  };
  const maxArgs = positive(opts.maxArgs, '-n');
  const maxLines = positive(opts.maxLines, '-L');
  positive(opts.maxProcs === '0' ? '1' : opts.maxProcs, '-P');
  const replace = typeof opts.replaceI === 'string' ? opts.replaceI : opts.replace === true ? '{}' : opts.replace;
  const base = operands.length > 0 ? operands : ['echo'];

  let input: string;
  try {
    const fd = typeof opts.argFile === 'string' ? cmd.sys.open(opts.argFile, 'r') : 0;
    input = decodeText(readAllBytes(cmd.sys, fd));
    if (fd !== 0) cmd.sys.close(fd);
  } catch (err) {
    if (!(err instanceof SysError)) throw err;
    return cmd.fail(`${String(opts.argFile)}: ${err.message}`);
  }

  // Each group is one command line's worth of input items.
  let groups: string[][];
  if (replace !== undefined) {
    groups = input.split('\n').map((l) => l.replace(/^[ \t]+/, '')).filter((l) => l !== '').map((l) => [l]);
  } else {
    let items: string[][];
    if (opts.null || opts.delimiter !== undefined) {
      const delim = opts.null ? '\0' : unescapeDelimiter(cmd, String(opts.delimiter));
      const parts = input.split(delim);
      if (parts[parts.length - 1] === '') parts.pop();
      items = parts.map((p) => [p]);
    } else {
      items = splitQuoted(cmd, input, maxLines !== undefined, typeof opts.eof === 'string' ? opts.eof : undefined);
    }
    groups = [];
    if (maxLines !== undefined) {
      for (let i = 0; i < items.length; i += maxLines) groups.push(items.slice(i, i + maxLines).flat());
    } else {
      const flat = items.flat();
      const per = maxArgs ?? Infinity;
      for (let i = 0; i < flat.length; i += per === Infinity ? flat.length : per) groups.push(flat.slice(i, i + (per === Infinity ? flat.length : per)));
    }
  }
  if (groups.length === 0 && !opts.noRunIfEmpty && replace === undefined) groups.push([]);

  let status = 0;
  for (const group of groups) {
    const argv = replace !== undefined ? base.map((a) => a.split(replace).join(group[0])) : [...base, ...group];
    if (opts.verbose) {
      cmd.out.flush();
      cmd.sys.write(2, argv.join(' ') + '\n');
    }
    cmd.out.flush();
    let pid: number;
    try {
      pid = cmd.sys.spawn({ argv, env: cmd.env });
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      cmd.warn(`${argv[0]}: ${err.message}`);
      return err.code === 'ENOENT' ? 127 : 126;
    }
    const result = cmd.sys.wait(pid)!;
    if (result.signal !== null) {
      cmd.warn(`${argv[0]}: terminated by signal ${result.exitCode - 128}`);
      return 125;
    }
    if (result.exitCode === 255) {
      cmd.warn(`${argv[0]}: exited with status 255; aborting`);
      return 124;
    }
    if (result.exitCode !== 0) status = 123;
  }
  return status;
}

/** -d takes a character or a C escape (\n, \t, \0, \x41, \101). */
function unescapeDelimiter(cmd: Cmd, text: string): string {
  if ([...text].length === 1) return text;
  const named: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '0': '\0' };
  const m = /^\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)$/.exec(text);
  if (m) {
    if (m[1].startsWith('x')) return String.fromCharCode(parseInt(m[1].slice(1), 16));
    if (/^[0-7]+$/.test(m[1])) return String.fromCharCode(parseInt(m[1], 8));
    if (named[m[1]] !== undefined) return named[m[1]];
  }
  return cmd.fail(`invalid input delimiter specification ${text}: the delimiter must be either a single character or an escape sequence starting with \\.`);
}

/**
 * Items split on blanks and newlines with quotes and backslashes, grouped by
 * input line (for -L; a line ending in a blank continues onto the next).
 */
function splitQuoted(cmd: Cmd, input: string, byLine: boolean, eof: string | undefined): string[][] {
  const lines: string[][] = [];
  let current: string[] = [];
  let item = '';
  let inItem = false;
  let quoteChar = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoteChar !== '') {
      if (c === quoteChar) quoteChar = '';
      else if (c === '\n') cmd.fail(`unmatched ${quoteChar === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`);
      else item += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quoteChar = c;
      inItem = true;
    } else if (c === '\\' && i + 1 < input.length) {
      item += input[++i];
      inItem = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inItem) {
        if (eof !== undefined && item === eof) return finish();
        current.push(item);
      }
      item = '';
      inItem = false;
      const continued = byLine && (input[i - 1] === ' ' || input[i - 1] === '\t');
      if (c === '\n' && !continued && current.length > 0) {
        lines.push(current);
        current = [];
      }
    } else {
      item += c;
      inItem = true;
    }
  }
  if (quoteChar !== '') cmd.fail(`unmatched ${quoteChar === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`);
  if (inItem && !(eof !== undefined && item === eof)) current.push(item);
  return finish();

  function finish(): string[][] {
    if (current.length > 0) lines.push(current);
    return lines;
  }
}
