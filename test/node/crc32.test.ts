/** engine/crc32.ts against Node's zlib.crc32 (the same CRC-32 as gzip's), whole and in pieces. */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../engine/crc32.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 17 + (i >> 3)) & 0xff);

describe('crc32', () => {
  it('matches zlib for every length around the 8-byte steps, and the check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    for (let n = 0; n < 70; n++) expect(crc32(bytes(n, n)), `length ${n}`).toBe(zlibCrc32(bytes(n, n)));
    const big = bytes(1 << 20, 3);
    expect(crc32(big)).toBe(zlibCrc32(big));
  });

  it('goes on from a previous CRC, whatever the split', () => {
    const data = bytes(1000, 9);
    for (const at of [0, 1, 7, 8, 9, 500, 999, 1000]) {
      expect(crc32(data.subarray(at), crc32(data.subarray(0, at)))).toBe(zlibCrc32(data));
    }
  });
});
