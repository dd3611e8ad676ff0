/**
 * A process's output as the host keeps it: the first `maxBytes` of each
 * stream (the rest is counted and flagged as truncated), in arrival order so
 * stdout and stderr can be replayed combined, plus live subscribers that see
 * every byte from the moment they subscribe.
 */

import type { PipeEnd } from './open-file.js';

const encoder = new TextEncoder();

export type StreamName = 'stdout' | 'stderr';
export type StreamChoice = StreamName | 'combined';

export interface Chunk {
  stream: StreamName;
  data: Uint8Array;
}

interface Subscriber {
  choice: StreamChoice;
  push(chunk: Chunk): void;
  end(): void;
}

export class OutputLog {
  private readonly chunks: Chunk[] = [];
  private readonly kept = { stdout: 0, stderr: 0 };
  readonly total = { stdout: 0, stderr: 0 };
  private readonly open = { stdout: true, stderr: true };
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly maxBytes: number) {}

  get ended(): boolean {
    return !this.open.stdout && !this.open.stderr;
  }

  truncated(stream: StreamName): boolean {
    return this.total[stream] > this.kept[stream];
  }

  append(stream: StreamName, data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.total[stream] += data.byteLength;
    const room = this.maxBytes - this.kept[stream];
    if (room > 0) {
      const kept = room >= data.byteLength ? data : data.subarray(0, room);
      this.chunks.push({ stream, data: kept });
      this.kept[stream] += kept.byteLength;
    }
    for (const s of this.subscribers) if (s.choice === 'combined' || s.choice === stream) s.push({ stream, data });
  }

  close(stream: StreamName): void {
    if (!this.open[stream]) return;
    this.open[stream] = false;
    for (const s of [...this.subscribers]) {
      if (s.choice === stream || (s.choice === 'combined' && this.ended)) {
        this.subscribers.delete(s);
        s.end();
      }
    }
  }

  /** The kept bytes of one stream, or of both in arrival order. */
  bytes(choice: StreamChoice): Uint8Array<ArrayBuffer> {
    const parts = this.chunks.filter((c) => choice === 'combined' || c.stream === choice);
    const out = new Uint8Array(parts.reduce((n, c) => n + c.data.byteLength, 0));
    let at = 0;
    for (const c of parts) {
      out.set(c.data, at);
      at += c.data.byteLength;
    }
    return out;
  }

  /** Subscribe; with `replay`, the kept output comes first. Returns the unsubscribe function. */
  subscribe(choice: StreamChoice, replay: boolean, push: (chunk: Chunk) => void, end: () => void): () => void {
    if (replay) for (const c of this.chunks) if (choice === 'combined' || c.stream === choice) push(c);
    const ended = choice === 'combined' ? this.ended : !this.open[choice];
    if (ended) {
      end();
      return () => {};
    }
    const subscriber: Subscriber = { choice, push, end };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }
}

/** Iterate a log's output as it comes; with `replay`, what was kept comes first. */
export function iterateLog(log: OutputLog, choice: StreamChoice, replay: boolean): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      const queue: Uint8Array[] = [];
      let done = false;
      let wake: (() => void) | undefined;
      const unsubscribe = log.subscribe(
        choice,
        replay,
        (c) => {
          queue.push(c.data);
          wake?.();
        },
        () => {
          done = true;
          wake?.();
        },
      );
      return {
        async next() {
          while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
          wake = undefined;
          if (queue.length > 0) return { value: queue.shift()!, done: false };
          return { value: undefined, done: true };
        },
        async return() {
          unsubscribe();
          done = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/**
 * Move everything written to a pipe into the log, until EOF; then append
 * `trailer()` (e.g. a trap's message) and close the stream. The drain is
 * synchronous with the write that fills the pipe: the kernel may serve
 * several writes in one task, and deferring would let a later stderr write
 * overtake an earlier stdout one in the combined order.
 */
export function drainPipe(log: OutputLog, stream: StreamName, end: PipeEnd, trailer: () => string = () => ''): Promise<void> {
  return new Promise((resolve) => {
    let draining = false;
    let finished = false;
    let unsubscribe: () => void = () => {};
    const pull = () => {
      if (draining || finished) return;
      draining = true;
      const data = end.pipe.drain();
      draining = false;
      if (data) log.append(stream, data);
      if (end.pipe.writers === 0 && end.pipe.size === 0) {
        finished = true;
        unsubscribe();
        const text = trailer();
        if (text) log.append(stream, encoder.encode(text));
        end.unref();
        log.close(stream);
        resolve();
      }
    };
    unsubscribe = end.pipe.subscribe(pull);
  });
}
