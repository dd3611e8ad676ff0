/**
 * sort's key model: `-k POS1[,POS2]` field ranges with per-key ordering
 * flags, and the comparison of two lines by their keys (coreutils sort.c:
 * keycompare, begfield, limfield). Each line's keys are extracted once and
 * normalised (numbers parsed, case folded) before sorting, so sorting
 * 200,000 lines costs one extraction per line, not per comparison.
 */

export interface KeyFlags {
  blanks: boolean; // b
  dictionary: boolean; // d
  fold: boolean; // f
  general: boolean; // g
  human: boolean; // h
  ignoreNonprinting: boolean; // i
  month: boolean; // M
  numeric: boolean; // n
  reverse: boolean; // r
  version: boolean; // V
}

export interface KeySpec extends KeyFlags {
  /** 0-based start field and 0-based char offset in it. */
  startField: number;
  startChar: number;
  /** 0-based end field (Infinity: end of line) and end char (0: end of field, else 1-based last char). */
  endField: number;
  endChar: number;
  /** Whether the end position has its own `b`. */
  endBlanks: boolean;
}

export const FLAG_LETTERS: Record<string, keyof KeyFlags> = {
  b: 'blanks',
  d: 'dictionary',
  f: 'fold',
  g: 'general',
  h: 'human',
  i: 'ignoreNonprinting',
  M: 'month',
  n: 'numeric',
  r: 'reverse',
  V: 'version',
};

export function noFlags(): KeyFlags {
  return {
    blanks: false,
    dictionary: false,
    fold: false,
    general: false,
    human: false,
    ignoreNonprinting: false,
    month: false,
    numeric: false,
    reverse: false,
    version: false,
  };
}

export function hasOrdering(f: KeyFlags): boolean {
  return (Object.keys(f) as Array<keyof KeyFlags>).some((k) => f[k]);
}

