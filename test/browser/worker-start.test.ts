/**
 * Workers started before the library (web/worker-start.ts): the first
 * sandbox's pool takes them before it starts its own, a page that cannot
 * run wasmbox starts none, and a failure before the pool took one still
 * reaches the pool.
 */
import { describe, expect, it } from 'vitest';
import { WebWorkerHost } from '../../web/host.js';
import { startWorkersEarly, takeEarlyWorker } from '../../web/worker-start.js';
import { Sandbox } from '../../web/index.js';
import { DEFAULT_CHANNEL_BYTES } from '../../engine/abi.js';

describe('startWorkersEarly', () => {
  it('starts workers that the host hands out first, oldest first', () => {
    startWorkersEarly(2);
    const a = takeEarlyWorker();
    const b = takeEarlyWorker();
    expect(a?.worker).toBeInstanceOf(Worker);
    expect(b?.worker).toBeInstanceOf(Worker);
    expect(a?.worker).not.toBe(b?.worker);
    expect(takeEarlyWorker()).toBeUndefined();
    // Each was sent its init at once, with a channel the pool's size.
    expect(a?.initialised.channel.byteLength).toBe(DEFAULT_CHANNEL_BYTES);
    expect(a?.initialised.channel).not.toBe(b?.initialised.channel);
    a?.worker.terminate();
    b?.worker.terminate();
  });

  it('refuses a count that is not a non-negative integer, and starts nothing for 0', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2' as unknown as number]) {
      expect(() => startWorkersEarly(bad)).toThrow(RangeError);
    }
    startWorkersEarly(0);
    expect(takeEarlyWorker()).toBeUndefined();
  });

  it('keeps at most 8 waiting', () => {
    startWorkersEarly(20);
    const taken = [];
    for (let w = takeEarlyWorker(); w; w = takeEarlyWorker()) taken.push(w);
    expect(taken).toHaveLength(8);
    for (const w of taken) w.worker.terminate();
  });

  it('has an early worker ready (answered its init) without the pool', async () => {
    startWorkersEarly(1);
    const early = takeEarlyWorker();
    await expect(early?.initialised.ready).resolves.toBeUndefined();
    early?.worker.terminate();
  });

  it('gives the first sandbox an early worker, which runs its first command', async () => {
    startWorkersEarly(1);
    const sb = await Sandbox.create();
    try {
      // The pool took it (it starts its background workers through the same host).
      expect(takeEarlyWorker()).toBeUndefined();
      const r = await sb.exec('echo early');
      expect(r.stdout).toBe('early\n');
    } finally {
      await sb.close();
    }
  });

  it('reports a failure that happened before the pool took the worker', async () => {
    const worker = new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' })));
    const host = new WebWorkerHost(() => ({ worker, failure: new Error('the worker failed to load') }));
    const handle = host.spawn();
    const error = await new Promise<Error>((resolve) => handle.onError(resolve));
    expect(error.message).toBe('the worker failed to load');
    handle.terminate();
  });
});
