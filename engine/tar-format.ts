/**
 * The tar archive format, as pure functions over bytes: a writer that turns
 * entries into 512-byte blocks, and an incremental parser fed chunks of any
 * size. No file system here: `tar` (tar.ts) and snapshots drive these.
 *
 * Written archives are POSIX ustar (POSIX.1-1988), with a pax extended header
 * (POSIX.1-2001 `x` typeflag) only for what ustar cannot hold: names and link
 * targets too long for its fields, sizes of 8 GiB and more, and mtimes
 * with a fraction of a second (kept to the ms) or outside its 11 octal
 * digits. GNU tar reads both.
 *
 * The parser reads ustar, pax (`x` per file, `g` global), GNU long names
 * (`L`/`K`, GNU tar's default `--format=gnu`) and GNU base-256 numbers, and
 * verifies every header checksum.
 * Reference: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html
 */

export const BLOCK = 512;

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';

export interface TarEntry {
  /** The member name as stored (directories usually end in '/'); not sanitized: see safeMemberName. */
  name: string;
  type: TarEntryType;
  /** Permission bits (0o7777). */
  mode: number;
  /** Bytes of data that follow the header (0 for anything but regular files). */
  size: number;
  /** Modification time in seconds since the epoch (may be fractional from pax). */
  mtime: number;
  /** Target of a symlink or hard link. */
  linkname: string;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
}

export type TarEntryInput = Pick<TarEntry, 'name' | 'type'> & Partial<TarEntry>;

/** What was wrong, for callers that word their own errors (snapshots). */
export type TarFormatProblem = 'not-tar' | 'checksum' | 'truncated' | 'size' | 'pax';

/** Malformed or truncated archive data; the message is GNU tar's wording. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly problem: TarFormatProblem,
  ) {
    super(message);
    this.name = 'TarFormatError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const TYPEFLAG: Record<TarEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
  other: '0',
};

// ustar header layout: [offset, length] of each field.
const F = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  chksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const;

// ------------------------------------------------------------------ writing

/**
 * The header block(s) of one entry: a pax extended header first when needed,
 * then the ustar header. The caller writes `size` bytes of data after them,
 * then `padding(size)`.
 */
export function encodeHeader(input: TarEntryInput): Uint8Array {
  const plan = planHeader(input);
  const out = new Uint8Array(plan.length);
  plan.write(out, 0);
  return out;
}

/** An entry's header, measured before it is written: for writers that fill one preallocated buffer. */
export interface HeaderPlan {
  /** Bytes `write` puts down: 512, or more with a pax header before the ustar one. */
  readonly length: number;
  /** `zeroed`: the target's bytes there are already 0 (a new buffer), so unused fields need no clearing. */
  write(target: Uint8Array, offset: number, zeroed?: boolean): void;
}

