/**
 * The public handle of a process (DESIGN.md "processes"): its state and exit
 * status, its live output, its stdin, and the calls that wait for it, signal
 * it and collect what it printed.
 */
import { Errno } from './errno.js';
import { FsError, TimeoutError } from './errors.js';
import type { KernelProcess, ProcessState } from './kernel.js';
import { WOULD_BLOCK, type PipeEnd } from './open-file.js';
import { OutputLog, drainPipe, iterateLog, type StreamChoice, type StreamName } from './output-log.js';
import { parseSignal, type SignalName } from './signals.js';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The signal that ended the process (a timeout ends it with SIGKILL), or null. */
  signal: SignalName | null;
  timedOut: boolean;
  /** Whether output beyond `maxOutputBytes` was dropped from stdout or stderr. */
  truncated: boolean;
  durationMs: number;
}

export interface ExitStatus {
  state: ProcessState;
  exitCode: number;
  signal: SignalName | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ProcessStdin {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly end: PipeEnd,
    private readonly label: string,
  ) {}

  /**
   * Write to the process's stdin. Resolves once every byte is in the pipe:
   * while the pipe is full (the program is not reading) it waits, which is the
   * backpressure. Rejects with EPIPE once the program can no longer read.
   */
  write(data: string | Uint8Array): Promise<void> {
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      return Promise.reject(new TypeError('stdin.write takes a string or a Uint8Array'));
    }
    if (this.closed) return Promise.reject(new FsError('EPIPE', 'write', this.label, 'stdin is closed'));
    const bytes = typeof data === 'string' ? encoder.encode(data) : data.slice();
    const next = this.queue.then(() => this.writeAll(bytes));
    this.queue = next.catch(() => {});
    return next;
  }

  /** Close stdin: the program reads EOF once it has read what was written. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.queue.then(() => this.end.unref());
  }

  private writeAll(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      let offset = 0;
      let unsubscribe: (() => void) | undefined;
      const attempt = () => {
        while (offset < bytes.byteLength) {
          const n = this.end.write(bytes.subarray(offset));
          if (n === WOULD_BLOCK) {
            unsubscribe ??= this.end.pipe.subscribe(attempt);
            return;
          }
          if (n < 0) {
            unsubscribe?.();
            reject(new FsError(n === -Errno.EPIPE ? 'EPIPE' : 'EIO', 'write', this.label, 'the process no longer reads its stdin'));
            return;
          }
          offset += n;
        }
        unsubscribe?.();
        resolve();
      };
      attempt();
    });
  }
}

export class Process {
  readonly id: string;
  readonly stdin: ProcessStdin;
  private readonly log: OutputLog;
  private stdoutStream: ReadableStream<Uint8Array> | undefined;
  private stderrStream: ReadableStream<Uint8Array> | undefined;
  private readonly drained: Promise<void>;

  constructor(
    private readonly kproc: KernelProcess,
    id: string,
    maxOutputBytes: number,
    private readonly starter: (p: KernelProcess) => Promise<void>,
    private readonly signaller: (p: KernelProcess, s: SignalName) => boolean,
  ) {
    this.id = id;
    this.log = new OutputLog(maxOutputBytes);
    this.stdin = new ProcessStdin(kproc.host!.stdin, `${id}:stdin`);
    const trailer: Record<StreamName, string> = { stdout: '', stderr: '' };
    kproc.onEnd = (message) => {
      if (message) trailer.stderr += message;
    };
    this.drained = Promise.all([this.drain('stdout', kproc.host!.stdout, trailer), this.drain('stderr', kproc.host!.stderr, trailer)]).then(() => {});
  }

  get pid(): number {
    return this.kproc.pid;
  }
  get argv(): readonly string[] {
    return this.kproc.spec.argv;
  }
  get cwd(): string {
    return this.kproc.spec.cwd;
  }
  get state(): ProcessState {
    return this.kproc.state;
  }
  get exitCode(): number | null {
    return this.kproc.exitCode;
  }
  get signal(): SignalName | null {
    return this.kproc.signal;
  }
  get timedOut(): boolean {
    return this.kproc.timedOut;
  }
  get createdAt(): number {
    return this.kproc.createdAt;
  }
  get startedAt(): number | null {
    return this.kproc.startedAt;
  }
  get endedAt(): number | null {
    return this.kproc.endedAt;
  }

  /** Start a process created with autoStart: false. */
  start(): Promise<void> {
    return this.starter(this.kproc);
  }

  /** stdout as a live stream: what was kept so far, then every new byte. */
  get stdout(): ReadableStream<Uint8Array> {
    return (this.stdoutStream ??= this.stream('stdout'));
  }

  get stderr(): ReadableStream<Uint8Array> {
    return (this.stderrStream ??= this.stream('stderr'));
  }

  /** Iterate the output as it comes; `replay` (default true) starts with what was kept. */
  output(options: { stream?: StreamChoice; replay?: boolean } = {}): AsyncIterable<Uint8Array> {
    const choice = options.stream ?? 'combined';
    if (choice !== 'stdout' && choice !== 'stderr' && choice !== 'combined') {
      throw new RangeError(`stream must be 'stdout', 'stderr' or 'combined', got ${JSON.stringify(choice)}`);
    }
    return iterateLog(this.log, choice, options.replay ?? true);
  }

  /** Wait for the end. With timeoutMs, rejects with TimeoutError (the process goes on). */
  async wait(options: { timeoutMs?: number } = {}): Promise<ExitStatus> {
    const { timeoutMs } = options;
    if (timeoutMs === undefined) await this.kproc.exited;
    else {
      if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const winner = await Promise.race([this.kproc.exited, timeout]);
      clearTimeout(timer);
      if (winner === 'timeout') throw new TimeoutError(`process ${this.id}`, timeoutMs);
    }
    return { state: this.state, exitCode: this.exitCode!, signal: this.signal };
  }

  /** Send a signal; returns false when the process had already ended. */
  kill(signal: SignalName | number | string = 'SIGTERM'): boolean {
    return this.signaller(this.kproc, parseSignal(signal));
  }

  /** Wait for the end and for all output, then return it as text. */
  async collect(options: { maxBytes?: number } = {}): Promise<ExecResult> {
    await this.kproc.exited;
    await this.drained;
    const max = options.maxBytes ?? Infinity;
    if (typeof max !== 'number' || !(max >= 0)) throw new RangeError(`maxBytes must be a number >= 0, got ${String(max)}`);
    const take = (stream: StreamName) => {
      const bytes = this.log.bytes(stream);
      const cut = bytes.byteLength > max;
      return { text: decoder.decode(cut ? bytes.subarray(0, max) : bytes), cut: cut || this.log.truncated(stream) };
    };
    const out = take('stdout');
    const err = take('stderr');
    return {
      exitCode: this.exitCode!,
      stdout: out.text,
      stderr: err.text,
      signal: this.signal,
      timedOut: this.timedOut,
      truncated: out.cut || err.cut,
      durationMs: (this.endedAt ?? Date.now()) - (this.startedAt ?? this.createdAt),
    };
  }

  /** Live output subscribers, for leak checks. */
  get listenerCount(): number {
    return this.log.subscriberCount;
  }

  private stream(choice: StreamName): ReadableStream<Uint8Array> {
    let unsubscribe: (() => void) | undefined;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        unsubscribe = this.log.subscribe(
          choice,
          true,
          (c) => controller.enqueue(c.data),
          () => controller.close(),
        );
      },
      cancel: () => unsubscribe?.(),
    });
  }

  private drain(stream: StreamName, end: PipeEnd, trailer: Record<StreamName, string>): Promise<void> {
    return drainPipe(this.log, stream, end, () => trailer[stream]);
  }
}
