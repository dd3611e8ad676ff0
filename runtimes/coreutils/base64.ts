/**
 * base64: encode or decode RFC 4648 base64, streaming in 64 KiB chunks
 * (whole 3-byte groups encode, whole 4-character groups decode; the rest
 * waits for the next chunk). Encoded lines wrap at 76 columns (-w).
 * Decoding ignores newlines, and with -i every other non-alphabet byte; any
 * other stray byte is "invalid input" (exit 1) after the data before it.
 */
import type { Program } from '../program.js';
import { CHUNK_SIZE, command, quote, type Cmd } from './common.js';

const HELP = `Usage: base64 [OPTION]... [FILE]
Base64 encode or decode FILE, or standard input, to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -d, --decode          decode data
  -i, --ignore-garbage  when decoding, ignore non-alphabet characters
  -w, --wrap=COLS       wrap encoded lines after COLS character (default 76).
                          Use 0 to disable line wrapping
      --help     display this help and exit
      --version  output version information and exit

The data are encoded as described for the base64 alphabet in RFC 4648.
When decoding, the input may contain newlines in addition to the bytes of
the formal base64 alphabet.  Use --ignore-garbage to attempt to recover
from any other non-alphabet bytes in the encoded stream.
`;

const SPEC = {
  help: HELP,
  options: {
    decode: { short: 'd', long: 'decode' },
    ignoreGarbage: { short: 'i', long: 'ignore-garbage' },
    wrap: { short: 'w', long: 'wrap', arg: 'required' },
  },
} as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const base64: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length > 1) cmd.usageError(`extra operand ${quote(operands[1])}`);
  let wrap = 76;
  if (typeof opts.wrap === 'string') {
    if (!/^[0-9]+$/.test(opts.wrap)) cmd.fail(`invalid wrap size: ${quote(opts.wrap)}`);
    wrap = Number(opts.wrap);
  }
  const fd = cmd.openInput(operands[0] ?? '-');
  if (fd === null) return 1;
  const ok = opts.decode ? decode(cmd, fd, !!opts.ignoreGarbage) : encode(cmd, fd, wrap);
  cmd.closeInput(fd);
  if (!ok) cmd.fail('invalid input');
  return 0;
}

function encode(cmd: Cmd, fd: number, wrap: number): boolean {
  const buffer = new Uint8Array(CHUNK_SIZE);
  let carry: number[] = [];
  let column = 0;
  const emit = (text: string): void => {
    if (wrap === 0) return cmd.out.write(text);
    let at = 0;
    while (at < text.length) {
      const take = Math.min(wrap - column, text.length - at);
      cmd.out.write(text.slice(at, at + take));
      at += take;
      column += take;
      if (column === wrap) {
        cmd.out.write('\n');
        column = 0;
      }
    }
  };
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) {
    const bytes = [...carry, ...buffer.subarray(0, n)];
    const whole = bytes.length - (bytes.length % 3);
    emit(encodeGroups(bytes, whole));
    carry = bytes.slice(whole);
  }
  emit(encodeGroups(carry, carry.length));
  if (wrap !== 0 && column > 0) cmd.out.write('\n');
  return true;
}

function encodeGroups(bytes: number[], length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < length ? bytes[i + 1] : 0;
    const c = i + 2 < length ? bytes[i + 2] : 0;
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < length ? ALPHABET[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < length ? ALPHABET[c & 63] : '=';
  }
  return out;
}

function decode(cmd: Cmd, fd: number, ignoreGarbage: boolean): boolean {
  const buffer = new Uint8Array(CHUNK_SIZE);
  let quad: number[] = [];
  let padding = 0;
  let ended = false;
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const ch = String.fromCharCode(buffer[i]);
      if (ch === '\n') continue;
      const value = ch === '=' ? -1 : ALPHABET.indexOf(ch);
      if (value === -2 || (value < 0 && ch !== '=')) {
        if (ignoreGarbage) continue;
        cmd.out.writeBytes(Uint8Array.from(out));
        return false;
      }
      if (ended && !ignoreGarbage) {
        cmd.out.writeBytes(Uint8Array.from(out));
        return false;
      }
      if (value === -1) {
        if (quad.length < 2) {
          if (ignoreGarbage) continue;
          cmd.out.writeBytes(Uint8Array.from(out));
          return false;
        }
        padding++;
        quad.push(0);
      } else {
        if (padding > 0) {
          cmd.out.writeBytes(Uint8Array.from(out));
          return false;
        }
        quad.push(value);
      }
      if (quad.length === 4) {
        const [a, b, c, d] = quad;
        out.push((a << 2) | (b >> 4));
        if (padding < 2) out.push(((b & 15) << 4) | (c >> 2));
        if (padding < 1) out.push(((c & 3) << 6) | d);
        if (padding > 0) ended = true;
        quad = [];
        padding = 0;
      }
    }
    cmd.out.writeBytes(Uint8Array.from(out));
  }
  if (quad.length === 0) return true;
  // Unpadded tail: decode what it holds, then report it as GNU does.
  const [a, b = 0, c = 0] = quad;
  const tail: number[] = [];
  if (quad.length >= 2) tail.push((a << 2) | (b >> 4));
  if (quad.length >= 3) tail.push(((b & 15) << 4) | (c >> 2));
  cmd.out.writeBytes(Uint8Array.from(tail));
  return false;
}
