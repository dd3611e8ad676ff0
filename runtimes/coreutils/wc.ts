/**
 * wc: newline, word, character, byte and maximum-line-width counts, with
 * GNU's column layout: every number is right-aligned to one width, the
 * digits of the total size of the regular files given (at least 7 when
 * some input is not a regular file), except that a single count of a single
 * input is printed bare (coreutils wc.c, compute_number_width).
 *
 * Words follow GNU 9 in a UTF-8 locale: a word is a run of printable
 * characters between white space (including no-break spaces); control
 * characters and invalid bytes neither start nor end a word.
 */
import type { Program } from '../program.js';
import { command, TextReader, type Cmd } from './common.js';

const HELP = `Usage: wc [OPTION]... [FILE]...
Print newline, word, and byte counts for each FILE, and a total line if
more than one FILE is specified.  A word is a non-zero-length sequence of
printable characters delimited by white space.

With no FILE, or when FILE is -, read standard input.

The options below may be used to select which counts are printed, always in
the following order: newline, word, character, byte, maximum line length.
  -c, --bytes            print the byte counts
  -m, --chars            print the character counts
  -l, --lines            print the newline counts
  -L, --max-line-length  print the maximum display width
  -w, --words            print the word counts
      --help     display this help and exit
      --version  output version information and exit
`;

const SPEC = {
  help: HELP,
  options: {
    bytes: { short: 'c', long: 'bytes' },
    chars: { short: 'm', long: 'chars' },
    lines: { short: 'l', long: 'lines' },
    maxLine: { short: 'L', long: 'max-line-length' },
    words: { short: 'w', long: 'words' },
  },
} as const;

interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
  maxLine: number;
}

type Field = keyof Counts;

export const wc: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  let fields: Field[] = (['lines', 'words', 'chars', 'bytes', 'maxLine'] as const).filter((f) => opts[f]);
  if (fields.length === 0) fields = ['lines', 'words', 'bytes'];
  const files = operands.length > 0 ? operands : ['-'];

  // Widths come from fstat before any counting, as in GNU.
  const fds = files.map((name) => cmd.openInput(name));
  const width = numberWidth(cmd, files, fds, fields.length);
  const needText = fields.some((f) => f === 'words' || f === 'chars' || f === 'maxLine');
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
  const print = (c: Counts, name: string | undefined): void => {
    const cols = fields.map((f) => String(c[f]).padStart(width));
    cmd.out.write(cols.join(' ') + (name !== undefined ? ` ${name}` : '') + '\n');
  };
  files.forEach((name, i) => {
    const fd = fds[i];
    if (fd === null) return;
    let c: Counts;
    try {
      c = needText ? countText(cmd, fd) : countBytes(cmd, fd);
    } catch (err) {
      cmd.fileError(name, err);
      return;
    } finally {
      cmd.closeInput(fd);
    }
    total.lines += c.lines;
    total.words += c.words;
    total.chars += c.chars;
    total.bytes += c.bytes;
    total.maxLine = Math.max(total.maxLine, c.maxLine);
    print(c, operands.length > 0 ? name : undefined);
  });
  if (files.length > 1) print(total, 'total');
  return cmd.status;
}

function numberWidth(cmd: Cmd, files: string[], fds: Array<number | null>, fieldCount: number): number {
  if (files.length === 1 && fieldCount === 1) return 1;
  if (fds[0] === null) return 1;
  let minimum = 1;
  let regular = 0;
  for (const fd of fds) {
    if (fd === null) continue;
    const st = cmd.sys.fstat(fd);
    if (st.type === 'file') regular += st.size;
    else minimum = 7;
  }
  return Math.max(minimum, String(regular).length);
}

/** Lines and bytes straight from the raw chunks. */
function countBytes(cmd: Cmd, fd: number): Counts {
  const buffer = new Uint8Array(64 * 1024);
  const c: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) {
    c.bytes += n;
    const view = buffer.subarray(0, n);
    for (let at = view.indexOf(10); at >= 0; at = view.indexOf(10, at + 1)) c.lines++;
  }
  return c;
}

const SPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0085]/;

function countText(cmd: Cmd, fd: number): Counts {
  const reader = new TextReader(cmd.sys, fd);
  const c: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
  let inWord = false;
  let column = 0;
  for (let text = reader.read(); text !== null; text = reader.read()) {
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xdc80 && code <= 0xdcff) {
        c.bytes++; // an invalid byte: counted as a byte, not a character
        continue;
      }
      if (code >= 0xd800 && code <= 0xdbff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      }
      c.chars++;
      c.bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (code === 10) {
        c.lines++;
        if (column > c.maxLine) c.maxLine = column;
        column = 0;
        inWord = false;
      } else if (code === 9) {
        column += 8 - (column % 8);
        inWord = false;
      } else if (code < 0x80 ? code === 32 || (code >= 11 && code <= 13) : SPACE.test(String.fromCodePoint(code))) {
        // As GNU: \r and \f return to column 0, \v takes no width.
        if (code === 13 || code === 12) {
          if (column > c.maxLine) c.maxLine = column;
          column = 0;
        }
        else if (code !== 11) column++;
        inWord = false;
      } else if (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) {
        if (!inWord) c.words++;
        inWord = true;
        column += charWidth(code);
      }
    }
  }
  if (column > c.maxLine) c.maxLine = column;
  return c;
}

/** Display width (wcwidth) for -L: 0 for combining marks, 2 for East Asian wide characters. */
export function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}
