/**
 * Quoting text back into shell syntax, the two ways bash does it: with
 * backslashes for printf's `%q`, and with single quotes for `set -x` traces
 * and listings (`alias`, `export -p`, `declare -p`, `set`). Text with control
 * characters becomes ANSI-C `$'...'` in both.
 */

const BACKSLASH_SPECIAL = new Set(' \t\n\'"\\|&;()<>!{}*[?]^$`,');
const NEEDS_SINGLE_QUOTES = /[^A-Za-z0-9_@%+=:,./-]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

function ansiC(text: string): string {
  let out = "$'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x1b') out += '\\E';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** printf %q. */
export function backslashQuote(text: string): string {
  if (text === '') return "''";
  if (CONTROL.test(text)) return ansiC(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (BACKSLASH_SPECIAL.has(c) || (i === 0 && (c === '~' || c === '#'))) out += '\\';
    out += c;
  }
  return out;
}

/** Single-quote `text` if it needs quoting at all (`set -x`, `alias`, `declare -p`). */
export function singleQuote(text: string): string {
  if (text === '') return "''";
  if (CONTROL.test(text)) return ansiC(text);
  if (!NEEDS_SINGLE_QUOTES.test(text)) return text;
  return `'${text.replace(/'/g, "'\\''")}'`;
}