export function planHeader(input: TarEntryInput): HeaderPlan {
  const entry = withDefaults(input);
  const pax: [string, string][] = [];
  const name = utf8Bytes(entry.name);
  const split = splitName(name);
  if (!split) pax.push(['path', entry.name]);
  const link = utf8Bytes(entry.linkname);
  if (link.length > 100) pax.push(['linkpath', entry.linkname]);
  const size = entry.type === 'file' ? entry.size : 0;
  if (size > 0o77777777777) pax.push(['size', String(size)]);
  const mtime = Math.floor(entry.mtime);
  // pax keeps what ustar's whole seconds cannot: fractions (to the ms) and times out of range.
  if (mtime !== entry.mtime || mtime < 0 || mtime > 0o77777777777) pax.push(['mtime', paxTime(entry.mtime)]);
  if (entry.uid > 0o7777777) pax.push(['uid', String(entry.uid)]);
  if (entry.gid > 0o7777777) pax.push(['gid', String(entry.gid)]);
  const [prefix, rest] = split ?? [EMPTY, name.subarray(0, 100)];
  const ustar: UstarFields = {
    name: rest,
    prefix,
    mode: entry.mode & 0o7777,
    uid: entry.uid > 0o7777777 ? 0 : entry.uid,
    gid: entry.gid > 0o7777777 ? 0 : entry.gid,
    size: size > 0o77777777777 ? 0 : size,
    mtime: mtime < 0 || mtime > 0o77777777777 ? 0 : mtime,
    typeflag: TYPEFLAG[entry.type].charCodeAt(0),
    linkname: link,
    uname: entry.uname === '' ? EMPTY : utf8Bytes(entry.uname),
    gname: entry.gname === '' ? EMPTY : utf8Bytes(entry.gname),
  };
  if (pax.length === 0) return { length: BLOCK, write: (target, offset, zeroed = false) => writeUstar(target, offset, ustar, zeroed) };

  const records = encodePaxRecords(pax);
  const recordBlocks = records.length + padLength(records.length);
  // The pax header's own name is informational; GNU tar uses "<dir>/PaxHeaders/<base>".
  const paxHeader: UstarFields = {
    name: utf8Bytes(paxHeaderName(entry.name)),
    prefix: EMPTY,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: Math.max(0, Math.min(mtime, 0o77777777777)),
    typeflag: 'x'.charCodeAt(0),
    linkname: EMPTY,
    uname: EMPTY,
    gname: EMPTY,
  };
  return {
    length: BLOCK + recordBlocks + BLOCK,
    write(target, offset, zeroed = false) {
      writeUstar(target, offset, paxHeader, zeroed);
      target.set(records, offset + BLOCK);
      if (!zeroed) target.fill(0, offset + BLOCK + records.length, offset + BLOCK + recordBlocks);
      writeUstar(target, offset + BLOCK + recordBlocks, ustar, zeroed);
    },
  };
}

const EMPTY = new Uint8Array(0);

interface UstarFields {
  name: Uint8Array;
  prefix: Uint8Array;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: number;
  linkname: Uint8Array;
  uname: Uint8Array;
  gname: Uint8Array;
}

/** One ustar header block at `offset`, checksum included. */
function writeUstar(target: Uint8Array, offset: number, f: UstarFields, zeroed: boolean): void {
  const header = target.subarray(offset, offset + BLOCK);
  if (!zeroed) header.fill(0);
  header.set(f.name.subarray(0, 100), F.name[0]);
  header.set(f.prefix.subarray(0, 155), F.prefix[0]);
  putOctal(header, F.mode, f.mode);
  putOctal(header, F.uid, f.uid);
  putOctal(header, F.gid, f.gid);
  putOctal(header, F.size, f.size);
  putOctal(header, F.mtime, f.mtime);
  header[F.typeflag[0]] = f.typeflag;
  header.set(f.linkname.subarray(0, 100), F.linkname[0]);
  header.set(USTAR_MAGIC, F.magic[0]);
  header.set(f.uname.subarray(0, 31), F.uname[0]);
  header.set(f.gname.subarray(0, 31), F.gname[0]);
  putOctal(header, F.devmajor, 0);
  putOctal(header, F.devminor, 0);
  putChecksum(header);
}

/** "ustar\0" then version "00". */
const USTAR_MAGIC = new Uint8Array([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30]);

/** UTF-8 bytes; ASCII (nearly every name) without a call into TextEncoder. */
function utf8Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

/** Zero bytes that pad `size` bytes of data to a whole block. */
export function padding(size: number): Uint8Array {
  return new Uint8Array(padLength(size));
}

