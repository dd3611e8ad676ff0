/**
 * A terminal and the program on it (DESIGN.md "terminals", after Daytona's
 * PTY sessions): what the host types goes to the kernel's tty
 * (engine/tty.ts), what the programs print comes back through listeners
 * and an async iterator. The pty ends when its program does; the terminal
 * then hangs up, and processes still on it get SIGHUP, as when a terminal
 * window closes.
 */
import { PtyEndedError } from './errors.js';
import type { Kernel, KernelProcess } from './kernel.js';
import { ByteTail, PendingOutput, type Bytes } from './pty-output.js';
import { parseSignal, type SignalName } from './signals.js';
import type { Tty } from './tty.js';

const encoder = new TextEncoder();

/** Recent output kept for a listener that asks for a replay (connect, output()). */
export const SCROLLBACK_BYTES = 256 * 1024;
/** Columns and rows a pty may have: a positive integer up to this. */
export const MAX_DIMENSION = 4096;

export interface PtySize {
  cols: number;
  rows: number;
}

export interface PtyExit {
  /** 0-255; 128 + signal number when a signal ended the program. */
  exitCode: number;
  signal: SignalName | null;
}

export interface PtyInfo {
  id: string;
  pid: number;
  /** The program's argv (`['sh', '-i']` for the default shell). */
  command: string[];
  cols: number;
  rows: number;
  /** The directory the program started in. */
  cwd: string;
  active: boolean;
  createdAt: number;
  /** Null while the program runs. */
  exitCode: number | null;
}

type DataListener = (data: Uint8Array) => void;

