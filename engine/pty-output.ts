/**
 * What a pty keeps of its output: a bounded scrollback of the most recent
 * bytes (replayed to a late listener that asks for it), and, for the
 * agent-style calls (sb.pty.exec / sb.pty.input), the output not yet handed
 * out, cut in the middle when it passes the caller's cap: the head shows
 * what a command started with (an error, a banner), the tail where it is now
 * (the last lines, the prompt), and a marker between them says how many
 * bytes were dropped.
 */

const decoder = new TextDecoder();

/** Bytes of our own (not a view of shared memory, which TextDecoder refuses). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** The most recent `capacity` bytes of a stream. */
export class ByteTail {
  private chunks: Bytes[] = [];
  private size = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.size;
  }

  /** Keep `data`, which the caller will not change again (it is not copied unless larger than the capacity). */
  push(data: Bytes): void {
    if (this.capacity === 0 || data.byteLength === 0) return;
    const kept = data.byteLength > this.capacity ? data.slice(data.byteLength - this.capacity) : data;
    this.chunks.push(kept);
    this.size += kept.byteLength;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (first.byteLength <= excess) {
        this.chunks.shift();
        this.size -= first.byteLength;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  bytes(): Bytes {
    return concat(this.chunks, this.size);
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}

/** The marker put where output was dropped. */
export function droppedMarker(bytes: number): string {
  return `\n[… ${bytes} bytes dropped …]\n`;
}

/**
 * Output since the last take(), kept as its first and its last `half` bytes
 * (and a count of what fell between), so a take with a cap up to 2 × half
 * can be cut exactly.
 */
export class PendingOutput {
  private head: Bytes[] = [];
  private headSize = 0;
  private readonly tail: ByteTail;
  /** Bytes since the last take, kept or not. */
  private total = 0;
  /** Bytes of an unfinished UTF-8 character held back from the last take. */
  private carry: Bytes = new Uint8Array(0);

  constructor(private readonly half: number) {
    this.tail = new ByteTail(half);
  }

  get maxCap(): number {
    return 2 * this.half;
  }

  /** Add output; `data` is kept as it is, and must not change afterwards. */
  push(data: Bytes): void {
    if (data.byteLength === 0) return;
    if (this.headSize < this.half) {
      const part = data.subarray(0, this.half - this.headSize);
      this.head.push(part);
      this.headSize += part.byteLength;
    }
    this.tail.push(data);
    this.total += data.byteLength;
  }

  /** Everything since the last take as text, at most `cap` bytes of it (cut in the middle, with a marker). */
  take(cap: number): string {
    const carry = this.carry;
    const total = carry.byteLength + this.total;
    let text: string;
    if (total <= cap) {
      const all = concat([carry, ...this.wholeStream()], total);
      const end = completeEnd(all);
      this.carry = all.slice(end);
      text = decoder.decode(all.subarray(0, end));
    } else {
      const head = concat([carry, ...this.head], carry.byteLength + this.headSize);
      const headEnd = boundaryAtOrBefore(head, Math.floor(cap / 2));
      const tail = this.tail.bytes();
      const tailStart = boundaryAtOrAfter(tail, tail.byteLength - (cap - Math.floor(cap / 2)));
      const kept = headEnd + (tail.byteLength - tailStart);
      const end = completeEnd(tail);
      this.carry = tail.slice(end);
      text = decoder.decode(head.subarray(0, headEnd)) + droppedMarker(total - kept) + decoder.decode(tail.subarray(tailStart, end));
    }
    this.head = [];
    this.headSize = 0;
    this.tail.clear();
    this.total = 0;
    return text;
  }

  /** The stream whole (only when nothing was dropped from between head and tail). */
  private wholeStream(): Bytes[] {
    if (this.total <= this.headSize) return this.head;
    const tail = this.tail.bytes();
    // The head and the tail overlap when total < 2 × half: take the tail's part past the head.
    return [concat(this.head, this.headSize), tail.subarray(tail.byteLength - (this.total - this.headSize))];
  }
}

function concat(parts: Bytes[], size: number): Bytes {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** The largest index <= i that does not split a UTF-8 character. */
function boundaryAtOrBefore(bytes: Uint8Array, i: number): number {
  let at = Math.max(0, Math.min(i, bytes.byteLength));
  while (at > 0 && at < bytes.byteLength && isContinuation(bytes[at]!)) at--;
  return at;
}

/** The smallest index >= i that does not split a UTF-8 character. */
function boundaryAtOrAfter(bytes: Uint8Array, i: number): number {
  let at = Math.max(0, i);
  while (at < bytes.byteLength && isContinuation(bytes[at]!)) at++;
  return at;
}

/** Where the bytes stop being complete: the start of a trailing, unfinished UTF-8 character. */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.byteLength;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if (isContinuation(b)) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
