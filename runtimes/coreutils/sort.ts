/**
 * sort: sort lines of text files, with GNU's options for the common cases
 * (-b -d -f -g -h -i -M -n -r -V, -k, -t, -u, -s, -o, -c/-C, -z, -m).
 * Collation is by code point, which is GNU's order in C.UTF-8 (and LC_ALL=C
 * for ASCII). Ties between keys fall back to comparing whole lines unless
 * -s or -u is given. Keys: sort-keys.ts.
 */
import type { Program } from '../program.js';
import { command, quote, quoteName, readAllBytes, decodeText, encodeText, type Cmd } from './common.js';
import { SysError } from '../sys.js';
import {
  compareValues,
  extractKey,
  FLAG_LETTERS,
  hasOrdering,
  noFlags,
  normalise,
  parseKey,
  type KeyFlags,
  type KeySpec,
  type KeyValue,
} from './sort-keys.js';

const HELP = `Usage: sort [OPTION]... [FILE]...
Write sorted concatenation of all FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
Ordering options:

  -b, --ignore-leading-blanks  ignore leading blanks
  -d, --dictionary-order      consider only blanks and alphanumeric characters
  -f, --ignore-case           fold lower case to upper case characters
  -g, --general-numeric-sort  compare according to general numerical value
  -i, --ignore-nonprinting    consider only printable characters
  -M, --month-sort            compare (unknown) < 'JAN' < ... < 'DEC'
  -h, --human-numeric-sort    compare human readable numbers (e.g., 2K 1G)
  -n, --numeric-sort          compare according to string numerical value
  -r, --reverse               reverse the result of comparisons
  -V, --version-sort          natural sort of (version) numbers within text

Other options:

  -c, --check               check for sorted input; do not sort
  -C, --check=quiet         like -c, but do not report first bad line
  -k, --key=KEYDEF          sort via a key; KEYDEF gives location and type
  -m, --merge               merge already sorted files; do not sort
  -o, --output=FILE         write result to FILE instead of standard output
  -s, --stable              stabilize sort by disabling last-resort comparison
  -S, --buffer-size=SIZE    use SIZE for main memory buffer (ignored)
  -t, --field-separator=SEP  use SEP instead of non-blank to blank transition
  -T, --temporary-directory=DIR  (ignored)
      --parallel=N          (ignored)
  -u, --unique              output only the first of an equal run
  -z, --zero-terminated     line delimiter is NUL, not newline
      --help     display this help and exit
      --version  output version information and exit

KEYDEF is F[.C][OPTS][,F[.C][OPTS]] for start and stop position, where F is a
field number and C a character position in the field; both are origin 1, and
the stop position defaults to the line's end.  OPTS is one or more
single-letter ordering options [bdfgiMhnRrV], which override global ordering
options for that key.
`;

const SPEC = {
  help: HELP,
  usageStatus: 2,
  options: {
    b: { short: 'b', long: 'ignore-leading-blanks' },
    d: { short: 'd', long: 'dictionary-order' },
    f: { short: 'f', long: 'ignore-case' },
    g: { short: 'g', long: 'general-numeric-sort' },
    i: { short: 'i', long: 'ignore-nonprinting' },
    M: { short: 'M', long: 'month-sort' },
    h: { short: 'h', long: 'human-numeric-sort' },
    n: { short: 'n', long: 'numeric-sort' },
    r: { short: 'r', long: 'reverse' },
    V: { short: 'V', long: 'version-sort' },
    check: { short: 'c', long: 'check', arg: 'optional' },
    quietCheck: { short: 'C' },
    key: { short: 'k', long: 'key', arg: 'required' },
    merge: { short: 'm', long: 'merge' },
    output: { short: 'o', long: 'output', arg: 'required' },
    stable: { short: 's', long: 'stable' },
    buffer: { short: 'S', long: 'buffer-size', arg: 'required' },
    separator: { short: 't', long: 'field-separator', arg: 'required' },
    tmp: { short: 'T', long: 'temporary-directory', arg: 'required' },
    parallel: { long: 'parallel', arg: 'required' },
    unique: { short: 'u', long: 'unique' },
    zero: { short: 'z', long: 'zero-terminated' },
  },
} as const;