function padLength(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The end-of-archive marker: two zero blocks. */
export function endOfArchive(): Uint8Array {
  return new Uint8Array(2 * BLOCK);
}

/** A whole archive in memory, for small archives and tests. */
export function writeArchive(entries: { entry: TarEntryInput; data?: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const { entry, data } of entries) {
    const bytes = data ?? new Uint8Array(0);
    parts.push(encodeHeader({ ...entry, size: entry.type === 'file' ? bytes.length : 0 }));
    if (entry.type === 'file') parts.push(bytes, padding(bytes.length));
  }
  parts.push(endOfArchive());
  return concat(parts);
}

function withDefaults(input: TarEntryInput): TarEntry {
  return {
    mode: input.type === 'dir' ? 0o755 : 0o644,
    size: 0,
    mtime: 0,
    linkname: '',
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    ...input,
  };
}

/** ustar stores up to 255 bytes as prefix + '/' + name; null if the name does not fit. */
function splitName(name: Uint8Array): [Uint8Array, Uint8Array] | null {
  if (name.length <= 100) return [new Uint8Array(0), name];
  if (name.length > 256) return null;
  // The prefix must end at a '/', which is dropped; the rest must fit in 100 bytes.
  for (let i = Math.max(0, name.length - 101); i <= Math.min(155, name.length - 1); i++) {
    if (name[i] === 0x2f && i > 0 && name.length - i - 1 <= 100 && name.length - i - 1 > 0) {
      return [name.subarray(0, i), name.subarray(i + 1)];
    }
  }
  return null;
}

function paxHeaderName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const dir = slash < 0 ? '.' : trimmed.slice(0, slash);
  const base = trimmed.slice(slash + 1);
  const full = `${dir}/PaxHeaders/${base}`;
  // Keep it within the ustar name field; its content does not matter to readers.
  return encoder.encode(full).length <= 100 ? full : `PaxHeaders/${base}`.slice(0, 80);
}

/** Seconds as pax writes them: decimal, to the millisecond, never in exponent form. */
function paxTime(seconds: number): string {
  const ms = Math.round(Math.abs(seconds) * 1000);
  const sign = seconds < 0 && ms > 0 ? '-' : '';
  const frac = ms % 1000;
  const whole = `${sign}${(ms - frac) / 1000}`;
  return frac === 0 ? whole : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** "%d %s=%s\n" records, where the leading length counts the whole record including itself. */
function encodePaxRecords(records: [string, string][]): Uint8Array {
  let text = '';
  for (const [key, value] of records) {
    const body = ` ${key}=${value}\n`;
    const bodyLength = utf8Bytes(body).length;
    // The length prefix counts its own digits: grow it until it is self-consistent.
    let length = bodyLength + String(bodyLength).length;
    while (bodyLength + String(length).length !== length) length = bodyLength + String(length).length;
    text += `${length}${body}`;
  }
  return utf8Bytes(text);
}

/** Zero-padded octal digits filling the field but its last byte, which is NUL. */
function putOctal(header: Uint8Array, [offset, length]: readonly [number, number], value: number): void {
  const digits = value.toString(8);
  const pad = length - 1 - digits.length;
  header.fill(0x30, offset, offset + Math.max(0, pad));
  for (let i = 0; i < digits.length && pad + i < length - 1; i++) header[offset + pad + i] = digits.charCodeAt(i);
  header[offset + length - 1] = 0;
}

function putChecksum(header: Uint8Array): void {
  const [offset] = F.chksum;
  const sum = checksum(header);
  // Six octal digits, NUL, space: the traditional layout every reader accepts.
  const digits = sum.toString(8).padStart(6, '0');
  for (let i = 0; i < 6; i++) header[offset + i] = digits.charCodeAt(i);
  header[offset + 6] = 0;
  header[offset + 7] = 0x20;
}

/** Sum of the header bytes with the checksum field taken as spaces. */
function checksum(header: Uint8Array): number {
  const [offset, length] = F.chksum;
  let sum = 8 * 0x20;
  for (let i = 0; i < offset; i++) sum += header[i];
  for (let i = offset + length; i < BLOCK; i++) sum += header[i];
  return sum;
}

// ------------------------------------------------------------------ parsing

export type TarEvent =
  | { kind: 'entry'; entry: TarEntry }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'entry-end' };

