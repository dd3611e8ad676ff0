/**
 * The kernel's end of one worker's channel (abi.ts). It waits with
 * Atomics.waitAsync, so the host thread never blocks, and serves one request
 * at a time. A handler answers with an errno at once, or with `Blocked` to
 * answer later (an empty pipe, a full pipe, a poll): the worker stays in
 * Atomics.wait meanwhile, and stop() cancels the wait without answering.
 */
import { ChannelState, Slot, Wire } from './abi.js';
import { Errno } from './errno.js';
import type { Unsubscribe, Waitable } from './waitable.js';

export interface Blocked {
  waitOn: Waitable[];
  /** Try again; `timedOut` is true once `timeoutMs` has passed. */
  retry(timedOut: boolean): number | Blocked;
  timeoutMs?: number;
}

export type SyscallHandler = (op: number, request: Wire, response: Wire) => number | Blocked;

export class SyscallServer {
  private readonly state: Int32Array;
  private readonly request: Wire;
  private readonly response: Wire;
  private stopped = false;
  private unsubscribes: Unsubscribe[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryQueued = false;
  /** Syscalls served, for stats and tests. */
  served = 0;

  constructor(
    channel: SharedArrayBuffer,
    private readonly handler: SyscallHandler,
  ) {
    this.state = new Int32Array(channel);
    this.request = new Wire(channel);
    this.response = new Wire(channel);
  }

  start(): void {
    this.listen();
  }

  /** Stop serving; a blocked request is abandoned (its worker is being terminated or has exited). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelWait();
    // Wake our own pending waitAsync so it does not linger until the next notify.
    Atomics.notify(this.state, Slot.State);
  }

  /** Answer a blocked call at once with `errno` (EINTR when a signal interrupts it). */
  interrupt(errno: number): void {
    if (this.stopped || this.current === undefined) return;
    this.cancelWait();
    this.settle(errno);
  }

  get blocked(): boolean {
    return this.current !== undefined;
  }

  private listen(): void {
    while (!this.stopped) {
      const current = Atomics.load(this.state, Slot.State);
      if (current === ChannelState.Request) {
        this.serve();
        return;
      }
      const wait = Atomics.waitAsync(this.state, Slot.State, current);
      if (wait.async) {
        void wait.value.then(() => this.listen());
        return;
      }
      // 'not-equal': the state moved on between load and wait; look again.
    }
  }

  private serve(): void {
    this.served++;
    const op = Atomics.load(this.state, Slot.Op);
    this.request.reset();
    this.response.reset();
    let result: number | Blocked;
    try {
      result = this.handler(op, this.request, this.response);
    } catch (error) {
      // A kernel bug must not hang the guest: answer EIO and keep serving.
      console.error('wasmbox: syscall', op, 'threw', error);
      result = 5;
    }
    this.settle(result);
  }

  private settle(result: number | Blocked): void {
    if (this.stopped) return;
    if (typeof result === 'number') {
      this.state[Slot.Errno] = result;
      Atomics.store(this.state, Slot.State, ChannelState.Response);
      Atomics.notify(this.state, Slot.State);
      this.listen();
      return;
    }
    this.block(result);
  }

  private current: Blocked | undefined;

  private block(blocked: Blocked): void {
    if (Atomics.load(this.state, Slot.Signal) !== 0) {
      // A signal came for an interruptible program between two of its calls
      // (engine/kernel.ts interrupt): this call must not wait for it, or the
      // program would only see the signal after the wait ends. EINTR, as a
      // blocking call with a signal pending gets.
      this.cancelWait();
      this.settle(Errno.EINTR);
      return;
    }
    this.current = blocked;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = blocked.waitOn.map((w) => w.subscribe(() => this.wake(false)));
    // The deadline is set once, when the call first blocks, and kept across retries.
    if (this.timer === undefined && blocked.timeoutMs !== undefined && blocked.timeoutMs >= 0) {
      this.timer = setTimeout(() => this.wake(true), blocked.timeoutMs);
    }
  }

  private wake(timedOut: boolean): void {
    if (this.stopped || this.current === undefined) return;
    if (timedOut) {
      this.timer = undefined;
      this.finish(true);
      return;
    }
    if (this.retryQueued) return;
    this.retryQueued = true;
    // Retry outside the notifier's call stack: it is usually in another syscall.
    queueMicrotask(() => {
      this.retryQueued = false;
      if (!this.stopped && this.current !== undefined) this.finish(false);
    });
  }

  private finish(timedOut: boolean): void {
    const blocked = this.current!;
    this.response.reset();
    let next: number | Blocked;
    try {
      next = blocked.retry(timedOut);
    } catch (error) {
      console.error('wasmbox: blocked syscall retry threw', error);
      next = 5;
    }
    if (typeof next !== 'number') {
      this.block(next);
      return;
    }
    this.cancelWait();
    this.settle(next);
  }

  private cancelWait(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
    this.current = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
