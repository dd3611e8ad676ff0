/**
 * uniq: report or omit adjacent repeated lines, streaming: only the current
 * run's first line is kept. Comparison skips -f fields and -s characters,
 * looks at no more than -w characters, and folds case with -i.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { command, Output, quote, quoteName, type Cmd } from './common.js';

const HELP = `Usage: uniq [OPTION]... [INPUT [OUTPUT]]
Filter adjacent matching lines from INPUT (or standard input),
writing to OUTPUT (or standard output).

With no options, matching lines are merged to the first occurrence.

Mandatory arguments to long options are mandatory for short options too.
  -c, --count           prefix lines by the number of occurrences
  -d, --repeated        only print duplicate lines, one for each group
  -D                    print all duplicate lines
  -f, --skip-fields=N   avoid comparing the first N fields
  -i, --ignore-case     ignore differences in case when comparing
  -s, --skip-chars=N    avoid comparing the first N characters
  -u, --unique          only print unique lines
  -z, --zero-terminated     line delimiter is NUL, not newline
  -w, --check-chars=N   compare no more than N characters in lines
      --help     display this help and exit
      --version  output version information and exit

A field is a run of blanks (usually spaces and/or TABs), then non-blank
characters.  Fields are skipped before chars.
`;

const SPEC = {
  help: HELP,
  options: {
    count: { short: 'c', long: 'count' },
    repeated: { short: 'd', long: 'repeated' },
    all: { short: 'D', long: 'all-repeated', arg: 'optional' },
    fields: { short: 'f', long: 'skip-fields', arg: 'required' },
    ignoreCase: { short: 'i', long: 'ignore-case' },
    chars: { short: 's', long: 'skip-chars', arg: 'required' },
    unique: { short: 'u', long: 'unique' },
    zero: { short: 'z', long: 'zero-terminated' },
    width: { short: 'w', long: 'check-chars', arg: 'required' },
  },
} as const;

export const uniq: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  const number = (value: string | true | undefined, what: string): number => {
    if (value === undefined) return what === 'bytes to compare' ? Infinity : 0;
    const n = /^[0-9]+$/.test(String(value)) ? Number(value) : NaN;
    if (Number.isNaN(n)) cmd.fail(`${quote(String(value))}: invalid number of ${what}`);
    return n;
  };
  const skipFields = number(opts.fields, 'fields to skip');
  const skipChars = number(opts.chars, 'bytes to skip');
  const width = number(opts.width, 'bytes to compare');
  if (operands.length > 2) cmd.usageError(`extra operand ${quote(operands[2])}`);
  const delimiter = opts.zero ? '\0' : '\n';
  const fd = cmd.openInput(operands[0] ?? '-');
  if (fd === null) return 1;
  let out = cmd.out;
  if (operands[1] !== undefined && operands[1] !== '-') {
    try {
      out = new Output(cmd.sys, cmd.sys.open(operands[1], 'w'));
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      cmd.fail(`${quoteName(operands[1])}: ${err.message}`);
    }
  }

  const keyOf = (line: string): string => {
    let i = 0;
    for (let f = 0; f < skipFields; f++) {
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    }
    let key = line.slice(i + skipChars, width === Infinity ? undefined : i + skipChars + width);
    if (opts.ignoreCase) key = key.toLowerCase();
    return key;
  };
  const showAll = opts.all !== undefined;
  const lines = cmd.lines(fd);
  let first: string | null = null;
  let firstKey = '';
  let count = 0;
  const flush = (): void => {
    if (first === null) return;
    if (showAll || (opts.repeated && count < 2) || (opts.unique && count > 1)) return;
    out.write((opts.count ? `${String(count).padStart(7)} ` : '') + first + delimiter);
  };
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const key = keyOf(line);
    if (first !== null && key === firstKey) {
      count++;
      if (showAll) {
        if (count === 2) out.write(first + delimiter);
        out.write(line + delimiter);
      }
      continue;
    }
    flush();
    first = line;
    firstKey = key;
    count = 1;
  }
  flush();
  cmd.closeInput(fd);
  if (out !== cmd.out) {
    out.flush();
    cmd.sys.close(out.fd);
  }
  return 0;
}