/**
 * Incremental parser: `push` chunks as they arrive and act on the events it
 * returns, in order; `end` when the input is exhausted. An entry's data
 * arrives as one or more `data` events between its `entry` and `entry-end`.
 * Reading stops at the end-of-archive marker; anything after it is ignored,
 * as GNU tar does.
 */
export class TarParser {
  private pending: Uint8Array = EMPTY;
  /** Data bytes of the current entry still to come, and the padding after them. */
  private dataLeft = 0;
  private padLeft = 0;
  private inEntry = false;
  /** Collecting the body of a pax or GNU long-name header. */
  private meta: { kind: string; size: number; parts: Uint8Array[]; got: number } | null = null;
  private paxLocal: Map<string, string> = new Map();
  private paxGlobal: Map<string, string> = new Map();
  private longName: string | null = null;
  private longLink: string | null = null;
  private finished = false;
  private sawZeroBlock = false;
  private sawHeader = false;

  /** True once the end-of-archive marker was read. */
  get done(): boolean {
    return this.finished;
  }

  push(chunk: Uint8Array): TarEvent[] {
    const events: TarEvent[] = [];
    // An index into the chunk, not a chain of subarrays: one archive may be pushed whole.
    let at = 0;
    while (at < chunk.length && !this.finished) {
      if (this.dataLeft > 0) {
        const n = Math.min(this.dataLeft, chunk.length - at);
        const bytes = chunk.subarray(at, at + n);
        at += n;
        this.dataLeft -= n;
        if (this.meta) {
          this.meta.parts.push(bytes.slice());
          this.meta.got += n;
        } else {
          events.push({ kind: 'data', bytes });
        }
        if (this.dataLeft === 0 && this.padLeft === 0) this.finishData(events);
        continue;
      }
      if (this.padLeft > 0) {
        const n = Math.min(this.padLeft, chunk.length - at);
        at += n;
        this.padLeft -= n;
        if (this.padLeft === 0) this.finishData(events);
        continue;
      }
      // Gather a whole header block.
      if (this.pending.length === 0 && chunk.length - at >= BLOCK) {
        const block = chunk.subarray(at, at + BLOCK);
        at += BLOCK;
        this.header(block, events);
        continue;
      }
      const take = chunk.subarray(at, at + BLOCK - this.pending.length);
      at += take.length;
      this.pending = concat([this.pending, take]);
      if (this.pending.length < BLOCK) continue;
      const block = this.pending;
      this.pending = EMPTY;
      this.header(block, events);
    }
    return events;
  }

  /** The input ended: throws if it ended inside an entry or header. */
  end(): void {
    if (this.finished) return;
    if (this.dataLeft > 0 || this.padLeft > 0 || this.pending.length > 0 || this.meta || this.inEntry) {
      // A short file that never held a whole header is not an archive at all (GNU's wording).
      if (!this.sawHeader) throw new TarFormatError('This does not look like a tar archive', 'not-tar');
      throw new TarFormatError('Unexpected EOF in archive', 'truncated');
    }
    // A missing end-of-archive marker is tolerated, as by GNU tar (it warns only with --warning).
  }

  private header(block: Uint8Array, events: TarEvent[]): void {
    if (isZeroBlock(block)) {
      // Two zero blocks end the archive; GNU tar also accepts one (with a warning).
      if (this.sawZeroBlock) this.finished = true;
      this.sawZeroBlock = true;
      return;
    }
    if (this.sawZeroBlock) {
      // A lone zero block inside the archive: GNU tar ignores it with -i only; we are lenient.
      this.sawZeroBlock = false;
    }
    const stored = readOctal(block, F.chksum);
    if (stored === null || stored !== checksum(block)) {
      throw new TarFormatError('This does not look like a tar archive', 'checksum');
    }
    this.sawHeader = true;
    const typeflag = String.fromCharCode(block[F.typeflag[0]]);
    const size = readNumber(block, F.size);
    if (size === null || size < 0) throw new TarFormatError('Archive contains an invalid size field', 'size');

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      this.meta = { kind: typeflag, size, parts: [], got: 0 };
      this.dataLeft = size;
      this.padLeft = padLength(size);
      if (size === 0) this.finishData(events);
      return;
    }

