/**
 * The kernel's store of HTTP bodies in transit (engine/edge-bodies.ts): the
 * parts of a big body handed to the guest, the parts a guest stages, and
 * the errors a confused or hostile guest gets.
 */
import { describe, expect, it } from 'vitest';
import { BodyStore } from '../../engine/edge-bodies.js';
import { Errno } from '../../engine/errno.js';
import { MAX_BODY_BYTES } from '../../engine/http-wire.js';

const bytes = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i + seed) & 0xff);

describe('BodyStore', () => {
  it('sends a body that fits inline with no id', () => {
    const store = new BodyStore();
    const body = bytes(10);
    expect(store.offer(body, 10)).toEqual({ inline: body, id: 0 });
  });

  it('hands out the rest of a big body by offset, and forgets it after the last byte', () => {
    const store = new BodyStore();
    const body = bytes(25);
    const { inline, id } = store.offer(body, 10);
    expect([...inline]).toEqual([...body.subarray(0, 10)]);
    expect(id).toBeGreaterThan(0);
    expect([...(store.read(id, 10, 10) as Uint8Array)]).toEqual([...body.subarray(10, 20)]);
    expect([...(store.read(id, 20, 10) as Uint8Array)]).toEqual([...body.subarray(20, 25)]);
    expect(store.read(id, 25, 10)).toBe(-Errno.EBADF);
  });

  it('refuses unknown ids and offsets outside the body', () => {
    const store = new BodyStore();
    const { id } = store.offer(bytes(100), 10);
    expect(store.read(id + 1, 0, 10)).toBe(-Errno.EBADF);
    expect(store.read(id, -1, 10)).toBe(-Errno.EINVAL);
    expect(store.read(id, 101, 10)).toBe(-Errno.EINVAL);
    expect(store.read(id, 0.5, 10)).toBe(-Errno.EINVAL);
  });

  it('assembles a staged body with its tail, checking the length', () => {
    const store = new BodyStore();
    const id = store.append(0, bytes(4, 0));
    expect(id).toBeGreaterThan(0);
    expect(store.append(id, bytes(4, 4))).toBe(id);
    expect([...(store.take(id, bytes(2, 8), 10) as Uint8Array)]).toEqual([...bytes(10)]);
    // Taken: the id is gone.
    expect(store.take(id, bytes(0), 0)).toBe(-Errno.EBADF);
    const other = store.append(0, bytes(3));
    expect(store.take(other, bytes(1), 99)).toBe(-Errno.EINVAL);
    expect([...(store.take(0, bytes(3), 3) as Uint8Array)]).toEqual([0, 1, 2]);
  });

  it('refuses to stage past the body limit or into an unknown id', () => {
    const store = new BodyStore();
    expect(store.append(12345, bytes(1))).toBe(-Errno.EBADF);
    const chunk = new Uint8Array(16 * 1024 * 1024);
    let id = 0;
    for (let sent = 0; sent < MAX_BODY_BYTES; sent += chunk.byteLength) id = store.append(id, chunk);
    expect(id).toBeGreaterThan(0);
    expect(store.append(id, bytes(1))).toBe(-Errno.EFBIG);
    // The inline tail counts too.
    expect(store.take(id, bytes(1), MAX_BODY_BYTES + 1)).toBe(-Errno.EFBIG);
  });

  it('caps what one process holds across bodies', () => {
    const store = new BodyStore();
    const chunk = new Uint8Array(16 * 1024 * 1024);
    const ids = [0, 0, 0];
    let refused = false;
    for (let round = 0; round < 4 && !refused; round++) {
      for (let b = 0; b < ids.length; b++) {
        const r = store.append(ids[b]!, chunk);
        if (r < 0) {
          expect(r).toBe(-Errno.EFBIG);
          refused = true;
          break;
        }
        ids[b] = r;
      }
    }
    expect(refused).toBe(true);
    store.clear();
    expect(store.append(0, chunk)).toBeGreaterThan(0);
  });
});
