/**
 * The worker pool's start-up policy, on a fake host whose workers say
 * 'ready' only when the test lets them: background starts go one at a
 * time, and a process that needs a worker takes one that is starting
 * rather than starting another.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_BYTES } from '../../engine/abi.js';
import type { HostToWorker, WorkerToHost } from '../../engine/protocol.js';
import type { WorkerHandle, WorkerHost } from '../../engine/worker-host.js';
import { WorkerPool } from '../../engine/worker-pool.js';

class FakeWorker {
  onMessage: ((message: WorkerToHost) => void) | undefined;
  onError: ((error: Error) => void) | undefined;
  terminated = false;
  initialised = false;
  channel: SharedArrayBuffer | undefined;
  /** What the worker was sent, in order (a real worker queues it until its script has loaded). */
  readonly posted: string[] = [];

  handle(early?: WorkerHandle['initialised']): WorkerHandle {
    return {
      initialised: early,
      post: (message: HostToWorker) => {
        this.posted.push(message.type);
        if (message.type === 'init') {
          this.initialised = true;
          this.channel = message.channel;
        }
      },
      onMessage: (handler) => (this.onMessage = handler),
      onError: (handler) => (this.onError = handler),
      terminate: () => (this.terminated = true),
      setActive: () => {},
    };
  }

  /** The worker's script has loaded and answered init. */
  ready(): void {
    this.onMessage?.({ type: 'ready' });
  }
}

class FakeHost implements WorkerHost {
  readonly workers: FakeWorker[] = [];
  /** Handed out first, like a page's early workers (web/worker-start.ts). */
  readonly early: WorkerHandle['initialised'][] = [];
  spawn(): WorkerHandle {
    const worker = new FakeWorker();
    this.workers.push(worker);
    return worker.handle(this.early.shift());
  }
  assertUsable(): void {}
  quickjsWasm(): Promise<Uint8Array> {
    return Promise.reject(new Error('not in this test'));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkerPool', () => {
  it('starts background workers one at a time, each when the one before is ready', async () => {
    const host = new FakeHost();
    const pool = new WorkerPool(host, { size: 3 });
    pool.warm();
    pool.warm(); // a second call while one is starting adds nothing
    expect(host.workers).toHaveLength(1);
    expect(host.workers[0]!.initialised).toBe(true);
    expect(pool.stats()).toMatchObject({ idle: 0, starting: 1 });
    host.workers[0]!.ready();
    await settle();
    expect(host.workers).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ idle: 1, starting: 1 });
    host.workers[1]!.ready();
    await settle();
    host.workers[2]!.ready();
    await settle();
    // Full: three idle, nothing more started.
    expect(host.workers).toHaveLength(3);
    expect(pool.stats()).toMatchObject({ idle: 3, starting: 0, busy: 0 });
  });

  it('gives a process the worker that is already starting instead of starting another', async () => {
    const host = new FakeHost();
    const pool = new WorkerPool(host, { size: 2 });
    pool.warm();
    expect(host.workers).toHaveLength(1);
    let acquired = false;
    const acquiring = pool.acquire().then((w) => {
      acquired = true;
      return w;
    });
    await settle();
    expect(host.workers).toHaveLength(1); // no second start for the process
    expect(acquired).toBe(false);
    host.workers[0]!.ready();
    const worker = await acquiring;
    expect(worker.handle).toBeDefined();
    expect(pool.stats().busy).toBe(1);
    await settle();
    // It went to the process, not to the idle list; the pool starts a spare behind it.
    expect(pool.stats()).toMatchObject({ idle: 0, starting: 1 });
    expect(host.workers).toHaveLength(2);
  });

  it('starts one at once for a process when none is idle or starting', async () => {
    const host = new FakeHost();
    const pool = new WorkerPool(host, { size: 0 });
    const acquiring = pool.acquire();
    expect(host.workers).toHaveLength(1);
    host.workers[0]!.ready();
    await acquiring;
    expect(pool.stats().busy).toBe(1);
  });

  it('does not restart a worker that failed to load in the background, and a process waiting for it gets the error', async () => {
    const host = new FakeHost();
    const pool = new WorkerPool(host, { size: 2 });
    pool.warm();
    const acquiring = pool.acquire();
    host.workers[0]!.onError?.(new Error('the worker failed to load'));
    await expect(acquiring).rejects.toThrow('the worker failed to load');
    await settle();
    expect(host.workers[0]!.terminated).toBe(true);
    expect(host.workers).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ idle: 0, busy: 0, starting: 0 });
  });

  it('claim() hands out a starting worker at once, to be posted to before it is ready', async () => {
    const host = new FakeHost();
    const pool = new WorkerPool(host, { size: 2 });
    pool.warm();
    const worker = pool.claim();
    expect(worker.handle).toBeDefined();
    expect(host.workers).toHaveLength(1); // the starting one, not a new one
    worker.handle.post({ type: 'run-program', pid: 1, name: 'sh', argv: ['sh'], env: {}, cwd: '/', memoryBytes: 0 });
    // The program goes after the init, so a worker that reads its messages in order runs it once loaded.
    expect(host.workers[0]!.posted).toEqual(['init', 'run-program']);
    expect(pool.stats()).toMatchObject({ busy: 1, starting: 0 });
    let ready = false;
    void worker.ready.then(() => (ready = true));
    await settle();
    expect(ready).toBe(false);
    expect(host.workers).toHaveLength(1); // the spare starts once this one has loaded, not alongside it
    host.workers[0]!.ready();
    await settle();
    expect(ready).toBe(true);
    expect(pool.stats()).toMatchObject({ busy: 1, starting: 1 });
  });

  it('drops a claimed worker that fails to load, and says so through ready', async () => {
    const host = new FakeHost();
    const pool = new WorkerPool(host, { size: 1 });
    const worker = pool.claim();
    host.workers[0]!.onError?.(new Error('no script'));
    await expect(worker.ready).rejects.toThrow('no script');
    await settle();
    expect(host.workers[0]!.terminated).toBe(true);
    expect(pool.stats()).toMatchObject({ idle: 0, busy: 0, starting: 0 });
  });

  it('keeps the channel of a worker the platform initialised already, and its earlier answer', async () => {
    const host = new FakeHost();
    const channel = new SharedArrayBuffer(DEFAULT_CHANNEL_BYTES);
    host.early.push({ channel, ready: Promise.resolve() }); // its 'ready' came before the pool listened
    const pool = new WorkerPool(host, { size: 1 });
    const worker = await pool.acquire();
    expect(worker.channel).toBe(channel);
    expect(host.workers[0]!.initialised).toBe(false); // no second init
  });

  it('initialises again a worker whose early channel has another size', async () => {
    const host = new FakeHost();
    host.early.push({ channel: new SharedArrayBuffer(1024), ready: Promise.resolve() });
    const pool = new WorkerPool(host, { size: 1 });
    const acquiring = pool.acquire();
    expect(host.workers[0]!.initialised).toBe(true);
    expect(host.workers[0]!.channel?.byteLength).toBe(DEFAULT_CHANNEL_BYTES);
    host.workers[0]!.ready();
    expect((await acquiring).channel.byteLength).toBe(DEFAULT_CHANNEL_BYTES);
  });
});
