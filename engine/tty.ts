/**
 * A terminal device (POSIX XBD 11 "General Terminal Interface"), the pair
 * a pseudo-terminal gives: the host side (the master: what a terminal
 * emulator or the API writes and reads) and the program side (the slave:
 * fds 0-2 of the processes on it, a TtyFile here). Bytes typed on the host
 * side go through the line discipline's input processing (editing, echo,
 * ^C); what programs write goes through its output processing (ONLCR) and
 * out to the host's listeners. The discipline itself is a state machine
 * over bytes (engine/line-discipline.ts); this file is the plumbing around
 * it: blocking reads, process groups and signals.
 */
import { FileKind, type StatInfo } from './abi.js';
import { Errno } from './errno.js';
import { LineDiscipline, type TtySignal } from './line-discipline.js';
import { OpenFile, WOULD_BLOCK } from './open-file.js';
import type { SignalName } from './signals.js';
import type { Termios, WindowSize } from './termios.js';
import { Notifier, type Unsubscribe } from './waitable.js';

/** How a tty reaches the kernel's process table: deliver a signal to a process group. */
export type GroupSignaller = (pgid: number, signal: SignalName) => void;

export class Tty extends Notifier {
  private readonly discipline: LineDiscipline;
  private readonly sinks = new Set<(data: Uint8Array<ArrayBuffer>) => void>();
  /** Typed bytes the discipline had no room for yet (a full input buffer): offered again after each read. */
  private backlog: Uint8Array[] = [];
  /** The foreground process group (tcsetpgrp): where ^C and ^\ go. 0 before any is set. */
  foreground = 0;
  /** The host side has gone (a closed terminal): reads see end of file, writes fail with EIO. */
  hungUp = false;

  constructor(
    size: WindowSize,
    private readonly signalGroup: GroupSignaller,
  ) {
    super();
    this.discipline = new LineDiscipline({ size });
  }

  get size(): WindowSize {
    return this.discipline.size;
  }

  /**
   * The host resized the terminal; running programs see it through the
   * window-size call. The discipline's SIGWINCH is not delivered: every
   * signal here ends a worker, and SIGWINCH's default action is to be
   * ignored (signal(7)).
   */
  resize(size: WindowSize): void {
    this.discipline.resize(size);
  }

  getAttr(): Termios {
    return this.discipline.getAttr();
  }

  setAttr(termios: Termios): void {
    this.emit(this.discipline.setAttr(termios));
    // Leaving canonical mode can make buffered input readable at once.
    this.notify();
  }

  /** The host side's output: every byte the programs (and the echo) send to the terminal, in a fresh array per call. */
  onOutput(sink: (data: Uint8Array<ArrayBuffer>) => void): Unsubscribe {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Bytes typed at the terminal. */
  input(data: Uint8Array): void {
    if (this.hungUp || data.byteLength === 0) return;
    if (this.backlog.length > 0) {
      // Typed bytes keep their order behind what is still waiting for room.
      this.backlog.push(data.slice());
      return;
    }
    this.receive(data);
  }

  private receive(data: Uint8Array): void {
    const result = this.discipline.receive(data);
    if (result.accepted < data.byteLength) this.backlog.unshift(data.slice(result.accepted));
    this.emit(result.output);
    for (const event of result.events) this.deliver(event.signal);
    this.notify();
  }

  /**
   * ^C and ^\ end the foreground group's processes (an interactive shell
   * catches them instead). ^Z's SIGTSTP would stop the job, and a worker
   * cannot be stopped and resumed, so it is ignored, like SIGWINCH.
   */
  private deliver(signal: TtySignal): void {
    if (signal !== 'SIGINT' && signal !== 'SIGQUIT') return;
    if (this.foreground !== 0) this.signalGroup(this.foreground, signal);
  }

  /** After a read made room: feed the discipline what was waiting. */
  private drainBacklog(): void {
    while (this.backlog.length > 0) {
      const next = this.backlog.shift()!;
      const before = this.backlog.length;
      this.receive(next);
      if (this.backlog.length > before) return; // still full
    }
  }

  /** A program's write: processed for output and sent to the host. */
  write(data: Uint8Array): number {
    if (this.hungUp) return -Errno.EIO;
    this.emit(this.discipline.write(data));
    return data.byteLength;
  }

  /**
   * A program's read: a line in canonical mode (0 bytes for ^D at the start
   * of a line), what is there in raw mode; 0 once the terminal hung up.
   * With VMIN 0 a read never waits (VTIME's timer is not implemented: a
   * VTIME read waits like VMIN 1).
   */
  read(target: Uint8Array): number {
    if (target.byteLength === 0) return 0;
    const data = this.discipline.read(target.byteLength);
    if (data === null) {
      if (this.hungUp) return 0;
      const { lflag, cc } = this.discipline.getAttr();
      return !lflag.ICANON && cc.VMIN === 0 && cc.VTIME === 0 ? 0 : WOULD_BLOCK;
    }
    target.set(data);
    if (this.backlog.length > 0) this.drainBacklog();
    return data.byteLength;
  }

  get readable(): boolean {
    return this.hungUp || this.discipline.readable;
  }

  /** The terminal was closed: blocked readers wake to end of file. */
  hangUp(): void {
    this.hungUp = true;
    this.notify();
  }

  private emit(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    // The discipline hands out fresh arrays; anything else (a view of shared memory) is copied.
    const own = data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : data.slice();
    for (const sink of this.sinks) sink(own);
  }
}

/** The program side of a tty: what fds 0-2 of a process on a terminal point at. */
export class TtyFile extends OpenFile {
  readonly kind = FileKind.CharDevice;
  readonly waitable: Tty;

  constructor(readonly tty: Tty) {
    super();
    this.waitable = tty;
  }

  read(target: Uint8Array): number {
    const n = this.tty.read(target);
    return n === WOULD_BLOCK && this.nonblock ? -Errno.EAGAIN : n;
  }

  write(data: Uint8Array): number {
    return this.tty.write(data);
  }

  stat(): StatInfo {
    // A pty slave: a character device, rw for its user (Linux's /dev/pts/N is 0620).
    return { dev: 1, ino: 0x8800, kind: FileKind.CharDevice, mode: 0o020620, nlink: 1, size: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0 };
  }

  pollRead(): boolean {
    return this.tty.readable;
  }
}
