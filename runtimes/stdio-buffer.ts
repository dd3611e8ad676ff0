/**
 * Buffering of a process's stdout and stderr in its worker, so a program that
 * writes a byte at a time does not cost a kernel round trip per byte. One
 * buffer serves both streams and is flushed before the other stream is
 * written, so the order of stdout and stderr is kept. It is flushed at a
 * size, after a delay, on every other syscall (so output always precedes a
 * read of input or a sleep), on exit, and at the end of a line: a program
 * that prints a line and then computes for a minute must show that line now,
 * and a spinning guest makes no syscall that could flush it later. wasi-libc
 * already block-buffers stdio on pipes, so per-line flushes mostly meet
 * programs that write unbuffered, a few bytes at a time.
 */
import { Op } from '../engine/abi.js';
import type { SyscallTransport } from './syscall-client.js';

const FLUSH_BYTES = 64 * 1024;
/** Linux's EPIPE (engine/errno.ts); the kernel answers it with SIGPIPE. */
const EPIPE = 32;
const FLUSH_AFTER_MS = 50;

export class StdioBuffer {
  private fd = -1;
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private since = 0;
  private flushing = false;
  /** fds still bound to the process's original stdout and stderr. */
  private readonly buffered = new Set([1, 2]);
  /**
   * A flush that failed (ENOSPC on a full file system, EBADF after the fd
   * was closed, EIO): the errno is reported by the next write to that fd,
   * so a program writing to stdout learns of it as it would from write(2)
   * one call late, instead of writing into the void forever. EPIPE needs
   * no report: the kernel ends the writer with SIGPIPE.
   */
  private readonly failed = new Map<number, number>();

  constructor(private readonly client: SyscallTransport) {}

  /** Whether writes to `fd` go through this buffer. */
  handles(fd: number): boolean {
    return this.buffered.has(fd);
  }

  /** The guest moved or closed one of its stdio fds: stop buffering it. */
  release(fd: number): void {
    this.flush();
    this.buffered.delete(fd);
  }

  /** Append a copy of `bytes` for `fd`; returns 0, or the errno of a failed flush of this fd. */
  write(fd: number, bytes: Uint8Array): number {
    const earlier = this.takeError(fd);
    if (earlier !== 0) return earlier;
    if (bytes.byteLength === 0) return 0;
    if (this.fd !== fd) this.flush();
    if (this.size === 0) this.since = performance.now();
    this.fd = fd;
    this.chunks.push(bytes.slice());
    this.size += bytes.byteLength;
    if (this.size >= FLUSH_BYTES || bytes.includes(10) || performance.now() - this.since >= FLUSH_AFTER_MS) {
      this.flush();
    }
    return this.takeError(fd);
  }

  private takeError(fd: number): number {
    const errno = this.failed.get(fd);
    if (errno === undefined) return 0;
    this.failed.delete(fd);
    return errno;
  }

  /**
   * Write out what is buffered. Signals are held meanwhile: the bytes left
   * the buffer when the program wrote them, and an interrupt taken by one of
   * these writes would lose them (a prompt or a partial line before ^C). A
   * signal that comes is thrown once they are written.
   */
  flush(): void {
    if (this.size === 0 || this.flushing) return;
    if (this.client.holdSignals) this.client.holdSignals(() => this.writeOut());
    else this.writeOut();
  }

  private writeOut(): void {
    this.flushing = true;
    try {
      const data = new Uint8Array(this.size);
      let at = 0;
      for (const chunk of this.chunks) {
        data.set(chunk, at);
        at += chunk.byteLength;
      }
      this.chunks.length = 0;
      this.size = 0;
      const fd = this.fd;
      for (let off = 0; off < data.byteLength; ) {
        const part = data.subarray(off, off + this.client.maxPayload);
        this.client.request.reset().u32(fd).bytesOf(part);
        const errno = this.client.call(Op.Write);
        if (errno !== 0) {
          if (errno !== EPIPE) this.failed.set(fd, errno);
          return;
        }
        off += this.client.response.readF64();
      }
    } finally {
      this.flushing = false;
    }
  }
}
