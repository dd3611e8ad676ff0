/**
 * gzip (RFC 1952) over fflate's synchronous deflate: compress with a
 * header naming the file, decompress every member of a possibly
 * concatenated stream, and check the CRC-32 and length of single-member
 * data (fflate does not). Errors carry GNU gzip's wording.
 */
import { Gunzip, gzipSync } from 'fflate';
import { crc32 } from '../../engine/crc32.js';

/** Bad input; `message` is what GNU gzip says after "gzip: FILE: ". */
export class GzipError extends Error {}

export interface CompressOptions {
  /** Stored in the header (FNAME) unless empty. */
  name?: string;
  /** Seconds since the epoch, stored in the header. */
  mtime?: number;
  level?: number;
}

export function compressGzip(data: Uint8Array, options: CompressOptions = {}): Uint8Array {
  return gzipSync(data, {
    level: (options.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9,
    filename: options.name || undefined,
    // fflate takes a Date or milliseconds; 0 means "no time stored".
    mtime: (options.mtime ?? 0) * 1000,
  });
}

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** Decompress all members. Throws GzipError. */
export function decompressGzip(data: Uint8Array): Uint8Array {
  if (!isGzip(data)) throw new GzipError(data.length < 2 && data.length > 0 ? 'unexpected end of file' : 'not in gzip format');
  const parts: Uint8Array[] = [];
  let members = 1;
  const gunzip = new Gunzip((chunk) => parts.push(chunk));
  gunzip.onmember = () => members++;
  try {
    gunzip.push(data, true);
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code === 0) throw new GzipError('unexpected end of file');
    if (code === 6) throw new GzipError('not in gzip format');
    throw new GzipError('invalid compressed data--format violated');
  }
  const out = concat(parts);
  if (members === 1) {
    if (data.length < 18) throw new GzipError('unexpected end of file');
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const crc = view.getUint32(data.length - 8, true);
    const size = view.getUint32(data.length - 4, true);
    if (crc !== crc32(out)) throw new GzipError('invalid compressed data--crc error');
    if (size !== out.length % 2 ** 32) throw new GzipError('invalid compressed data--length error');
  }
  return out;
}

/** Bytes of raw deflate data in a single-member gzip stream (for the -v ratio, as GNU computes it). */
export function deflatedSize(gz: Uint8Array): number {
  let at = 10;
  const flags = gz[3];
  if (flags & 4) at += 2 + (gz[10] | (gz[11] << 8));
  if (flags & 8) while (at < gz.length && gz[at++] !== 0);
  if (flags & 16) while (at < gz.length && gz[at++] !== 0);
  if (flags & 2) at += 2;
  return Math.max(0, gz.length - at - 8);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
