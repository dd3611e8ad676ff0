/**
 * A pool of started workers. Starting a worker costs tens of milliseconds;
 * running a program in a started one costs about one (DESIGN.md), so the pool
 * keeps `size` idle workers ready. A worker whose process exited normally is
 * reused; a terminated one is replaced. One pool serves every sandbox of a
 * platform entry: it holds no sandbox state.
 */
import { DEFAULT_CHANNEL_BYTES } from './abi.js';
import type { WorkerToHost } from './protocol.js';
import type { WorkerHandle, WorkerHost } from './worker-host.js';

export class PooledWorker {
  readonly channel: SharedArrayBuffer;
  readonly ready: Promise<void>;
  /** Where this worker's messages go while a process runs in it. */
  owner: ((message: WorkerToHost) => void) | undefined;
  ownerError: ((error: Error) => void) | undefined;
  dead = false;
  /** Set by the pool: called when the worker dies while no process owns it. */
  idleDeath: (() => void) | undefined;

  constructor(
    readonly handle: WorkerHandle,
    channelBytes: number,
  ) {
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // Keep a rejected `ready` from surfacing as unhandled when nobody awaits it.
    this.ready.catch(() => {});
    handle.onMessage((message) => {
      if (message.type === 'ready') resolveReady();
      else this.owner?.(message);
    });
    handle.onError((error) => {
      this.dead = true;
      rejectReady(error);
      if (this.ownerError) this.ownerError(error);
      else this.idleDeath?.();
    });
    // A worker the platform initialised already (its 'ready' may have come before this listener) keeps its channel.
    const early = handle.initialised;
    if (early && early.channel.byteLength === channelBytes) {
      this.channel = early.channel;
      early.ready.then(resolveReady, rejectReady);
    } else {
      this.channel = new SharedArrayBuffer(channelBytes);
      handle.post({ type: 'init', channel: this.channel });
    }
  }
}

export interface PoolOptions {
  /** Idle workers kept started (default 2). */
  size?: number;
  channelBytes?: number;
}

/** Idle workers kept ready even when `size` are busy, so a new process rarely waits for a worker to start. */
const MIN_SPARE = 2;

export class WorkerPool {
  private size: number;
  private readonly channelBytes: number;
  private readonly idle: PooledWorker[] = [];
  private readonly busy = new Set<PooledWorker>();
  /** The one worker warm() is starting in the background, until it is ready or acquire() claims it. */
  private warming: PooledWorker | undefined;

  constructor(
    /** Also where the kernel gets platform assets such as QuickJS's wasm. */
    readonly host: WorkerHost,
    options: PoolOptions = {},
  ) {
    this.size = options.size ?? 8;
    this.channelBytes = options.channelBytes ?? DEFAULT_CHANNEL_BYTES;
  }

  resize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > 64) throw new RangeError(`pool size must be an integer from 0 to 64, got ${size}`);
    this.size = size;
    while (this.idle.length > size) this.idle.pop()!.handle.terminate();
  }

  /**
   * Start workers until `size` are idle, starting or busy (a busy worker
   * comes back when its process ends normally), keeping at least
   * MIN_SPARE ready beyond the busy ones. Counting the busy ones matters:
   * starting a replacement for every acquired worker and terminating the
   * surplus on release costs a worker start (~70 ms of CPU) per process.
   *
   * One at a time: each start parses the worker bundle, and several at
   * once compete for the cores with the processes that are running (on a
   * 2-core machine, eight starting together delayed a page's first shell
   * prompt by ~300 ms). The next starts when the previous is ready.
   */
  warm(): void {
    if (this.warming) return;
    const ready = this.idle.length;
    if (ready >= MIN_SPARE && ready + this.busy.size >= this.size) return;
    const worker = this.create();
    this.warming = worker;
    worker.ready.then(
      () => {
        if (this.warming !== worker) return; // acquire() took it while it started
        this.warming = undefined;
        if (this.idle.length < this.size) this.idle.push(worker);
        else worker.handle.terminate();
        this.warm();
      },
      () => {
        // Not started again here: a worker that cannot load (a missing script) would fail in a loop; acquire() reports it.
        if (this.warming === worker) this.warming = undefined;
        worker.handle.terminate();
      },
    );
  }

  /** A worker for a process, once it is ready; rejects when it fails to load. */
  async acquire(): Promise<PooledWorker> {
    const worker = this.claim();
    await worker.ready;
    return worker;
  }

  /**
   * A worker for a process at once, ready or still starting. A worker
   * takes its messages in order, so a program posted to it now starts the
   * moment its script has loaded, with no round trip through the host's
   * event loop, which on a page is often busy just then (issue 7: ~60 ms).
   * `ready` says whether it loaded; one that fails is dropped from the pool.
   */
  claim(): PooledWorker {
    this.host.assertUsable();
    let worker = this.idle.pop();
    while (worker?.dead) worker = this.idle.pop();
    // Else the one that is already starting is the nearest to ready.
    if (!worker && this.warming) {
      worker = this.warming;
      this.warming = undefined;
    }
    worker ??= this.create();
    this.busy.add(worker);
    // Someone waits for it: it must keep the host alive (Node) while it starts and runs.
    worker.handle.setActive(true);
    const claimed = worker;
    claimed.ready.then(
      () => this.warm(),
      () => {
        this.busy.delete(claimed);
        claimed.handle.terminate();
      },
    );
    return worker;
  }

  /** Give back a worker whose process ended normally: it is clean and can run again. */
  release(worker: PooledWorker): void {
    this.busy.delete(worker);
    worker.owner = undefined;
    worker.ownerError = undefined;
    worker.handle.setActive(false);
    if (!worker.dead && this.idle.length < this.size) this.idle.push(worker);
    else worker.handle.terminate();
  }

  /** Terminate a worker (a signal, a timeout, a crash) and start a replacement. */
  discard(worker: PooledWorker): void {
    this.busy.delete(worker);
    worker.owner = undefined;
    worker.ownerError = undefined;
    worker.dead = true;
    worker.handle.terminate();
    this.warm();
  }

  stats(): { idle: number; busy: number; starting: number; size: number } {
    return { idle: this.idle.length, busy: this.busy.size, starting: this.warming ? 1 : 0, size: this.size };
  }

  private create(): PooledWorker {
    const worker = new PooledWorker(this.host.spawn(), this.channelBytes);
    worker.handle.setActive(false);
    // A worker that dies while idle must never be handed to a process: drop it and start another.
    worker.idleDeath = () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) {
        this.idle.splice(i, 1);
        worker.handle.terminate();
        this.warm();
      }
    };
    return worker;
  }
}
