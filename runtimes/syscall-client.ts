/**
 * The worker's end of the syscall channel (engine/abi.ts): write a request,
 * wake the kernel, block in Atomics.wait until it answers. Blocking here is
 * the point: guest code is synchronous, and this is how it waits for the
 * kernel without spinning.
 */
import { ChannelState, Slot, Wire, type Op } from '../engine/abi.js';
import { Errno } from '../engine/errno.js';
import { Interrupted } from './program.js';

/** What callers need of a channel: kernel-sys.ts and the in-thread test harness both provide it. */
export interface SyscallTransport {
  readonly request: Wire;
  readonly response: Wire;
  beforeCall: (() => void) | undefined;
  interruptible?: boolean;
  begin(): Wire;
  call(op: Op): number;
  sleep(ms: number): void;
  readonly maxPayload: number;
  /** The signal word (Slot.Signal) without consuming it; for interpreters that poll (QuickJS). */
  peekSignal?(): number;
  holdSignals?<T>(fn: () => T): T;
}

/**
 * When a signal unwinds an interruptible program (as an `Interrupted`
 * throw): at each check, unless signals are held. The client's checks take
 * it from the channel's signal word; the in-thread test transport shares
 * this so that its semantics cannot drift from the real one's.
 */
export class SignalGate {
  /** Whether a signal unwinds the program at all. */
  interruptible = false;
  /** Nesting depth of hold(): while above 0, a signal waits instead of throwing. */
  private held = 0;

  /** `take`: the pending signal, now cleared, or 0 when there is none. */
  constructor(private readonly take: () => number) {}

  /** Throw `Interrupted` if a signal is pending and may be taken now. */
  check(): void {
    if (!this.interruptible || this.held > 0) return;
    const signal = this.take();
    if (signal !== 0) throw new Interrupted(signal);
  }

  /**
   * Run `fn` with signals held, as sigprocmask does: for clean-up whose
   * every call must run (putting saved fds back). A signal that comes
   * meanwhile is thrown once `fn` returns.
   */
  hold<T>(fn: () => T): T {
    this.held++;
    let result: T;
    try {
      result = fn();
    } finally {
      this.held--;
    }
    this.check();
    return result;
  }
}

export class SyscallClient implements SyscallTransport {
  readonly words: Int32Array;
  readonly request: Wire;
  readonly response: Wire;
  /** Called before every syscall, e.g. to flush buffered output first. */
  beforeCall: (() => void) | undefined;
  private readonly signals = new SignalGate(() =>
    Atomics.load(this.words, Slot.Signal) === 0 ? 0 : Atomics.exchange(this.words, Slot.Signal, 0),
  );

  constructor(channel: SharedArrayBuffer) {
    this.words = new Int32Array(channel);
    this.request = new Wire(channel);
    this.response = new Wire(channel);
  }

  /** Start a request: the returned cursor takes the arguments. */
  begin(): Wire {
    this.beforeCall?.();
    return this.request.reset();
  }

  /**
   * Send the request made since begin(); returns the kernel errno, answer in
   * `response`. A signal is taken before a call starts, never after one
   * that did its work: an `open` whose fd was thrown away would leak it.
   * The exception is a blocking call the signal cut short (EINTR), which
   * did nothing.
   */
  call(op: Op): number {
    this.checkSignal();
    const words = this.words;
    Atomics.store(words, Slot.Op, op);
    Atomics.store(words, Slot.State, ChannelState.Request);
    Atomics.notify(words, Slot.State);
    while (Atomics.load(words, Slot.State) === ChannelState.Request) {
      Atomics.wait(words, Slot.State, ChannelState.Request);
    }
    const errno = Atomics.load(words, Slot.Errno);
    Atomics.store(words, Slot.State, ChannelState.Idle);
    this.response.reset();
    if (errno === Errno.EINTR) this.checkSignal();
    return errno;
  }

  /** Whether a signal from the kernel (Slot.Signal) unwinds the program as an `Interrupted` throw. */
  get interruptible(): boolean {
    return this.signals.interruptible;
  }

  set interruptible(on: boolean) {
    this.signals.interruptible = on;
  }

  /** Throw `Interrupted` if the kernel has signalled this program. */
  checkSignal(): void {
    this.signals.check();
  }

  holdSignals<T>(fn: () => T): T {
    return this.signals.hold(fn);
  }

  peekSignal(): number {
    return Atomics.load(this.words, Slot.Signal);
  }

  /** Sleep without spinning: wait on a word nobody notifies. */
  sleep(ms: number): void {
    this.beforeCall?.();
    // An interruptible program waits on the signal word itself: a signal that
    // came before the wait began then ends it at once instead of being missed.
    if (ms > 0) Atomics.wait(this.words, this.interruptible ? Slot.Signal : Slot.Sleep, 0, ms);
    this.checkSignal();
  }

  /** Largest payload one request can carry, leaving room for its other arguments. */
  get maxPayload(): number {
    return this.request.capacity - 64;
  }
}
