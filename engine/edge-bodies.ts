/**
 * The kernel's half of moving HTTP bodies larger than the syscall channel
 * (engine/http-wire.ts describes the framing). One store per process:
 * bodies waiting for the guest to read the rest (`offer`, `read`), and
 * bodies the guest is staging part by part (`append`, `take`). Everything
 * held counts against one budget, so a guest cannot grow host memory
 * without bound by staging and never sending.
 */
import { Errno } from './errno.js';
import { MAX_BODY_BYTES } from './http-wire.js';

interface Staged {
  chunks: Uint8Array[];
  bytes: number;
}

/** Bodies held at once for one process: two maximal bodies (one each way). */
const STORE_BUDGET = 2 * MAX_BODY_BYTES;

export class BodyStore {
  private nextId = 1;
  private readonly unread = new Map<number, Uint8Array>();
  private readonly staged = new Map<number, Staged>();
  private held = 0;

  /**
   * Split `body` into the part that goes inline (at most `inlineMax` bytes)
   * and an id for the rest, or 0 when it all fits.
   */
  offer(body: Uint8Array, inlineMax: number): { inline: Uint8Array; id: number } {
    if (body.byteLength <= inlineMax) return { inline: body, id: 0 };
    const id = this.nextId++;
    this.unread.set(id, body);
    this.held += body.byteLength;
    return { inline: body.subarray(0, inlineMax), id };
  }

  /** Up to `max` bytes of body `id` from `offset`, or -errno; the body is forgotten once its end is read. */
  read(id: number, offset: number, max: number): Uint8Array | number {
    const body = this.unread.get(id);
    if (body === undefined) return -Errno.EBADF;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > body.byteLength) return -Errno.EINVAL;
    const end = Math.min(body.byteLength, offset + max);
    if (end === body.byteLength) {
      this.unread.delete(id);
      this.held -= body.byteLength;
    }
    return body.subarray(offset, end);
  }

  /** Append to staged body `id` (0 starts one); returns its id, or -errno. */
  append(id: number, chunk: Uint8Array): number {
    let staged = id === 0 ? undefined : this.staged.get(id);
    if (id !== 0 && staged === undefined) return -Errno.EBADF;
    if ((staged?.bytes ?? 0) + chunk.byteLength > MAX_BODY_BYTES || this.held + chunk.byteLength > STORE_BUDGET) return -Errno.EFBIG;
    if (staged === undefined) {
      id = this.nextId++;
      staged = { chunks: [], bytes: 0 };
      this.staged.set(id, staged);
    }
    staged.chunks.push(chunk.slice());
    staged.bytes += chunk.byteLength;
    this.held += chunk.byteLength;
    return id;
  }

  /**
   * The whole body: staged part `id` (0 for none) followed by `tail`, which
   * must add up to `length`. Returns -errno on a mismatch or an unknown id,
   * -EFBIG past MAX_BODY_BYTES.
   */
  take(id: number, tail: Uint8Array, length: number): Uint8Array<ArrayBuffer> | number {
    const staged = id === 0 ? { chunks: [], bytes: 0 } : this.staged.get(id);
    if (staged === undefined) return -Errno.EBADF;
    this.staged.delete(id);
    this.held -= staged.bytes;
    if (staged.bytes + tail.byteLength !== length) return -Errno.EINVAL;
    if (length > MAX_BODY_BYTES) return -Errno.EFBIG;
    if (staged.bytes === 0) return tail.slice();
    const out = new Uint8Array(length);
    let at = 0;
    for (const chunk of staged.chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    out.set(tail, at);
    return out;
  }

  /** Drop everything (the request it belonged to is over). */
  clear(): void {
    this.unread.clear();
    this.staged.clear();
    this.held = 0;
  }
}
