/**
 * tr's SET syntax expanded to lists of characters: backslash escapes,
 * ranges `a-z`, classes `[:alpha:]`, equivalence classes `[=c=]` and, in
 * SET2, repeats `[c*n]` and `[c*]` (fill). Characters are code points
 * (GNU tr works on bytes; for ASCII the two agree).
 */

const CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  blank: ' \t',
  cntrl: '\x00-\x1f\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\t\n\v\f\r ',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

export interface TrSet {
  chars: string[];
  /** Index in `chars` where a `[c*]` fill goes (SET2 only). */
  fillAt?: number;
  fillChar?: string;
}

/** Expand `text`; throws an Error whose message is GNU's diagnostic. */
export function expandSet(text: string, isSet2: boolean): TrSet {
  const units = unescape(text);
  const chars: string[] = [];
  const set: TrSet = { chars };
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u.literal === '[' && i + 1 < units.length) {
      const rest = units.slice(i + 1);
      const close = rest.findIndex((x, k) => k > 0 && x.literal === ']' && rest[k - 1].literal === ':');
      if (rest[0].literal === ':' && close > 0) {
        const name = rest.slice(1, close - 1).map((x) => x.char).join('');
        if (CLASSES[name] === undefined) throw new Error(`invalid character class ${quoteRaw(name)}`);
        chars.push(...expandRanges(CLASSES[name]));
        i += close + 1;
        continue;
      }
      const eq = rest.findIndex((x, k) => k > 1 && x.literal === ']' && rest[k - 1].literal === '=');
      if (rest[0].literal === '=' && eq === 3) {
        chars.push(rest[1].char);
        i += eq + 1;
        continue;
      }
      if (rest.length >= 3 && rest[1].literal === '*') {
        const end = rest.findIndex((x) => x.literal === ']');
        if (end >= 2) {
          const countText = rest.slice(2, end).map((x) => x.char).join('');
          if (!isSet2) throw new Error('the [c*] repeat construct may not appear in string1');
          if (!/^[0-9]*$/.test(countText)) throw new Error(`invalid repeat count ${quoteRaw(countText)} in [c*n] construct`);
          const count = countText === '' ? 0 : parseInt(countText, /^0/.test(countText) ? 8 : 10);
          if (count === 0) {
            set.fillAt = chars.length;
            set.fillChar = rest[0].char;
          } else {
            for (let k = 0; k < count; k++) chars.push(rest[0].char);
          }
          i += end + 1;
          continue;
        }
      }
    }
    if (i + 2 < units.length && units[i + 1].literal === '-') {
      const from = u.char.codePointAt(0)!;
      const to = units[i + 2].char.codePointAt(0)!;
      if (to < from) throw new Error(`range-endpoints of '${u.char}-${units[i + 2].char}' are in reverse collating sequence order`);
      for (let c = from; c <= to; c++) chars.push(String.fromCodePoint(c));
      i += 2;
      continue;
    }
    chars.push(u.char);
  }
  return set;
}

interface Unit {
  char: string;
  /** The character when it was written literally (not escaped): only those have syntax meaning. */
  literal?: string;
}

function unescape(text: string): Unit[] {
  const out: Unit[] = [];
  const cps = [...text];
  const named: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c !== '\\' || i + 1 >= cps.length) {
      out.push({ char: c, literal: c });
      continue;
    }
    const n = cps[i + 1];
    if (named[n] !== undefined) {
      out.push({ char: named[n] });
      i++;
    } else if (/[0-7]/.test(n)) {
      let digits = '';
      while (digits.length < 3 && /[0-7]/.test(cps[i + 1 + digits.length] ?? '')) digits += cps[i + 1 + digits.length];
      if (parseInt(digits, 8) > 0xff) digits = digits.slice(0, 2);
      const byte = parseInt(digits, 8);
      out.push({ char: String.fromCharCode(byte < 0x80 ? byte : 0xdc00 | byte) });
      i += digits.length;
    } else {
      out.push({ char: n });
      i++;
    }
  }
  return out;
}

function expandRanges(spec: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      for (let c = spec.charCodeAt(i); c <= spec.charCodeAt(i + 2); c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(spec[i]);
  }
  return out;
}

function quoteRaw(s: string): string {
  return `‘${s}’`;
}
