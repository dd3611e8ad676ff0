/**
 * Decoding of `$'…'` strings, bash(1) "QUOTING": backslash escapes as in
 * ANSI C. `\xHH` and `\nnn` produce bytes, so runs of them are decoded as
 * UTF-8 (`$'\xc3\xa9'` is "é"; stray bytes become U+FFFD). A NUL ends the
 * string, as it does in bash, whose strings are C strings.
 */

const SIMPLE: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) ? -1 : v;
}

/** Decodes the text between `$'` and `'`. */
export function decodeAnsiC(text: string): string {
  let out = '';
  let bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    out += new TextDecoder().decode(new Uint8Array(bytes));
    bytes = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      flushBytes();
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1]!;
    i += 2;
    if (e in SIMPLE) {
      flushBytes();
      out += SIMPLE[e];
    } else if (e >= '0' && e <= '7') {
      let v = e.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && text[i]! >= '0' && text[i]! <= '7'; k++, i++) v = v * 8 + text.charCodeAt(i) - 48;
      if ((v & 0xff) === 0) break;
      bytes.push(v & 0xff);
    } else if (e === 'x') {
      let v = 0;
      let k = 0;
      for (; k < 2 && hexValue(text[i]) >= 0; k++, i++) v = v * 16 + hexValue(text[i]);
      if (k === 0) {
        flushBytes();
        out += '\\x';
      } else if (v === 0) break;
      else bytes.push(v);
    } else if (e === 'u' || e === 'U') {
      let v = 0;
      let k = 0;
      for (const max = e === 'u' ? 4 : 8; k < max && hexValue(text[i]) >= 0; k++, i++) v = v * 16 + hexValue(text[i]);
      flushBytes();
      if (k === 0) out += '\\' + e;
      else if (v === 0) break;
      else out += v <= 0x10ffff ? String.fromCodePoint(v) : '\ufffd';
    } else if (e === 'c' && i < text.length) {
      // \cX: the control character X & 0x1f.
      flushBytes();
      const v = text.charCodeAt(i) & 0x1f;
      i++;
      if (v === 0) break;
      out += String.fromCharCode(v);
    } else {
      flushBytes();
      out += '\\' + e;
    }
  }
  flushBytes();
  return out;
}
