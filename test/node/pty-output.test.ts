/** What a pty keeps of its output (engine/pty-output.ts): the scrollback and the agent calls' unread output. */
import { describe, expect, it } from 'vitest';
import { ByteTail, PendingOutput, droppedMarker } from '../../engine/pty-output.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('ByteTail', () => {
  it('keeps the latest bytes across chunks, cutting inside the oldest one', () => {
    const tail = new ByteTail(5);
    tail.push(bytes('abc'));
    tail.push(bytes('defg'));
    expect(text(tail.bytes())).toBe('cdefg');
    tail.push(bytes('0123456789'));
    expect(text(tail.bytes())).toBe('56789');
    expect(tail.length).toBe(5);
    tail.clear();
    expect(tail.bytes().byteLength).toBe(0);
    const none = new ByteTail(0);
    none.push(bytes('x'));
    expect(none.length).toBe(0);
  });
});

describe('PendingOutput', () => {
  it('hands out everything when it fits, then only what is new', () => {
    const p = new PendingOutput(8);
    p.push(bytes('hello '));
    p.push(bytes('world'));
    expect(p.take(16)).toBe('hello world');
    expect(p.take(16)).toBe('');
    p.push(bytes('again'));
    expect(p.take(5)).toBe('again');
  });

  it('cuts the middle past the cap and says how many bytes were dropped', () => {
    const p = new PendingOutput(10);
    for (let i = 0; i < 10; i++) p.push(bytes(`${i}`.repeat(10)));
    // 100 bytes, cap 8: the first 4 and the last 4.
    expect(p.take(8)).toBe(`0000${droppedMarker(92)}9999`);
  });

  it('is exact when head and tail overlap (less than twice the half kept)', () => {
    const p = new PendingOutput(10);
    p.push(bytes('abcdefghijklmno')); // 15 bytes: head keeps 10, tail the last 10
    expect(p.take(20)).toBe('abcdefghijklmno');
    p.push(bytes('abcdefghijklmno'));
    expect(p.take(6)).toBe(`abc${droppedMarker(9)}mno`);
  });

  it('never splits a UTF-8 character: not at a cut, and not between two takes', () => {
    const p = new PendingOutput(64);
    p.push(bytes('€€€€€€')); // 18 bytes
    const cut = p.take(8);
    expect(cut).toBe(`€${droppedMarker(12)}€`);
    const euro = bytes('€');
    p.push(euro.subarray(0, 1));
    expect(p.take(10)).toBe('');
    p.push(euro.subarray(1));
    expect(p.take(10)).toBe('€');
  });
});
