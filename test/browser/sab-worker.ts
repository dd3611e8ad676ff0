// Module worker for test/browser/environment.test.ts: proves a worker can get a
// SharedArrayBuffer from the page and block in Atomics.wait until notified.
// Protocol on Int32Array(sab): [0] = the word the worker waits on (stays 0),
// [1] = result the page waits on with Atomics.waitAsync.
//   1 -> Atomics.wait returned 'ok' (woken by the page's Atomics.notify)
//   2 -> 'not-equal', 3 -> 'timed-out'
const WAIT_RESULT = { ok: 1, 'not-equal': 2, 'timed-out': 3 } as const;

self.onmessage = (event: MessageEvent<{ sab: SharedArrayBuffer }>) => {
  const i32 = new Int32Array(event.data.sab);
  self.postMessage({
    type: 'ready',
    crossOriginIsolated: self.crossOriginIsolated,
    isShared: event.data.sab instanceof SharedArrayBuffer,
  });
  const result = Atomics.wait(i32, 0, 0, 10_000);
  Atomics.store(i32, 1, WAIT_RESULT[result]);
  Atomics.notify(i32, 1);
};