/** Checks cols and rows from a caller: integers 1..MAX_DIMENSION. */
export function checkSize(value: unknown, what = 'size'): PtySize {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${what} must be an object { cols, rows }`);
  const { cols, rows } = value as Record<string, unknown>;
  for (const [name, v] of [['cols', cols], ['rows', rows]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_DIMENSION) {
      throw new RangeError(`${name} must be an integer from 1 to ${MAX_DIMENSION}, got ${String(v)}`);
    }
  }
  return { cols: cols as number, rows: rows as number };
}

export class Pty {
  readonly createdAt = Date.now();
  private readonly listeners = new Set<DataListener>();
  private readonly enders = new Set<() => void>();
  private readonly scrollback = new ByteTail(SCROLLBACK_BYTES);
  /** Output not yet handed out by the agent-style calls (pty-list.ts exec/input). */
  readonly pending: PendingOutput;
  private queued: Bytes[] = [];
  private flushScheduled = false;
  /** Whether a listener has subscribed yet (onData's default replay). */
  private heard = false;
  private ended = false;
  private readonly done: Promise<PtyExit>;

  constructor(
    readonly id: string,
    private readonly kernel: Kernel,
    private readonly proc: KernelProcess,
    private readonly tty: Tty,
    maxPendingBytes: number,
  ) {
    this.pending = new PendingOutput(Math.max(1, Math.floor(maxPendingBytes / 2)));
    tty.onOutput((data) => this.deliver(data));
    this.done = proc.exited.then(() => {
      this.flush();
      this.ended = true;
      this.hangUp('SIGHUP');
      for (const end of [...this.enders]) end();
      this.enders.clear();
      this.listeners.clear();
      return { exitCode: proc.exitCode ?? 1, signal: proc.signal };
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  get cols(): number {
    return this.tty.size.cols;
  }

  get rows(): number {
    return this.tty.size.rows;
  }

  get cwd(): string {
    return this.proc.spec.cwd;
  }

  /** Whether the program still runs. */
  get active(): boolean {
    return !this.ended && !this.proc.ended;
  }

  /** The program's status once it has ended, else null. */
  get exitCode(): number | null {
    return this.proc.ended ? this.proc.exitCode : null;
  }

  info(): PtyInfo {
    return {
      id: this.id,
      pid: this.pid,
      command: [...this.proc.spec.argv],
      cols: this.cols,
      rows: this.rows,
      cwd: this.cwd,
      active: this.active,
      createdAt: this.createdAt,
      exitCode: this.exitCode,
    };
  }

  /**
   * Call `listener` with each chunk of output from now on (with `replay`,
   * the scrollback first: up to SCROLLBACK_BYTES of the latest output).
   * The program starts before create() returns, and may have printed (a
   * prompt) before anyone could listen: so `replay` is the default for the
   * first listener, and nothing is lost between create() and onData().
   * Several listeners may listen at once. Returns the unsubscribe function.
   */
  onData(listener: DataListener, options: { replay?: boolean } = {}): () => void {
    if (typeof listener !== 'function') throw new TypeError('onData takes a function');
    const replay = options.replay ?? !this.heard;
    this.heard = true;
    if (replay && this.scrollback.length > 0) {
      this.flush();
      listener(this.scrollback.bytes());
    }
    if (this.ended) return () => {};
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The output as an async iterable; by default the scrollback comes first (`replay: false` for new output only). Ends when the program does. */
  output(options: { replay?: boolean } = {}): AsyncIterable<Uint8Array> {
    return { [Symbol.asyncIterator]: () => this.iterate(options.replay ?? true) };
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.iterate(true);
  }

  /** Type at the terminal: the line discipline echoes, edits and turns ^C into SIGINT. */
  write(data: string | Uint8Array): void {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new TypeError('write takes a string or a Uint8Array');
    if (!this.active) throw new PtyEndedError(this.id, `its program exited with status ${this.proc.exitCode}`);
    this.tty.input(typeof data === 'string' ? encoder.encode(data) : data);
  }

  /** Change the window size; a running program sees it through its window-size call, a new one in COLUMNS and LINES. */
  async resize(size: PtySize): Promise<void> {
    const checked = checkSize(size);
    if (!this.active) throw new PtyEndedError(this.id, 'cannot resize an ended terminal');
    this.tty.resize(checked);
  }

  /** The program's exit status, once it ends. */
  wait(): Promise<PtyExit> {
    return this.done;
  }

  /**
   * Hang up: the program and every process under it get `signal` (SIGHUP
   * by default, what closing a terminal sends). Returns false when the
   * program had already ended.
   */
  kill(signal: SignalName | number | string = 'SIGHUP'): boolean {
    const name = parseSignal(signal);
    if (this.proc.ended) return false;
    this.hangUp(name);
    return true;
  }

  /**
   * Used by sb.close(): the kernel has already ended every process (the
   * listeners and iterators end when the program's end is seen); the
   * terminal hangs up so nothing more is taken from the host side.
   */
  close(): void {
    this.tty.hangUp();
  }

  private hangUp(signal: SignalName): void {
    this.tty.hangUp();
    for (const p of this.kernel.descendants(this.proc)) this.kernel.signal(p, signal);
    this.kernel.signal(this.proc, signal);
  }

  /**
   * From the tty, synchronously with a program's write: keep it, then hand
   * it to listeners in one batch. The bytes are the discipline's own copy
   * (never a view of a worker's channel), so they are kept without copying.
   */
  private deliver(data: Bytes): void {
    this.scrollback.push(data);
    this.pending.push(data);
    if (this.listeners.size === 0) return;
    this.queued.push(data);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queued.length === 0) return;
    const chunks = this.queued;
    this.queued = [];
    const data = chunks.length === 1 ? chunks[0]! : joinChunks(chunks);
    for (const listener of [...this.listeners]) {
      try {
        listener(data);
      } catch (error) {
        // A listener's bug must not stop the others or the terminal: report it as uncaught.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private iterate(replay: boolean): AsyncIterator<Uint8Array> {
    const queue: Uint8Array[] = [];
    let finished = false;
    let wake: (() => void) | undefined;
    const push = (data: Uint8Array) => {
      queue.push(data);
      wake?.();
    };
    const end = () => {
      finished = true;
      wake?.();
    };
    const unsubscribe = this.onData(push, { replay });
    if (this.ended) finished = true;
    else this.enders.add(end);
    return {
      next: async () => {
        while (queue.length === 0 && !finished) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        return { value: undefined, done: true };
      },
      return: async () => {
        unsubscribe();
        this.enders.delete(end);
        finished = true;
        return { value: undefined, done: true };
      },
    };
  }
}

function joinChunks(chunks: Bytes[]): Bytes {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
