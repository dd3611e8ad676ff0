/**
 * echo, as GNU coreutils' echo: leading arguments made only of the letters
 * n, e and E are options (`-neE`); anything else, `--` included, is text.
 * A lone --help or --version is honoured. With -e, backslash escapes are
 * interpreted and `\c` ends all output.
 */
import type { Program } from '../program.js';
import { command } from './common.js';

const HELP = `Usage: echo [SHORT-OPTION]... [STRING]...
  or:  echo LONG-OPTION
Echo the STRING(s) to standard output.

  -n             do not output the trailing newline
  -e             enable interpretation of backslash escapes
  -E             disable interpretation of backslash escapes (default)
      --help     display this help and exit
      --version  output version information and exit

If -e is in effect, the following sequences are recognized:

  \\\\      backslash
  \\a      alert (BEL)
  \\b      backspace
  \\c      produce no further output
  \\e      escape
  \\f      form feed
  \\n      new line
  \\r      carriage return
  \\t      horizontal tab
  \\v      vertical tab
  \\0NNN   byte with octal value NNN (1 to 3 digits)
  \\xHH    byte with hexadecimal value HH (1 to 2 digits)
`;

const SIMPLE: Record<string, string> = { '\\': '\\', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export const echo: Program = command((cmd) => {
  const args = cmd.args;
  if (args.length === 1 && cmd.env.POSIXLY_CORRECT === undefined) {
    if (args[0] === '--help') return cmd.out.write(HELP), 0;
    if (args[0] === '--version') return cmd.out.write('echo (wasmbox coreutils) 0.1\n'), 0;
  }
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const ch of args[i].slice(1)) {
      if (ch === 'n') newline = false;
      else escapes = ch === 'e';
    }
  }
  const text = args.slice(i).join(' ');
  if (!escapes) {
    cmd.out.write(newline ? text + '\n' : text);
    return 0;
  }
  const { output, stop } = interpretEscapes(text);
  cmd.out.write(output);
  if (newline && !stop) cmd.out.write('\n');
  return 0;
});

/** Expand echo -e escapes; `stop` is set when \c cut the output short. Bytes from \0NNN/\xHH above 0x7f are raw bytes. */
function interpretEscapes(text: string): { output: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === 'c') return { output: out, stop: true };
    if (SIMPLE[next] !== undefined) {
      out += SIMPLE[next];
      i++;
    } else if (next === '0') {
      const m = /^[0-7]{0,3}/.exec(text.slice(i + 2))![0];
      out += byteChar(parseInt(m || '0', 8) & 0xff);
      i += 1 + m.length;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(text.slice(i + 2))) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))![0];
      out += byteChar(parseInt(m, 16));
      i += 1 + m.length;
    } else {
      out += ch;
    }
  }
  return { output: out, stop: false };
}

/** A single byte as the output codec writes it: U+DCxx is a raw byte (text-codec.ts). */
export function byteChar(byte: number): string {
  return String.fromCharCode(byte < 0x80 ? byte : 0xdc00 | byte);
}
