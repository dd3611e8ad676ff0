/**
 * POSIX basic (BRE) and extended (ERE) regular expressions, with GNU's
 * extensions, translated to JavaScript RegExp source (for grep and sed).
 *
 * BRE: `\( \)` group, `\{m,n\}` interval, `\|` `\+` `\?` (GNU), and the
 * characters `+ ? { } | ( )` are literal; `*` is literal at the start of an
 * expression or group; `^` and `$` anchor only at the ends of an expression
 * or group. ERE: the usual operators; `{` not starting a valid interval is
 * literal (GNU). Both: bracket expressions with `[:class:]`, `[=c=]`,
 * `[.c.]`, where a backslash is an ordinary character; `\1`-`\9`; GNU's
 * `\< \> \b \B \w \W \s \S` and `` \` `` `\'`.
 *
 * Known difference: JavaScript picks the first alternative that matches
 * where POSIX picks the longest (`ab|abcd` on "abcd" matches "ab").
 * Translations use the `u` flag so `.` is a whole character; `\w` and word
 * boundaries are ASCII.
 */

/** An invalid expression; `message` is GNU's wording ("Unmatched ( or \\("). */
export class RegexSyntaxError extends Error {}

export interface Translation {
  source: string;
  /** Number of capture groups. */
  groups: number;
}

const CLASS_SOURCE: Record<string, string> = {
  alpha: '\\p{L}',
  digit: '0-9',
  alnum: '\\p{L}0-9',
  upper: '\\p{Lu}',
  lower: '\\p{Ll}',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~\\u00a0-\\u{10ffff}',
  graph: '!-~\\u00a1-\\u{10ffff}',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

/**
 * Translate `pattern` (BRE unless `extended`). `groupOffset` shifts
 * back-reference numbers, for joining several patterns with `|`.
 */
export function translateRegex(pattern: string, extended: boolean, groupOffset = 0): Translation {
  const cps = [...pattern];
  let out = '';
  let groups = 0;
  const open: number[] = []; // group numbers still open
  const openAt: number[] = []; // where each open group starts in `out`
  let atomStart = 0; // where the last atom (the one a quantifier applies to) starts in `out`
  // Whether the previous item can take a quantifier (false at the start of an expression or group).
  let canRepeat = false;
  let atStart = true; // for ^ and * rules
  let i = 0;

  const emitAtom = (source: string): void => {
    atomStart = out.length;
    out += source;
    canRepeat = true;
    atStart = false;
  };
  const quantifier = (q: string): void => {
    if (!canRepeat) {
      // A leading `*` (or ERE `+ ? {`) is literal, as GNU treats it.
      emitAtom(escapeLiteral(q === '*' ? '*' : q[0]) + (q.length > 1 ? escapeLiteral(q.slice(1)) : ''));
      return;
    }
    // POSIX allows `a**`; JavaScript does not allow a quantifier on a quantifier.
    if (/[*+?}]$/.test(out) && !/\\[*+?}]$/.test(out)) out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)})`;
    out += q;
    atStart = false;
  };
  const interval = (body: string, closeLen: number): boolean => {
    const m = /^([0-9]*)(,([0-9]*))?$/.exec(body);
    if (!m || (m[1] === '' && m[2] === undefined)) return false;
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
    if (max !== undefined && max < min) throw new RegexSyntaxError('Invalid content of \\{\\}');
    if (min > 32767 || (max ?? 0) > 32767) throw new RegexSyntaxError('Regular expression too big');
    quantifier(`{${min}${m[2] === undefined ? '' : `,${max ?? ''}`}}`);
    i += closeLen;
    return true;
  };

  for (; i < cps.length; i++) {
    const c = cps[i];
    if (c === '\\') {
      if (i + 1 >= cps.length) throw new RegexSyntaxError('Trailing backslash');
      const n = cps[++i];
      if (!extended && n === '(') {
        openGroup();
      } else if (!extended && n === ')') {
        closeGroup();
      } else if (!extended && n === '|') {
        alternation();
      } else if (!extended && n === '{') {
        const end = pattern.indexOf('\\}', offsetOf(cps, i + 1));
        if (end < 0) throw new RegexSyntaxError('Unmatched \\{');
        const body = pattern.slice(offsetOf(cps, i + 1), end);
        if (!canRepeat) emitAtom('\\{');
        else if (!interval(body, [...body].length + 2)) throw new RegexSyntaxError('Invalid content of \\{\\}');
      } else if (!extended && (n === '+' || n === '?')) {
        quantifier(n);
      } else if (n >= '1' && n <= '9') {
        if (Number(n) > groups) throw new RegexSyntaxError('Invalid back reference');
        emitAtom(`\\${Number(n) + groupOffset}`);
      } else if (n === '<') emitAtom('\\b(?=\\w)');
      else if (n === '>') emitAtom('\\b(?<=\\w)');
      else if (n === 'b' || n === 'B' || n === 'w' || n === 'W' || n === 's' || n === 'S') emitAtom(`\\${n}`);
      else if (n === '`') emitAtom('(?<![^])');
      else if (n === "'") emitAtom('(?![^])');
      else if (n === 'n') emitAtom('\\n');
      else emitAtom(escapeLiteral(n));
      continue;
    }
    if (c === '[') {
      const { source, next } = bracket(cps, i);
      emitAtom(source);
      i = next - 1;
      continue;
    }
    if (c === '.') {
      emitAtom('.');
      continue;
    }
    if (c === '*') {
      quantifier('*');
      continue;
    }
    if (c === '^') {
      if (extended || atStart) {
        out += '^';
        canRepeat = false;
      } else emitAtom('\\^');
      continue;
    }
    if (c === '$') {
      const rest = pattern.slice(offsetOf(cps, i + 1));
      if (extended || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) {
        out += '$';
        canRepeat = false;
        atStart = false;
      } else emitAtom('\\$');
      continue;
    }
    if (extended) {
      if (c === '(') {
        openGroup();
        continue;
      }
      if (c === ')') {
        if (open.length === 0) {
          emitAtom('\\)'); // GNU ERE: an unmatched ) is literal
          continue;
        }
        closeGroup();
        continue;
      }
      if (c === '|') {
        alternation();
        continue;
      }
      if (c === '+' || c === '?') {
        quantifier(c);
        continue;
      }
      if (c === '{') {
        const end = pattern.indexOf('}', offsetOf(cps, i + 1));
        const body = end < 0 ? '' : pattern.slice(offsetOf(cps, i + 1), end);
        if (end >= 0 && canRepeat && interval(body, [...body].length + 1)) continue;
        emitAtom('\\{');
        continue;
      }
    }
    emitAtom(escapeLiteral(c));
  }
  if (open.length > 0) throw new RegexSyntaxError('Unmatched ( or \\(');
  return { source: out, groups };

  function openGroup(): void {
    groups++;
    open.push(groups);
    openAt.push(out.length);
    out += '(';
    canRepeat = false;
    atStart = true;
  }
  function closeGroup(): void {
    if (open.length === 0) throw new RegexSyntaxError('Unmatched ) or \\)');
    open.pop();
    atomStart = openAt.pop()!;
    out += ')';
    canRepeat = true;
    atStart = false;
  }
  function alternation(): void {
    out += '|';
    canRepeat = false;
    atStart = true;
  }
}