    const entry = this.buildEntry(block, typeflag, size);
    this.paxLocal = new Map();
    this.longName = null;
    this.longLink = null;
    events.push({ kind: 'entry', entry });
    this.inEntry = true;
    this.dataLeft = entry.type === 'file' || entry.type === 'other' ? entry.size : 0;
    this.padLeft = padLength(this.dataLeft);
    if (this.dataLeft === 0) this.finishData(events);
  }

  private buildEntry(block: Uint8Array, typeflag: string, size: number): TarEntry {
    const magic = readString(block, F.magic);
    let name = readString(block, F.name);
    // Only POSIX ustar ("ustar\0") has a prefix field; GNU's "ustar  " uses that area for other fields.
    if (magic === 'ustar') {
      const prefix = readString(block, F.prefix);
      if (prefix) name = `${prefix}/${name}`;
    }
    const pax = this.paxLocal.size === 0 ? this.paxGlobal : this.paxGlobal.size === 0 ? this.paxLocal : new Map([...this.paxGlobal, ...this.paxLocal]);
    const number = (key: string, field: readonly [number, number]): number => {
      const value = pax.get(key);
      if (value !== undefined && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
      return readNumber(block, field) ?? 0;
    };
    const type = entryType(typeflag, name);
    return {
      name: pax.get('path') ?? this.longName ?? name,
      type,
      mode: (readNumber(block, F.mode) ?? 0) & 0o7777,
      size: pax.has('size') ? number('size', F.size) : size,
      mtime: number('mtime', F.mtime),
      linkname: pax.get('linkpath') ?? this.longLink ?? readString(block, F.linkname),
      uid: number('uid', F.uid),
      gid: number('gid', F.gid),
      uname: pax.get('uname') ?? readString(block, F.uname),
      gname: pax.get('gname') ?? readString(block, F.gname),
    };
  }

  /** The data (and padding) of an entry or metadata header was consumed. */
  private finishData(events: TarEvent[]): void {
    const meta = this.meta;
    if (meta) {
      this.meta = null;
      const body = concat(meta.parts);
      if (meta.kind === 'L') this.longName = readCString(body);
      else if (meta.kind === 'K') this.longLink = readCString(body);
      else {
        const records = parsePaxRecords(body);
        const target = meta.kind === 'g' ? this.paxGlobal : this.paxLocal;
        for (const [key, value] of records) target.set(key, value);
      }
      return;
    }
    if (this.inEntry) {
      this.inEntry = false;
      events.push({ kind: 'entry-end' });
    }
  }
}

/** Parse a whole archive in memory (small archives, tests). */
export function readArchive(bytes: Uint8Array): { entry: TarEntry; data: Uint8Array }[] {
  const parser = new TarParser();
  const out: { entry: TarEntry; data: Uint8Array }[] = [];
  let parts: Uint8Array[] = [];
  for (const event of parser.push(bytes)) {
    if (event.kind === 'entry') {
      out.push({ entry: event.entry, data: new Uint8Array(0) });
      parts = [];
    } else if (event.kind === 'data') parts.push(event.bytes);
    else out[out.length - 1].data = concat(parts);
  }
  parser.end();
  return out;
}