/** Parse a -k argument; throws a message (GNU's wording) when it is invalid. */
export function parseKey(text: string, global: KeyFlags): KeySpec {
  const m = /^([0-9]+)(?:\.([0-9]+))?([bdfghiMnrV]*)(?:,([0-9]+)(?:\.([0-9]+))?([bdfghiMnrV]*))?$/.exec(text);
  if (!m) {
    const bad = /^[0-9]+(\.[0-9]+)?/.exec(text);
    throw new Error(bad ? `stray character in field spec: invalid field specification ‘${text}’` : `invalid number at field start: invalid count at start of ‘${text}’`);
  }
  if (Number(m[1]) === 0) throw new Error(`field number is zero: invalid field specification ‘${text}’`);
  if (m[2] !== undefined && Number(m[2]) === 0) throw new Error(`character offset is zero: invalid field specification ‘${text}’`);
  if (m[4] !== undefined && Number(m[4]) === 0) throw new Error(`field number is zero: invalid field specification ‘${text}’`);
  const flags = noFlags();
  for (const ch of (m[3] ?? '') + (m[6] ?? '')) flags[FLAG_LETTERS[ch]] = true;
  // A key with no ordering flags of its own inherits the global ones (sort.c).
  const own = hasOrdering(flags);
  const startBlanks = own ? (m[3] ?? '').includes('b') : global.blanks;
  return {
    ...(own ? flags : global),
    blanks: startBlanks,
    startField: Number(m[1]) - 1,
    startChar: m[2] !== undefined ? Number(m[2]) - 1 : 0,
    endField: m[4] !== undefined ? Number(m[4]) - 1 : Infinity,
    endChar: m[5] !== undefined ? Number(m[5]) : 0,
    endBlanks: own ? (m[6] ?? '').includes('b') : global.blanks,
  };
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

/** Start index of field `field` (0-based): with a separator, after its field-th occurrence; else at the field's leading blanks. */
function fieldStart(line: string, field: number, sep: string | undefined): number {
  let i = 0;
  for (let f = 0; f < field && i < line.length; f++) {
    if (sep !== undefined) {
      const at = line.indexOf(sep, i);
      if (at < 0) return line.length;
      i = at + 1;
    } else {
      while (i < line.length && isBlank(line[i])) i++;
      while (i < line.length && !isBlank(line[i])) i++;
    }
  }
  return i;
}

/** End index (exclusive) of field `field`. */
function fieldEnd(line: string, field: number, sep: string | undefined): number {
  const start = fieldStart(line, field, sep);
  if (sep !== undefined) {
    const at = line.indexOf(sep, start);
    return at < 0 ? line.length : at;
  }
  let i = start;
  while (i < line.length && isBlank(line[i])) i++;
  while (i < line.length && !isBlank(line[i])) i++;
  return i;
}

/** The text of `key` in `line`. */
export function extractKey(line: string, key: KeySpec, sep: string | undefined): string {
  let start = fieldStart(line, key.startField, sep);
  if (key.blanks) while (start < line.length && isBlank(line[start])) start++;
  start = Math.min(start + key.startChar, line.length);
  let end: number;
  if (key.endField === Infinity) end = line.length;
  else if (key.endChar === 0) end = fieldEnd(line, key.endField, sep);
  else {
    end = fieldStart(line, key.endField, sep);
    if (key.endBlanks) while (end < line.length && isBlank(line[end])) end++;
    end = Math.min(end + key.endChar, line.length);
  }
  return end > start ? line.slice(start, end) : '';
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const HUMAN = 'KMGTPEZYRQ';

/** What a key compares as: a number, or a string already transformed by d/i/f. */
export type KeyValue = number | string;

export function normalise(text: string, f: KeyFlags): KeyValue {
  if (f.numeric || f.human) {
    const m = /^[ \t]*(-?)([0-9]*)(?:\.([0-9]*))?/.exec(text)!;
    let value = m[2] === '' && (m[3] ?? '') === '' ? 0 : Number(`${m[1]}${m[2] || '0'}.${m[3] ?? ''}0`);
    if (f.human) {
      const suffix = text[m[0].length];
      const unit = suffix === undefined ? 0 : HUMAN.indexOf(suffix) + 1;
      // Suffix magnitude first, then the number (sort.c: human_numcompare):
      // unit + |v|/(|v|+1) keeps that order in one double.
      const size = Math.abs(value);
      value = value === 0 ? 0 : Math.sign(value) * (unit + size / (size + 1));
    }
    return value;
  }
  if (f.general) {
    const m = /^[ \t]*([-+]?(?:inf(?:inity)?|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?))/i.exec(text);
    // Not a number sorts first, then NaN, then numbers (sort.c: general_numcompare).
    if (!m) return -Number.MAX_VALUE * 2; // -Infinity would tie with -inf
    const v = Number(m[1].replace(/inf(inity)?/i, 'Infinity'));
    return Number.isNaN(v) ? -Number.MAX_VALUE : v === -Infinity ? -Number.MAX_VALUE / 2 : v;
  }
  if (f.month) {
    const m = /^[ \t]*([a-zA-Z]{3})/.exec(text);
    return m ? MONTHS.indexOf(m[1].toUpperCase()) + 1 : 0;
  }
  let s = text;
  if (f.dictionary) s = s.replace(/[^ \t0-9A-Za-z\u0080-\uffff]/g, '');
  else if (f.ignoreNonprinting) s = s.replace(/[\x00-\x1f\x7f]/g, '');
  if (f.fold) s = s.toUpperCase();
  return s;
}

/** Compare two normalised keys (version keys compare with versionCompare). */
export function compareValues(a: KeyValue, b: KeyValue, f: KeyFlags): number {
  let r: number;
  if (f.version) r = versionCompare(a as string, b as string);
  else r = a < b ? -1 : a > b ? 1 : 0;
  return f.reverse ? -r : r;
}

/** GNU filevercmp, simplified: digit runs compare numerically, other runs by character, `~` first. */
export function versionCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let x = '';
    let y = '';
    while (i < a.length && !isDigit(a[i])) x += a[i++];
    while (j < b.length && !isDigit(b[j])) y += b[j++];
    const c = compareNonDigits(x, y);
    if (c !== 0) return c;
    let p = '';
    let q = '';
    while (i < a.length && isDigit(a[i])) p += a[i++];
    while (j < b.length && isDigit(b[j])) q += b[j++];
    p = p.replace(/^0+/, '');
    q = q.replace(/^0+/, '');
    if (p.length !== q.length) return p.length < q.length ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareNonDigits(x: string, y: string): number {
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    const d = order(x[k]) - order(y[k]);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