/** UTF-16 offset of code point index `index` in the array. */
function offsetOf(cps: string[], index: number): number {
  let n = 0;
  for (let k = 0; k < index && k < cps.length; k++) n += cps[k].length;
  return n;
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|\/]/.test(c) ? `\\${c}` : c;
}

/** A POSIX bracket expression starting at cps[start] === '['. */
function bracket(cps: string[], start: number): { source: string; next: number } {
  let i = start + 1;
  let negate = false;
  if (cps[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < cps.length; i++) {
    const c = cps[i];
    if (c === ']' && !first) {
      return { source: body === '' && negate ? '[^]' : `[${negate ? '^' : ''}${body}]`, next: i + 1 };
    }
    first = false;
    if (c === '[' && (cps[i + 1] === ':' || cps[i + 1] === '=' || cps[i + 1] === '.')) {
      const kind = cps[i + 1];
      let end = i + 2;
      while (end + 1 < cps.length && !(cps[end] === kind && cps[end + 1] === ']')) end++;
      if (end + 1 >= cps.length) throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
      const name = cps.slice(i + 2, end).join('');
      if (kind === ':') {
        if (CLASS_SOURCE[name] === undefined) throw new RegexSyntaxError('Invalid character class name');
        body += CLASS_SOURCE[name];
      } else {
        body += escapeClassChar(name);
      }
      i = end + 1;
      continue;
    }
    if (c === '-' && body !== '' && cps[i + 1] !== ']' && cps[i + 1] !== undefined) {
      // A range: the JS class keeps '-' between two ordinary characters.
      const to = cps[i + 1];
      const from = cps[i - 1];
      if (to.codePointAt(0)! < from.codePointAt(0)!) throw new RegexSyntaxError('Invalid range end');
      body += '-' + escapeClassChar(to);
      i++;
      continue;
    }
    body += escapeClassChar(c);
  }
  throw new RegexSyntaxError('Unmatched [, [^, [:, [., or [=');
}

function escapeClassChar(c: string): string {
  return /[\\\]\[^\-\/]/.test(c) ? `\\${c}` : c;
}

/** A fixed string as RegExp source (grep -F). */
export function escapeFixed(text: string): string {
  return [...text].map(escapeLiteral).join('');
}

/** Compile translated source; JavaScript's own complaints become GNU-like messages. */
export function compileRegex(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, `u${flags}`);
  } catch (err) {
    throw new RegexSyntaxError((err as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}
