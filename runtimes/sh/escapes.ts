/**
 * Backslash escapes of `echo -e`, printf's `%b` and printf's format string.
 * They differ only in octal: `echo -e` takes `\0NNN`; `%b` takes `\0NNN`
 * and `\NNN`; the format string takes `\NNN` (1-3 digits). `\c` ends all
 * output in `echo -e` and `%b`, and is literal in a format string (bash).
 */

export type EscapeMode = 'echo' | 'b' | 'format';

export interface Decoded {
  text: string;
  /** A `\c` was met: print `text` and nothing after it. */
  stop: boolean;
}

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

function readDigits(text: string, start: number, max: number, re: RegExp): string {
  let end = start;
  while (end < text.length && end - start < max && re.test(text[end])) end++;
  return text.slice(start, end);
}

export function decodeEscapes(text: string, mode: EscapeMode): Decoded {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const e = text[++i];
    if (e in SIMPLE) {
      out += SIMPLE[e];
    } else if (e === 'c' && mode !== 'format') {
      return { text: out, stop: true };
    } else if (mode === 'format' && (e === '"' || e === "'" || e === '?')) {
      out += e;
    } else if (e === '0' && mode !== 'format') {
      const digits = readDigits(text, i + 1, 3, /[0-7]/);
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i += digits.length;
    } else if (/[0-7]/.test(e) && mode !== 'echo') {
      const digits = readDigits(text, i, 3, /[0-7]/);
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
      i += digits.length - 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const digits = readDigits(text, i + 1, e === 'x' ? 2 : e === 'u' ? 4 : 8, /[0-9a-fA-F]/);
      if (digits === '') {
        out += `\\${e}`;
        continue;
      }
      const code = parseInt(digits, 16);
      out += e === 'x' ? String.fromCharCode(code) : code <= 0x10ffff ? String.fromCodePoint(code) : '';
      i += digits.length;
    } else {
      out += `\\${e}`;
    }
  }
  return { text: out, stop: false };
}