function entryType(typeflag: string, name: string): TarEntryType {
  switch (typeflag) {
    case '0':
    case '\u0000':
    case '7': // contiguous file: a regular file to everyone but a few 1980s systems
      return name.endsWith('/') ? 'dir' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '5':
      return 'dir';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

/** "%d key=value\n" records (pax extended header body). */
function parsePaxRecords(body: Uint8Array): [string, string][] {
  const records: [string, string][] = [];
  let at = 0;
  while (at < body.length) {
    let space = at;
    while (space < body.length && body[space] !== 0x20) space++;
    const length = Number(utf8(body.subarray(at, space)));
    if (!Number.isInteger(length) || length <= 0 || at + length > body.length) {
      if (body.subarray(at).every((b) => b === 0)) break;
      throw new TarFormatError('Malformed extended header', 'pax');
    }
    const record = utf8(body.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq < 0) throw new TarFormatError('Malformed extended header', 'pax');
    records.push([record.slice(0, eq), record.slice(eq + 1)]);
    at += length;
  }
  return records;
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

function readString(block: Uint8Array, [offset, length]: readonly [number, number]): string {
  return readCString(block.subarray(offset, offset + length));
}

function readCString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return utf8(nul < 0 ? bytes : bytes.subarray(0, nul));
}

/** Octal, space/NUL terminated; null if not a number. */
function readOctal(block: Uint8Array, field: readonly [number, number]): number | null {
  const text = readString(block, field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return null;
  return parseInt(text, 8);
}

/** Octal, or GNU's base-256 (high bit of the first byte set) for values too big for octal. */
function readNumber(block: Uint8Array, field: readonly [number, number]): number | null {
  const [offset, length] = field;
  const first = block[offset];
  if (first & 0x80) {
    const negative = (first & 0x40) !== 0;
    let value = negative ? -1 : 0;
    for (let i = 0; i < length; i++) {
      const byte = i === 0 ? first & 0x7f : block[offset + i];
      value = value * 256 + (negative ? byte - 255 : byte);
    }
    return value;
  }
  return readOctal(block, field);
}

/** Copies first: TextDecoder refuses views of a SharedArrayBuffer, which chunks may be. */
function utf8(bytes: Uint8Array): string {
  // ASCII (nearly every header field) without a copy and a call into TextDecoder.
  if (bytes.length <= 256) {
    let ascii = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b >= 0x80) return decoder.decode(bytes.slice());
      ascii += String.fromCharCode(b);
    }
    return ascii;
  }
  return decoder.decode(bytes.slice());
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ------------------------------------------------------------------ names

export type MemberName =
  | { ok: true; name: string; /** The leading part that was removed, e.g. "/" or "../", to report once. */ stripped: string }
  | { ok: false; reason: 'dotdot' | 'empty' };

/**
 * What GNU tar extracts a member as: leading '/' removed (with a warning the
 * caller prints once per prefix), and names with a '..' component refused,
 * so that no member lands outside the extraction directory by its name.
 * (Escapes through symlinks are the extractor's job: it must not follow a
 * symlink it extracted earlier; see tar.ts.)
 */
export function safeMemberName(name: string): MemberName {
  const stripped = name.match(/^\/+/)?.[0] ?? '';
  const rest = name.slice(stripped.length);
  if (rest.split('/').includes('..')) return { ok: false, reason: 'dotdot' };
  const clean = rest.replace(/\/+$/, '');
  if (clean === '' || clean === '.') return stripped ? { ok: true, name: '.', stripped: '/' } : { ok: false, reason: 'empty' };
  return { ok: true, name: clean, stripped: stripped ? '/' : '' };
}

/**
 * The name GNU tar stores for a file given on the command line: leading '/'
 * and any prefix up to the last '../' removed ("Removing leading `../' from
 * member names").
 */
export function storedMemberName(path: string): { name: string; stripped: string } {
  let rest = path;
  let stripped = '';
  const lead = rest.match(/^\/+/);
  if (lead) {
    stripped = '/';
    rest = rest.slice(lead[0].length);
  }
  const parts = rest.split('/');
  const lastDotDot = parts.lastIndexOf('..');
  if (lastDotDot >= 0) {
    stripped = (stripped === '/' ? '/' : '') + parts.slice(0, lastDotDot + 1).join('/') + '/';
    rest = parts.slice(lastDotDot + 1).join('/');
  }
  return { name: rest, stripped };
}
