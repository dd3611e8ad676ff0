/**
 * One edge handler: a module at `entry`, served by one long-lived process
 * (runtimes/quickjs/serve.ts) that loads the module once and answers
 * requests one at a time, in order (engine/edge-channel.ts). This class
 * owns that process's lifetime: it starts it on the first request, starts
 * a new one after it ends, and turns every way a request can end into a
 * result:
 * - the handler's response, or the message of what it threw;
 * - `timeout`: no answer within the request's timeout, counted from when
 *   the process takes the request; the process is killed;
 * - `crashed`: the process ended while handling the request (killed, out of
 *   memory, an exit() in the handler);
 * - a rejected promise (EdgeFunctionError) when the module cannot be
 *   loaded or has no default export with a fetch method.
 * Requests queued behind one that timed out or crashed go to the next
 * process.
 */
import { EdgeChannel, type EdgeAnswer, type EdgeRequest, type QueuedRequest } from './edge-channel.js';
import { EdgeState } from './edge-calls.js';
import { EdgeFunctionError, SandboxClosedError } from './errors.js';
import type { KernelProcess } from './kernel.js';

export type EdgeResult = EdgeAnswer | { kind: 'timeout'; timeoutMs: number } | { kind: 'crashed'; message: string };

export interface EdgeProcessHost {
  /** Create, register and start a serving process for `entry` with this state; rejects if it cannot start. */
  start(state: EdgeState): Promise<{ proc: KernelProcess; id: string }>;
  kill(proc: KernelProcess): void;
}

/** After close(), how long a process that was asked to exit gets before it is killed. */
const EXIT_GRACE_MS = 1000;

class PendingRequest implements QueuedRequest {
  private settled = false;
  timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: number,
    readonly request: EdgeRequest,
    readonly timeoutMs: number,
    private readonly resolve: (result: EdgeResult) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  get done(): boolean {
    return this.settled;
  }

  answer(answer: EdgeAnswer): void {
    this.finish(answer);
  }

  finish(result: EdgeResult): void {
    if (this.settle()) this.resolve(result);
  }

  fail(error: Error): void {
    if (this.settle()) this.reject(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    return true;
  }
}

/** One serving process and what happened to it. */
interface Generation {
  channel: EdgeChannel;
  proc: KernelProcess | undefined;
  processId: string | undefined;
  ended: boolean;
  loadError: string | undefined;
  /** Requests this process has taken. */
  taken: number;
}

export class EdgeFunction {
  private current: Generation | undefined;
  private nextId = 1;
  private closed = false;

  constructor(
    readonly entry: string,
    private readonly host: EdgeProcessHost,
  ) {}

  /** Whether a live process is serving (the handler is warm). */
  get warm(): boolean {
    return this.current !== undefined && this.current.proc !== undefined && !this.current.ended;
  }

  handle(request: EdgeRequest, timeoutMs: number): Promise<EdgeResult> {
    if (this.closed) return Promise.reject(new SandboxClosedError());
    return new Promise((resolve, reject) => {
      this.generation().channel.enqueue(new PendingRequest(this.nextId++, request, timeoutMs, resolve, reject));
    });
  }

  /** Let the process exit once it has answered what it holds (used for `warm: false`). */
  retire(): void {
    const gen = this.current;
    this.closed = true;
    if (!gen) return;
    gen.channel.close();
    const timer = setTimeout(() => gen.proc && this.host.kill(gen.proc), EXIT_GRACE_MS);
    void gen.proc?.exited.then(() => clearTimeout(timer));
  }

  /** End the process now; pending requests reject with SandboxClosedError. */
  close(): void {
    this.closed = true;
    const gen = this.current;
    if (!gen) return;
    gen.channel.close();
    for (const q of this.unanswered(gen)) q.fail(new SandboxClosedError());
    if (gen.proc) this.host.kill(gen.proc);
  }

  private generation(): Generation {
    if (this.current && !this.current.ended) return this.current;
    const gen: Generation = {
      channel: new EdgeChannel({
        started: (q) => this.started(gen, q as PendingRequest),
        loadFailed: (message) => {
          gen.loadError = message;
        },
      }),
      proc: undefined,
      processId: undefined,
      ended: false,
      loadError: undefined,
      taken: 0,
    };
    this.current = gen;
    this.host.start(new EdgeState(gen.channel)).then(
      ({ proc, id }) => {
        gen.proc = proc;
        gen.processId = id;
        if (this.closed && this.current === gen && gen.channel.current === undefined) gen.channel.close();
        void proc.exited.then(() => this.ended(gen));
      },
      (error: Error) => {
        gen.ended = true;
        if (this.current === gen) this.current = undefined;
        for (const q of this.unanswered(gen)) q.fail(error);
      },
    );
    return gen;
  }

  private started(gen: Generation, q: PendingRequest): void {
    gen.taken++;
    q.timer = setTimeout(() => {
      q.finish({ kind: 'timeout', timeoutMs: q.timeoutMs });
      if (gen.proc) this.host.kill(gen.proc);
    }, q.timeoutMs);
  }

  private ended(gen: Generation): void {
    gen.ended = true;
    if (this.current === gen) this.current = undefined;
    const inFlight = gen.channel.current as PendingRequest | undefined;
    const queued = gen.channel.drain() as PendingRequest[];
    if (gen.loadError !== undefined) {
      const error = new EdgeFunctionError(this.entry, gen.loadError);
      for (const q of [inFlight, ...queued]) q?.fail(error);
      return;
    }
    if (this.closed && !this.retiredCleanly(gen)) {
      for (const q of [inFlight, ...queued]) q?.fail(new SandboxClosedError());
      return;
    }
    const message = `the edge function's process (${gen.processId}) ${describeEnd(gen.proc!)} before answering`;
    inFlight?.finish({ kind: 'crashed', message });
    // A process that died before taking anything would die again: the first request waiting gets the 502.
    if (gen.taken === 0 && queued.length > 0) queued.shift()!.finish({ kind: 'crashed', message });
    const rest = queued.filter((q) => !q.done);
    if (rest.length === 0) return;
    const next = this.generation();
    for (const q of rest) next.channel.enqueue(q);
  }

  /** A retired process that exited by itself after answering everything. */
  private retiredCleanly(gen: Generation): boolean {
    return gen.proc?.state === 'succeeded' && gen.channel.current === undefined;
  }

  private unanswered(gen: Generation): PendingRequest[] {
    const inFlight = gen.channel.current as PendingRequest | undefined;
    return [...(inFlight ? [inFlight] : []), ...(gen.channel.drain() as PendingRequest[])];
  }
}

function describeEnd(proc: KernelProcess): string {
  if (proc.signal !== null) return `was killed (${proc.signal})`;
  return `exited with status ${proc.exitCode}`;
}
