/**
 * A pipe: a bounded byte queue with counted read and write ends, after
 * pipe(7). Writes of at most PIPE_BUF bytes are atomic; larger writes may be
 * accepted in parts. Readers see EOF once every write end is closed; writers
 * see a broken pipe once every read end is closed.
 */
import { Notifier } from './waitable.js';

export const PIPE_BUF = 4096;
export const DEFAULT_PIPE_CAPACITY = 64 * 1024;

export class Pipe extends Notifier {
  readonly capacity: number;
  private chunks: Uint8Array[] = [];
  /** Bytes already consumed from chunks[0]. */
  private head = 0;
  private buffered = 0;
  readers = 0;
  writers = 0;

  constructor(capacity = DEFAULT_PIPE_CAPACITY) {
    super();
    this.capacity = capacity;
  }

  get size(): number {
    return this.buffered;
  }

  get broken(): boolean {
    return this.readers === 0;
  }

  get readable(): boolean {
    return this.buffered > 0 || this.writers === 0;
  }

  get writable(): boolean {
    return this.readers === 0 || this.buffered < this.capacity;
  }

  /**
   * Queue as much of `data` as fits. Returns the count accepted (0 when full,
   * or when a write of at most PIPE_BUF would not fit whole), or -1 when no
   * reader is left. `data` is copied: it may be a view of a shared channel.
   */
  write(data: Uint8Array): number {
    if (this.readers === 0) return -1;
    const free = this.capacity - this.buffered;
    if (data.byteLength === 0) return 0;
    if (free <= 0 || (data.byteLength <= PIPE_BUF && free < data.byteLength)) return 0;
    const n = Math.min(free, data.byteLength);
    this.chunks.push(data.slice(0, n));
    this.buffered += n;
    this.notify();
    return n;
  }

  /**
   * Move up to target.byteLength bytes into `target`. Returns the count, 0 at
   * EOF, or -1 when empty but a writer may still write (the caller waits).
   */
  readInto(target: Uint8Array): number {
    if (this.buffered === 0) return this.writers === 0 ? 0 : -1;
    let n = 0;
    while (n < target.byteLength && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const take = Math.min(chunk.byteLength - this.head, target.byteLength - n);
      target.set(chunk.subarray(this.head, this.head + take), n);
      n += take;
      this.head += take;
      if (this.head === chunk.byteLength) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.buffered -= n;
    this.notify();
    return n;
  }

  /** Take everything buffered, as one array (or null when empty). */
  drain(): Uint8Array | null {
    if (this.buffered === 0) return null;
    const out = new Uint8Array(this.buffered);
    this.readInto(out);
    return out;
  }

  openReader(): void {
    this.readers++;
  }

  openWriter(): void {
    this.writers++;
  }

  closeReader(): void {
    this.readers--;
    if (this.readers === 0) {
      // Nobody will read again: drop the data so blocked writers fail now.
      this.chunks = [];
      this.head = 0;
      this.buffered = 0;
    }
    this.notify();
  }

  closeWriter(): void {
    this.writers--;
    this.notify();
  }
}