export const sort: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC);
  const global = noFlags();
  for (const [key] of list) if (key.length === 1 && FLAG_LETTERS[key] !== undefined) global[FLAG_LETTERS[key]] = true;
  let separator: string | undefined;
  if (typeof opts.separator === 'string') {
    separator = opts.separator === '\\0' ? '\0' : opts.separator;
    if (separator === '') cmd.fail('empty tab', 2);
    if ([...separator].length > 1) cmd.fail(`multi-character tab ${quote(separator)}`, 2);
  }
  const keys: KeySpec[] = [];
  for (const [name, value] of list) {
    if (name !== 'key') continue;
    try {
      keys.push(parseKey(String(value), global));
    } catch (err) {
      cmd.fail((err as Error).message, 2);
    }
  }
  const delimiter = opts.zero ? '\0' : '\n';
  const check = opts.quietCheck ? 'quiet' : opts.check === true ? 'diagnose' : typeof opts.check === 'string' ? opts.check : undefined;
  if (check !== undefined && !['quiet', 'silent', 'diagnose', 'diagnose-first'].includes(check)) {
    cmd.usageError(`invalid argument ${quote(check)} for ‘--check’`);
  }

  const files = operands.length > 0 ? operands : ['-'];
  if (check !== undefined && files.length > 1) cmd.usageError(`extra operand ${quote(files[1])} not allowed with -c`);
  const lines: string[] = [];
  for (const name of files) {
    let text: string;
    try {
      const fd = name === '-' ? 0 : cmd.sys.open(name, 'r');
      try {
        text = decodeText(readAllBytes(cmd.sys, fd));
      } finally {
        if (fd !== 0) cmd.sys.close(fd);
      }
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      cmd.fail(`cannot read: ${quoteName(name)}: ${err.message}`, 2);
    }
    if (text === '') continue;
    const parts = text.split(delimiter);
    if (text.endsWith(delimiter)) parts.pop();
    for (const p of parts) lines.push(p);
  }

  const compare = comparator(keys, global, separator, !!opts.stable || !!opts.unique);
  if (check !== undefined) return checkSorted(cmd, lines, compare, !!opts.unique, check, files[0]);

  const prepared = lines.map((line) => compare.prepare(line));
  const order = prepared.map((_, i) => i);
  order.sort((a, b) => compare.compare(prepared[a], prepared[b]) || a - b);
  const out: string[] = [];
  for (let k = 0; k < order.length; k++) {
    if (opts.unique && k > 0 && compare.compareKeys(prepared[order[k - 1]], prepared[order[k]]) === 0) continue;
    out.push(lines[order[k]]);
  }
  const text = out.length > 0 ? out.join(delimiter) + delimiter : '';
  if (typeof opts.output === 'string') {
    try {
      cmd.sys.writeFile(opts.output, encodeText(text));
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      cmd.fail(`open failed: ${quoteName(opts.output)}: ${err.message}`, 2);
    }
  } else {
    cmd.out.write(text);
  }
  return 0;
}

interface Prepared {
  line: string;
  values: KeyValue[];
}

interface Comparator {
  prepare(line: string): Prepared;
  /** By keys only (what -u calls equal). */
  compareKeys(a: Prepared, b: Prepared): number;
  /** By keys, then (unless stable) by whole line, as GNU's last resort. */
  compare(a: Prepared, b: Prepared): number;
}

function comparator(keys: KeySpec[], global: KeyFlags, separator: string | undefined, stable: boolean): Comparator {
  // No -k: the whole line is the one key, with the global flags.
  const whole: KeySpec = { ...global, startField: 0, startChar: 0, endField: Infinity, endChar: 0, endBlanks: global.blanks };
  const effective = keys.length > 0 ? keys : [whole];
  const plain = keys.length === 0 && !hasOrdering(global);
  const lastResortReverse = global.reverse;
  const compareKeys = (a: Prepared, b: Prepared): number => {
    for (let k = 0; k < effective.length; k++) {
      const r = compareValues(a.values[k], b.values[k], effective[k]);
      if (r !== 0) return r;
    }
    return 0;
  };
  return {
    prepare(line) {
      if (plain) return { line, values: [line] };
      return { line, values: effective.map((key) => normalise(extractKey(line, key, separator), key)) };
    },
    compareKeys,
    compare(a, b) {
      const r = compareKeys(a, b);
      if (r !== 0 || stable || plain) return r;
      const c = a.line < b.line ? -1 : a.line > b.line ? 1 : 0;
      return lastResortReverse ? -c : c;
    },
  };
}

function checkSorted(cmd: Cmd, lines: string[], compare: Comparator, unique: boolean, mode: string, name: string): number {
  let previous: Prepared | undefined;
  for (let i = 0; i < lines.length; i++) {
    const current = compare.prepare(lines[i]);
    if (previous) {
      const r = compare.compare(previous, current);
      if (r > 0 || (unique && compare.compareKeys(previous, current) === 0)) {
        if (mode === 'diagnose' || mode === 'diagnose-first') cmd.warn(`${name}:${i + 1}: disorder: ${lines[i]}`);
        return 1;
      }
    }
    previous = current;
  }
  return 0;
}
