/** The kernel's tty device (engine/tty.ts): plumbing around the line discipline. */
import { describe, expect, it } from 'vitest';
import { FileKind } from '../../engine/abi.js';
import { Errno } from '../../engine/errno.js';
import { WOULD_BLOCK } from '../../engine/open-file.js';
import { cfmakeraw } from '../../engine/termios.js';
import { Tty, TtyFile } from '../../engine/tty.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function setup() {
  const signals: [number, string][] = [];
  const tty = new Tty({ rows: 24, cols: 80 }, (pgid, signal) => signals.push([pgid, signal]));
  let shown = '';
  tty.onOutput((data) => (shown += text(data)));
  const read = (max = 8192) => {
    const buf = new Uint8Array(max);
    const n = tty.read(buf);
    return n < 0 ? n : text(buf.subarray(0, n));
  };
  return { tty, signals, shown: () => shown, read };
}

describe('Tty', () => {
  it('echoes typed input, hands a reader whole lines, and maps output newlines', () => {
    const { tty, shown, read } = setup();
    tty.input(bytes('ls'));
    expect(read()).toBe(WOULD_BLOCK);
    expect(tty.readable).toBe(false);
    tty.input(bytes('\r'));
    expect(tty.readable).toBe(true);
    expect(read()).toBe('ls\n');
    expect(tty.write(bytes('a\nb\n'))).toBe(4);
    expect(shown()).toBe('ls\r\na\r\nb\r\n');
  });

  it('sends ^C and ^\\ to the foreground group only; ^Z and a resize signal nobody', () => {
    const { tty, signals, read } = setup();
    tty.input(bytes('\x03'));
    expect(signals).toEqual([]); // no foreground group yet
    tty.foreground = 7;
    tty.input(bytes('half a line\x03'));
    tty.input(bytes('\x1c\x1a'));
    tty.resize({ rows: 10, cols: 20 });
    expect(signals).toEqual([[7, 'SIGINT'], [7, 'SIGQUIT']]);
    expect(tty.size).toEqual({ rows: 10, cols: 20 });
    // ^C dropped the half-typed line.
    tty.input(bytes('x\r'));
    expect(read()).toBe('x\n');
  });

  it('keeps typed bytes the discipline has no room for, and feeds them after a read', () => {
    const { tty, read } = setup();
    const first = `${'a'.repeat(4000)}\r`;
    const second = `${'b'.repeat(300)}\r`;
    tty.input(bytes(first + second));
    tty.input(bytes('c\r'));
    expect(read()).toBe(`${'a'.repeat(4000)}\n`);
    expect(read()).toBe(`${'b'.repeat(300)}\n`);
    expect(read()).toBe('c\n');
  });

  it('raw mode with VMIN 0 never waits; ^D at the start of a line is end of file', () => {
    const { tty, read } = setup();
    tty.input(bytes('\x04'));
    expect(read()).toBe('');
    const raw = cfmakeraw(tty.getAttr());
    raw.cc.VMIN = 0;
    tty.setAttr(raw);
    expect(read()).toBe('');
    tty.input(bytes('\x03q'));
    expect(read()).toBe('\x03q');
  });

  it('after a hang-up reads see end of file and writes fail with EIO', () => {
    const { tty, read } = setup();
    tty.hangUp();
    expect(read()).toBe('');
    expect(tty.write(bytes('x'))).toBe(-Errno.EIO);
    tty.input(bytes('ignored\r'));
    expect(tty.readable).toBe(true);
  });
});

describe('TtyFile', () => {
  it('is a character device; a non-blocking read of an empty tty is EAGAIN', () => {
    const { tty } = setup();
    const file = new TtyFile(tty);
    const st = file.stat();
    expect(st.kind).toBe(FileKind.CharDevice);
    expect(file.kind).toBe(FileKind.CharDevice);
    expect(file.read(new Uint8Array(4))).toBe(WOULD_BLOCK);
    file.nonblock = true;
    expect(file.read(new Uint8Array(4))).toBe(-Errno.EAGAIN);
    expect(file.pollRead()).toBe(false);
    expect(file.write(bytes('hi'))).toBe(2);
  });
});
