// Replays the cases recorded from a Linux pty (test/line-discipline/,
// recorded by record.py) through LineDiscipline. Shared by the Node test
// (test/node/line-discipline.test.ts) and the Chromium one
// (test/browser/line-discipline.test.ts): the discipline is platform-free
// and must give the same bytes in both.
import { expect, it } from 'vitest';
import { LineDiscipline, type TtyEvent } from '../../engine/line-discipline.js';
import { parseTermios, type Termios } from '../../engine/termios.js';
import expectedJson from '../line-discipline/expected.json';

type Bytes = number[];
interface Step {
  in?: string | Bytes;
  out?: string | Bytes;
  times?: number;
  read?: number;
  poll?: boolean;
  stty?: string[];
  resize?: [number, number];
  termios?: Termios;
  master: Bytes;
  signals: string[];
  result?: Bytes | 'EAGAIN';
  readable?: boolean;
}
export interface RecordedCase {
  name: string;
  stty: string[];
  termios: Termios;
  steps: Step[];
}

export const recorded = expectedJson as unknown as { recordedOn: string; cases: RecordedCase[] };

const stepBytes = (v: string | Bytes, times = 1): Uint8Array => {
  const one = typeof v === 'string' ? new TextEncoder().encode(v) : Uint8Array.from(v);
  const all = new Uint8Array(one.length * times);
  for (let i = 0; i < times; i++) all.set(one, i * one.length);
  return all;
};
/** Linux has no VERASE2: replay with it disabled. */
const linux = (t: Termios): Termios => parseTermios({ ...t, cc: { ...t.cc, VERASE2: 0 } });
const signalsOf = (events: TtyEvent[]) => events.map((e) => e.signal);
const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/**
 * The parts of a kernel tty the replay needs: input the discipline did not
 * accept waits (like Linux's flip buffer) and is offered again after each
 * step; a non-blocking read with nothing there is EAGAIN, except in
 * non-canonical mode with VMIN 0 and VTIME 0, where read(2) returns 0 bytes.
 */
function replay(c: RecordedCase): Partial<Step>[] {
  const ld = new LineDiscipline({ termios: linux(c.termios) });
  let pending: Uint8Array = new Uint8Array(0);
  const offer = (bytes: Uint8Array) => {
    const all = concat(pending, bytes);
    const r = ld.receive(all);
    pending = all.slice(r.accepted);
    return r;
  };
  return c.steps.map((step) => {
    const got: Partial<Step> = {};
    let master: Uint8Array = new Uint8Array(0);
    let signals: string[] = [];
    if (step.in !== undefined) {
      const r = offer(stepBytes(step.in, step.times));
      master = r.output;
      signals = signalsOf(r.events);
    } else if (step.out !== undefined) {
      master = ld.write(stepBytes(step.out, step.times));
    } else if (step.read !== undefined) {
      const bytes = ld.read(step.read);
      const { lflag, cc } = ld.getAttr();
      const zeroRead = !lflag.ICANON && cc.VMIN === 0 && cc.VTIME === 0;
      got.result = bytes ? Array.from(bytes) : zeroRead ? [] : 'EAGAIN';
    } else if (step.poll !== undefined) {
      got.readable = ld.readable;
    } else if (step.stty !== undefined) {
      master = ld.setAttr(linux(step.termios!));
    } else if (step.resize !== undefined) {
      signals = signalsOf(ld.resize({ rows: step.resize[0], cols: step.resize[1] }));
    }
    if (pending.length > 0 && step.in === undefined) {
      const r = offer(new Uint8Array(0));
      master = concat(master, r.output);
      signals.push(...signalsOf(r.events));
    }
    return { ...got, master: Array.from(master), signals };
  });
}

/** Byte arrays as Latin-1 strings, so a diff shows "\r\n" rather than 13, 10. */
function render(s: Partial<Step>): Record<string, unknown> {
  const text = (b: Bytes) => String.fromCharCode(...b);
  const out: Record<string, unknown> = { master: text(s.master ?? []), signals: s.signals };
  if ('result' in s) out.result = Array.isArray(s.result) ? text(s.result) : s.result;
  if ('readable' in s) out.readable = s.readable;
  return out;
}

/** One `it` per recorded case, compared step by step so a failure names the step. */
export function replayRecordedCases(): void {
  it('has at least 40 recorded cases', () => {
    expect(recorded.cases.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of recorded.cases) {
    it(c.name, () => {
      const actual = replay(c);
      c.steps.forEach((step, i) => {
        const expected: Partial<Step> = { master: step.master, signals: step.signals };
        if ('result' in step) expected.result = step.result;
        if ('readable' in step) expected.readable = step.readable;
        expect({ step: i, ...render(actual[i]) }).toEqual({ step: i, ...render(expected) });
      });
    });
  }
}
