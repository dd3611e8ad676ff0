/**
 * sb.fs.importTar: read a tar archive, plain or gzip-compressed (detected by
 * its magic bytes), from bytes or a stream, into a directory of the volume.
 *
 * The input is parsed as it arrives (tar-format.ts's incremental parser) into
 * a Staging (tar-stage.ts), which holds each file's content once; the volume
 * is touched only when the whole archive has been read and checked. Gzip is
 * inflated by fflate's streaming Gunzip, fed 16 KiB of compressed input at a
 * time, so one push yields at most ~16 MiB (deflate expands at most ~1032:1)
 * and a decompression bomb is stopped by the byte budget after at most that
 * much, never by inflating it whole.
 *
 * Besides file content (limits.fsBytes), what an archive can make us hold is
 * bounded: at most MAX_ENTRIES members, and at most MAX_OVERHEAD bytes of
 * archive that are neither headers nor content (pax and GNU long-name
 * records, stray zero blocks), so a stream of metadata cannot grow forever.
 */
import { Gunzip } from 'fflate';
import { TarError, WasmboxError } from './errors.js';
import { BLOCK, TarFormatError, TarParser } from './tar-format.js';
import { Staging, type TarImportResult } from './tar-stage.js';
import { FileKind } from './abi.js';
import { isErr, type Vfs } from './vfs.js';

export type { TarImportResult } from './tar-stage.js';

const GZIP_PIECE = 16 * 1024;
const PARSER_PIECE = 1024 * 1024;
export const MAX_OVERHEAD = 64 * 1024 * 1024;

/**
 * Feeds archive bytes (compressed or not) to the parser and the staging,
 * counting what it holds; `done` once the end-of-archive marker was read.
 */
class ArchiveReader {
  private readonly parser = new TarParser();
  private gunzip: Gunzip | null = null;
  /** The first bytes, until there are enough to tell gzip from tar. */
  private head: Uint8Array | null = new Uint8Array(0);
  private consumed = 0;
  private content = 0;
  private headers = 0;
  private sawInput = false;

  constructor(private readonly staging: Staging) {}

  get done(): boolean {
    return this.parser.done;
  }

  push(chunk: Uint8Array): void {
    if (this.done || chunk.length === 0) return;
    this.sawInput = true;
    if (this.head) {
      const head = concat(this.head, chunk);
      if (head.length < 6) {
        this.head = head;
        return;
      }
      this.head = null;
      this.start(head);
      chunk = head;
    }
    if (this.gunzip) {
      for (let at = 0; at < chunk.length && !this.done; at += GZIP_PIECE) {
        this.inflate(chunk.subarray(at, at + GZIP_PIECE), false);
      }
    } else this.tar(chunk);
  }

  end(): void {
    if (this.head) {
      if (this.head.length === 0 && !this.sawInput) throw new TarError('corrupt', 'the input is empty: not a tar archive');
      const head = this.head;
      this.head = null;
      this.start(head);
      if (this.gunzip) this.inflate(head, false);
      else this.tar(head);
    }
    if (this.gunzip && !this.done) this.inflate(new Uint8Array(0), true);
    if (this.done) return;
    try {
      this.parser.end();
    } catch (error) {
      throw corrupt(error);
    }
    // GNU tar tolerates a missing end-of-archive marker; we do not, so that an archive
    // cut at a block boundary is not taken for a smaller whole one.
    throw new TarError('corrupt', 'the archive ends without its end-of-archive marker (two zero blocks): truncated?');
  }

  private start(head: Uint8Array): void {
    if (head[0] === 0x1f && head[1] === 0x8b) {
      this.gunzip = new Gunzip((data) => this.tar(data));
      return;
    }
    const other = otherCompression(head);
    if (other) throw new TarError('corrupt', `the input is ${other}-compressed; importTar reads plain and gzip-compressed tar archives`);
  }

  private inflate(piece: Uint8Array, final: boolean): void {
    try {
      this.gunzip!.push(piece, final);
    } catch (error) {
      if (error instanceof WasmboxError) throw error;
      throw new TarError('corrupt', `gzip: ${(error as Error).message}`, undefined, { cause: error });
    }
  }

  private tar(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length && !this.done; at += PARSER_PIECE) {
      const piece = bytes.subarray(at, at + PARSER_PIECE);
      let events;
      try {
        events = this.parser.push(piece);
      } catch (error) {
        throw corrupt(error);
      }
      this.consumed += piece.length;
      for (const event of events) {
        if (event.kind === 'entry') {
          this.headers++;
          this.staging.entry(event.entry);
        } else if (event.kind === 'data') {
          this.content += event.bytes.length;
          this.staging.data(event.bytes);
        } else this.staging.entryEnd();
      }
      // Headers and their padding take at most two blocks per entry; the rest is metadata.
      if (this.consumed - this.content - 2 * BLOCK * this.headers > MAX_OVERHEAD) {
        throw new TarError('too-large', `the archive holds more than ${MAX_OVERHEAD} bytes of extended headers or other metadata`);
      }
    }
  }
}

export async function importTar(vfs: Vfs, target: string, input: Uint8Array | ReadableStream<Uint8Array>, checkOpen: () => void): Promise<TarImportResult> {
  const st = vfs.stat(target);
  if (!isErr(st) && st.kind !== FileKind.Dir) throw new TarError('conflict', `the target '${target}' exists and is not a directory`);
  const space = vfs.space;
  // An early bound for staging: what could fit if the import replaced everything under the target.
  const budget = space.limit === Infinity ? Infinity : space.limit - space.used() + bytesUnder(vfs, target);
  const staging = new Staging(vfs, target, budget);
  const reader = new ArchiveReader(staging);
  if (input instanceof Uint8Array) {
    reader.push(input);
    reader.end();
  } else if (input && typeof (input as ReadableStream).getReader === 'function') {
    await readStream(input, reader);
  } else throw new TypeError('importTar takes a Uint8Array or a ReadableStream of Uint8Array');
  checkOpen();
  return staging.apply();
}

async function readStream(stream: ReadableStream<Uint8Array>, reader: ArchiveReader): Promise<void> {
  const source = stream.getReader();
  try {
    while (!reader.done) {
      const { done, value } = await source.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) throw new TypeError('importTar: the stream must yield Uint8Array chunks');
      reader.push(value);
    }
    if (reader.done) {
      // Whatever follows the end-of-archive marker is not read, as GNU tar stops there.
      await source.cancel().catch(() => {});
    } else reader.end();
  } catch (error) {
    await source.cancel(error).catch(() => {});
    throw error;
  } finally {
    source.releaseLock();
  }
}

/** Bytes of regular files under a directory, each inode once: what an import into it could free at most. */
function bytesUnder(vfs: Vfs, dir: string): number {
  const seen = new Set<number>();
  let total = 0;
  const walk = (path: string) => {
    const entries = vfs.readdir(path);
    if (isErr(entries)) return;
    for (const e of entries) {
      const child = path === '/' ? `/${e.name}` : `${path}/${e.name}`;
      if (e.kind === FileKind.Dir) walk(child);
      else if (e.kind === FileKind.File && !seen.has(e.ino)) {
        seen.add(e.ino);
        const st = vfs.stat(child, false);
        if (!isErr(st)) total += st.size;
      }
    }
  };
  walk(dir);
  return total;
}

function corrupt(error: unknown): unknown {
  if (error instanceof TarFormatError) return new TarError('corrupt', error.message, undefined, { cause: error });
  return error;
}

function otherCompression(head: Uint8Array): string | null {
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a) return 'xz';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
