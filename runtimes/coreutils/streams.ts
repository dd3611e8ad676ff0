/**
 * Reading input in 64 KiB chunks and splitting it into lines, and writing
 * output in 64 KiB batches. Streaming keeps `yes | head` and huge files
 * within memory; batching keeps a command that prints 200,000 short lines
 * from paying a write call (and an encode) per line.
 */
import type { Sys } from '../sys.js';
import { decodeLatin1, decodeText, encodeLatin1, encodeText, incompleteTail } from './text-codec.js';

export const CHUNK_SIZE = 64 * 1024;

/** Decoded chunks of an fd: UTF-8 (text-codec.ts), or latin1 with `binary`. */
export class TextReader {
  private carry: Uint8Array = new Uint8Array(0);
  private eof = false;
  private readonly chunk = new Uint8Array(CHUNK_SIZE);

  constructor(
    private readonly sys: Sys,
    private readonly fd: number,
    private readonly binary = false,
  ) {}

  /** The next piece of text (never ''), or null at the end of input. A UTF-8 character is never split. */
  read(): string | null {
    while (!this.eof) {
      const n = this.sys.read(this.fd, this.chunk);
      if (n === 0) {
        this.eof = true;
        break;
      }
      if (this.binary) return decodeLatin1(this.chunk.subarray(0, n));
      let bytes = this.chunk.subarray(0, n);
      if (this.carry.length > 0) {
        const joined = new Uint8Array(this.carry.length + n);
        joined.set(this.carry);
        joined.set(bytes, this.carry.length);
        bytes = joined;
      }
      const tail = incompleteTail(bytes);
      this.carry = bytes.slice(bytes.length - tail);
      const text = decodeText(bytes.subarray(0, bytes.length - tail));
      if (text !== '') return text;
    }
    if (this.carry.length > 0) {
      const text = decodeText(this.carry);
      this.carry = new Uint8Array(0);
      return text;
    }
    return null;
  }
}

/** Lines of an fd, decoded as UTF-8 (text-codec.ts) or, with `binary`, as latin1. */
export class LineReader {
  /** Whether the line last returned by next() ended with the delimiter (false only for a final unterminated line). */
  terminated = false;
  private buffer = '';
  private pos = 0;
  private readonly reader: TextReader;
  private readonly delimiter: string;

  constructor(
    sys: Sys,
    fd: number,
    options: { binary?: boolean; /** Line delimiter; default '\n' ('\0' for -z). */ delimiter?: string } = {},
  ) {
    this.reader = new TextReader(sys, fd, options.binary === true);
    this.delimiter = options.delimiter ?? '\n';
  }

  /** The next line without its delimiter, or null at the end of input. */
  next(): string | null {
    const at = this.buffer.indexOf(this.delimiter, this.pos);
    if (at >= 0) {
      const line = this.buffer.slice(this.pos, at);
      this.pos = at + 1;
      this.terminated = true;
      return line;
    }
    // No delimiter in what is buffered: gather chunks, searching only the new ones
    // (a 100 MB line must not be rescanned on every read).
    const parts = [this.buffer.slice(this.pos)];
    this.buffer = '';
    this.pos = 0;
    for (;;) {
      const text = this.reader.read();
      if (text === null) {
        const rest = parts.join('');
        this.terminated = false;
        return rest === '' ? null : rest;
      }
      const cut = text.indexOf(this.delimiter);
      if (cut >= 0) {
        parts.push(text.slice(0, cut));
        this.buffer = text;
        this.pos = cut + 1;
        this.terminated = true;
        return parts.join('');
      }
      parts.push(text);
    }
  }

  /** Everything not yet returned by next(), as one string. */
  rest(): string {
    const parts = [this.buffer.slice(this.pos)];
    this.buffer = '';
    this.pos = 0;
    for (let text = this.reader.read(); text !== null; text = this.reader.read()) parts.push(text);
    return parts.join('');
  }
}

/** All bytes of an fd until end of input. */
export function readAllBytes(sys: Sys, fd: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const chunk = new Uint8Array(CHUNK_SIZE);
    const n = sys.read(fd, chunk);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Buffered output to one fd. `write` takes strings in the writer's encoding
 * (UTF-8 with escaped bytes, or latin1 for `binary`); `writeBytes` passes
 * bytes through. Call `flush()` before anything else writes to the fd
 * (Cmd.warn does so for stderr) and before the program returns.
 */
export class Output {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly sys: Sys,
    readonly fd = 1,
    readonly binary = false,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_SIZE) this.flush();
  }

  writeBytes(bytes: Uint8Array): void {
    this.flush();
    if (bytes.length > 0) this.sys.write(this.fd, bytes);
  }

  flush(): void {
    if (this.size === 0 && this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (text !== '') this.sys.write(this.fd, this.binary ? encodeLatin1(text) : encodeText(text));
  }
}
