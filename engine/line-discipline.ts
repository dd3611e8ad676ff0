/**
 * The POSIX line discipline (XBD 11 "General Terminal Interface", 11.1.6
 * canonical and 11.1.7 non-canonical input, 11.2 termios) as one state object
 * and a handful of operations, modelled on Linux's drivers/tty/n_tty.c:
 *
 *   receive(bytes)  keyboard → discipline (n_tty_receive_buf): input mapping,
 *                   line editing, echo, signals, flow control;
 *   write(bytes)    program → terminal (n_tty_write): OPOST processing;
 *   read(max)       what a reader of the tty gets now (n_tty_read);
 *   setAttr/getAttr tcsetattr/tcgetattr (n_tty_set_termios); resize: TIOCSWINSZ.
 *
 * Every operation returns the bytes it sends to the terminal side (echo and
 * program output share one stream, in call order; engine/tty-output.ts is
 * that half) and the signals it raises for the foreground process group. It
 * knows no processes, no timers and no platform: the kernel's tty device
 * delivers signals, wakes readers when `readable` turns true, keeps input
 * that did not fit (`accepted`), and runs VTIME timers.
 *
 * Implemented as in n_tty (expected bytes are recorded from a Linux 6.18 pty,
 * test/line-discipline/): ICRNL, INLCR, IGNCR, ISTRIP; ICANON with ERASE,
 * KILL, WERASE (IEXTEN; letters, digits and '_' make a word), LNEXT, REPRINT,
 * EOF, EOL, EOL2; the 4095-byte canonical line limit (further bytes overwrite
 * the last one, so Enter still ends the line); ECHO, ECHOE, ECHOK, ECHOKE,
 * ECHONL, ECHOCTL, ECHOPRT, tab erase by column; ISIG with INTR, QUIT, SUSP
 * and NOFLSH; IXON, IXANY; OPOST with ONLCR, OCRNL, ONOCR, ONLRET, XTABS;
 * the non-canonical VMIN rule for readiness; IUTF8 erase of whole characters.
 *
 * Deliberate differences from a fresh Linux pty (both are settings, see
 * termios.ts): IUTF8 is on by default, and VERASE2 (from FreeBSD, default ^H)
 * is a second erase character, because terminals send either DEL or ^H for
 * Backspace. And one of mechanism: while output is stopped (^S), Linux blocks
 * a writing program; write() here holds its output and returns it with the
 * ^Q, so a kernel that wants Linux's back-pressure blocks writers while
 * `outputStopped`. As on Linux, echo not yet written when ^C flushes is
 * dropped: typed text and ^C in one receive() echo only "^C".
 *
 * Not implemented: parity, break and PARMRK (no serial line), IUCLC, OLCUC,
 * XCASE, IMAXBEL (n_tty ignores it too), VDISCARD (likewise), FLUSHO,
 * PENDIN, EXTPROC, packet mode, VSTART == VSTOP toggling, TOSTOP/SIGTTOU/
 * SIGTTIN (job control belongs to the kernel), erase of double-width
 * characters by two columns (n_tty backs up one column per character too),
 * and timing: VTIME is the reader's business (see `read`).
 */
import { cloneTermios, defaultTermios, parseTermios, parseWindowSize } from './termios.js';
import type { Termios, WindowSize } from './termios.js';
import { TtyOutput, isCntrl } from './tty-output.js';

/** A signal for the tty's foreground process group (the kernel delivers it). */
export type TtySignal = 'SIGINT' | 'SIGQUIT' | 'SIGTSTP' | 'SIGWINCH';
export interface TtyEvent {
  signal: TtySignal;
}

/** What receive() did: bytes for the terminal side, signals, and how many input bytes it took. */
export interface ReceiveResult {
  /** Echo, and output released by VSTART; send to the terminal in this order. */
  output: Uint8Array;
  events: TtyEvent[];
  /**
   * Input bytes consumed. Fewer than given when the input buffer is full
   * (4095 unread bytes, or a complete canonical line pending): keep the rest
   * and offer it again after a read() — Linux leaves it in the tty's flip
   * buffer the same way, so even ^C waits until the reader makes room.
   */
  accepted: number;
}

/** Linux's N_TTY_BUF_SIZE: the input buffer, hence the longest canonical line (4095 bytes + newline). */
export const TTY_BUF_SIZE = 4096;

/** A canonical line ready for readers: bytes including NL/EOL, or ended by EOF (no byte stored for the ^D). */
interface Line {
  bytes: number[];
  eof: boolean;
}

export class LineDiscipline {
  private termios: Termios;
  private winsize: WindowSize;
  /** Complete canonical lines, oldest first. */
  private lines: Line[] = [];
  /** Canonical mode: the line being edited. Non-canonical: every unread byte. */
  private edit: number[] = [];
  /** Bytes in `lines` (an EOF counts one, as n_tty stores a placeholder) plus `edit`. */
  private buffered = 0;
  /** The next input byte is literal (after VLNEXT). */
  private lnext = false;
  /** ECHOPRT: inside a "\erased/" run. */
  private erasing = false;
  /** Echo and program output, in order (the output half, engine/tty-output.ts). */
  private readonly output = new TtyOutput(() => this.termios);

  constructor(init: { termios?: Termios; size?: WindowSize } = {}) {
    this.termios = init.termios ? parseTermios(init.termios) : defaultTermios();
    this.winsize = init.size ? parseWindowSize(init.size) : { rows: 0, cols: 0 };
  }

  /** Bytes typed on the terminal (the pty master's write). */
  receive(bytes: Uint8Array): ReceiveResult {
    const events: TtyEvent[] = [];
    let accepted = 0;
    for (; accepted < bytes.length; accepted++) {
      if (!this.makeRoom()) break;
      this.receiveByte(bytes[accepted], events);
    }
    this.output.flushEchoes();
    return { output: this.output.take(), events, accepted };
  }

  /** A program's write to the tty: the bytes the terminal gets (empty while output is stopped). */
  write(bytes: Uint8Array): Uint8Array {
    this.output.write(bytes);
    return this.output.take();
  }

  /**
   * What a read(2) of at most `max` bytes returns now. Canonical mode: at
   * most one line (XBD 11.1.6), an empty array for EOF (^D at the start of a
   * line: one 0-byte read), null when no line is complete. Non-canonical:
   * up to `max` buffered bytes, or null when there are none. A blocking
   * reader waits for `readable`; with VMIN 0 and VTIME 0 a read returns 0
   * bytes at once, with VTIME > 0 the reader's timer decides (XBD 11.1.7):
   * VMIN>0,VTIME>0 inter-byte timer after the first byte; VMIN=0,VTIME>0
   * returns at the first byte or 0 bytes at the timeout.
   */
  read(max: number): Uint8Array | null {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`read size must be a non-negative integer, got ${max}`);
    if (this.termios.lflag.ICANON) {
      const line = this.lines[0];
      if (!line) return null;
      if (line.bytes.length > max) {
        // n_tty copies what fits and leaves the rest of the line for the next read.
        const part = line.bytes.splice(0, max);
        this.buffered -= part.length;
        return Uint8Array.from(part);
      }
      this.lines.shift();
      this.buffered -= line.bytes.length + (line.eof ? 1 : 0);
      return Uint8Array.from(line.bytes);
    }
    if (this.edit.length === 0) return null;
    const part = this.edit.splice(0, max);
    this.buffered -= part.length;
    return Uint8Array.from(part);
  }

  /**
   * A blocked reader can be woken (n_tty's input_available_p for poll): a
   * complete line in canonical mode; otherwise at least VMIN bytes when
   * VTIME is 0 and VMIN > 0, else at least one byte.
   */
  get readable(): boolean {
    if (this.termios.lflag.ICANON) return this.lines.length > 0;
    const { VMIN, VTIME } = this.termios.cc;
    return this.edit.length >= (VTIME === 0 && VMIN > 0 ? VMIN : 1);
  }

  /** Bytes a read could return now (FIONREAD): the first complete line's, or all buffered in raw mode. */
  get available(): number {
    if (this.termios.lflag.ICANON) return this.lines[0]?.bytes.length ?? 0;
    return this.edit.length;
  }

  /** IXON: a VSTOP arrived and no VSTART yet; the kernel may block writers meanwhile. */
  get outputStopped(): boolean {
    return this.output.stopped;
  }

  getAttr(): Termios {
    return cloneTermios(this.termios);
  }

  /**
   * tcsetattr(3). `flush` is TCSAFLUSH: discard unread input first. Switching
   * ICANON moves buffered input like n_tty_set_termios: to non-canonical, all
   * of it becomes readable (an EOF placeholder reads as a NUL byte, as on
   * Linux); to canonical, what is buffered becomes one complete line. Returns
   * output released if IXON was turned off while stopped.
   */
  setAttr(termios: Termios, options: { flush?: boolean } = {}): Uint8Array {
    const next = parseTermios(termios);
    const old = this.termios;
    this.termios = next;
    if (options.flush) this.flushInput();
    if (old.lflag.ICANON !== next.lflag.ICANON) {
      const all: number[] = [];
      for (const line of this.lines) all.push(...line.bytes, ...(line.eof ? [0] : []));
      all.push(...this.edit);
      this.lines = [];
      this.edit = [];
      if (next.lflag.ICANON) {
        if (all.length > 0) this.lines.push({ bytes: all, eof: false });
      } else {
        this.edit = all;
      }
      this.buffered = all.length;
      this.erasing = false;
      this.lnext = false;
    }
    if (!next.iflag.IXON) this.output.start();
    this.output.flushEchoes();
    return this.output.take();
  }

  /** tcflush(TCIFLUSH): discard all unread input and the line being edited. */
  flushInput(): void {
    this.lines = [];
    this.edit = [];
    this.buffered = 0;
    this.erasing = false;
    this.lnext = false;
  }

  get size(): WindowSize {
    return { ...this.winsize };
  }

  /** TIOCSWINSZ: store the size; a change raises SIGWINCH for the foreground group (tty_do_resize). */
  resize(size: WindowSize): TtyEvent[] {
    const next = parseWindowSize(size);
    if (next.rows === this.winsize.rows && next.cols === this.winsize.cols) return [];
    this.winsize = next;
    return [{ signal: 'SIGWINCH' }];
  }

  // ---- input (n_tty_receive_buf_standard and friends) ----

  /**
   * n_tty_receive_buf_common's room check: a byte fits while fewer than 4095
   * are buffered. A canonical line with no complete line before it may still
   * take bytes past that: each overwrites the last one, so ERASE, KILL and
   * NL keep working on a full line.
   */
  private makeRoom(): boolean {
    if (this.buffered < TTY_BUF_SIZE - 1) return true;
    if (!this.termios.lflag.ICANON || this.lines.length > 0) return false;
    if (this.buffered >= TTY_BUF_SIZE) {
      this.edit.pop();
      this.buffered--;
    }
    return true;
  }

  private receiveByte(byte: number, events: TtyEvent[]): void {
    const { iflag, lflag, cc } = this.termios;
    const typed = iflag.ISTRIP ? byte & 0x7f : byte;
    let c = typed;
    if (this.lnext) {
      this.lnext = false;
      this.ordinary(c);
      return;
    }
    if (iflag.IXON && is(c, cc.VSTART)) {
      this.output.start();
      return;
    }
    if (iflag.IXON && is(c, cc.VSTOP)) {
      this.output.stop();
      return;
    }
    if (lflag.ISIG) {
      const signal = is(c, cc.VINTR) ? 'SIGINT' : is(c, cc.VQUIT) ? 'SIGQUIT' : is(c, cc.VSUSP) ? 'SIGTSTP' : null;
      if (signal) {
        this.signalChar(signal, c, events);
        return;
      }
    }
    if (iflag.IXON && iflag.IXANY) this.output.start();
    if (c === 0x0d) {
      if (iflag.IGNCR) return;
      if (iflag.ICRNL) c = 0x0a;
    } else if (c === 0x0a && iflag.INLCR) {
      c = 0x0d;
    }
    if (lflag.ICANON && this.canonical(c)) return;
    // A CR that ICRNL made a NL went through n_tty's special-character path,
    // which echoes NL as a newline; a typed NL in non-canonical mode echoes "^J".
    this.ordinary(c, c === 0x0a && typed !== 0x0a);
  }

  /** n_tty_receive_signal_char + isig(): flush unless NOFLSH, restart output, echo the character. */
  private signalChar(signal: TtySignal, c: number, events: TtyEvent[]): void {
    events.push({ signal });
    if (!this.termios.lflag.NOFLSH) {
      this.flushInput();
      this.output.clearEchoes(); // isig() drops echo not yet written
    }
    if (this.termios.iflag.IXON) this.output.start();
    if (this.termios.lflag.ECHO) this.echoChar(c);
  }

  /** n_tty_receive_char_canon: the editing and line-ending characters. Returns false for an ordinary byte. */
  private canonical(c: number): boolean {
    const { lflag, cc } = this.termios;
    if (is(c, cc.VERASE) || is(c, cc.VERASE2) || is(c, cc.VKILL) || (lflag.IEXTEN && is(c, cc.VWERASE))) {
      this.eraser(c);
      return true;
    }
    if (lflag.IEXTEN && is(c, cc.VLNEXT)) {
      this.lnext = true;
      if (lflag.ECHO) {
        this.finishErasing();
        // "^" then backspace, so the literal's own echo lands on top of it.
        if (lflag.ECHOCTL) this.output.echo(0x5e, 0x08);
      }
      return true;
    }
    if (lflag.IEXTEN && lflag.ECHO && is(c, cc.VREPRINT)) {
      this.finishErasing();
      this.echoChar(c);
      this.output.echo(0x0a);
      for (const b of this.edit) this.echoChar(b);
      return true;
    }
    if (c === 0x0a) {
      if (lflag.ECHO || lflag.ECHONL) this.output.echo(0x0a);
      this.endLine(c);
      return true;
    }
    if (is(c, cc.VEOF)) {
      this.endLine(null);
      return true;
    }
    if (is(c, cc.VEOL) || (lflag.IEXTEN && is(c, cc.VEOL2))) {
      if (lflag.ECHO) {
        if (this.edit.length === 0) this.output.echo({ op: 'canon-col' });
        this.echoChar(c);
      }
      this.endLine(c);
      return true;
    }
    return false;
  }

  /** Completes the line being edited; `terminator` null is EOF (nothing stored for the ^D). */
  private endLine(terminator: number | null): void {
    const bytes = this.edit;
    if (terminator !== null) bytes.push(terminator);
    this.lines.push({ bytes, eof: terminator === null });
    this.buffered++;
    this.edit = [];
  }

  /** n_tty_receive_char: store and echo (`newline`: echo as a plain NL, not ^J). */
  private ordinary(c: number, newline = false): void {
    const { iflag, lflag } = this.termios;
    if (iflag.IXON && iflag.IXANY) this.output.start();
    if (lflag.ECHO) {
      this.finishErasing();
      if (newline) {
        this.output.echo(c);
      } else {
        if (this.edit.length === 0) this.output.echo({ op: 'canon-col' });
        this.echoChar(c);
      }
    }
    this.edit.push(c);
    this.buffered++;
  }

  /** n_tty's eraser(): ERASE one character, WERASE one word, KILL the line, with their echo. */
  private eraser(c: number): void {
    const { lflag, cc } = this.termios;
    if (this.edit.length === 0) return;
    const kind = is(c, cc.VERASE) || is(c, cc.VERASE2) ? 'erase' : is(c, cc.VWERASE) && lflag.IEXTEN ? 'werase' : 'kill';
    if (kind === 'kill') {
      if (!lflag.ECHO) {
        this.discardEdit(this.edit.length);
        return;
      }
      if (!lflag.ECHOK || !lflag.ECHOKE || !lflag.ECHOE) {
        this.discardEdit(this.edit.length);
        this.finishErasing();
        this.echoChar(c);
        if (lflag.ECHOK) this.output.echo(0x0a);
        return;
      }
    }
    let seenAlnums = 0;
    while (this.edit.length > 0) {
      // Step back over a whole UTF-8 character when IUTF8 is set, never past the line start.
      let start = this.edit.length - 1;
      while (start > 0 && this.isContinuation(this.edit[start])) start--;
      const lead = this.edit[start];
      if (this.isContinuation(lead)) break; // do not erase part of a character
      if (kind === 'werase') {
        // Linux's ALTWERASE-like rule: a word is letters, digits and '_' (Latin-1 ctype).
        if (isAlnum(lead) || lead === 0x5f) seenAlnums++;
        else if (seenAlnums > 0) break;
      }
      const removed = this.edit.splice(start);
      this.buffered -= removed.length;
      if (lflag.ECHO) this.echoErase(kind, c, lead, removed);
      if (kind === 'erase') break;
    }
    if (this.edit.length === 0 && lflag.ECHO) this.finishErasing();
  }

  private echoErase(kind: 'erase' | 'werase' | 'kill', typed: number, lead: number, removed: number[]): void {
    const { lflag } = this.termios;
    if (lflag.ECHOPRT) {
      if (!this.erasing) {
        this.output.echo(0x5c);
        this.erasing = true;
      }
      this.echoChar(lead);
      for (const b of removed.slice(1)) this.output.echo(b, { op: 'back-col' });
    } else if (kind === 'erase' && !lflag.ECHOE) {
      this.echoChar(typed); // n_tty echoes VERASE; VERASE2 echoes itself
    } else if (lead === 0x09) {
      // How far back the tab went depends on what precedes it on the line.
      let cols = 0;
      let afterTab = false;
      for (let i = this.edit.length - 1; i >= 0; i--) {
        const b = this.edit[i];
        if (b === 0x09) {
          afterTab = true;
          break;
        }
        if (isCntrl(b)) {
          if (lflag.ECHOCTL) cols += 2;
        } else if (!this.isContinuation(b)) {
          cols++;
        }
      }
      this.output.echo({ op: 'erase-tab', cols: cols & 7, afterTab });
    } else {
      const ctl = isCntrl(lead);
      const rubout = [0x08, 0x20, 0x08]; // backspace, space, backspace
      if (ctl && lflag.ECHOCTL) this.output.echo(...rubout);
      if (!ctl || lflag.ECHOCTL) this.output.echo(...rubout);
    }
  }

  private discardEdit(n: number): void {
    this.edit.splice(this.edit.length - n);
    this.buffered -= n;
  }

  private finishErasing(): void {
    if (this.erasing) {
      this.output.echo(0x2f);
      this.erasing = false;
    }
  }

  /** echo_char: control characters as ^X under ECHOCTL (tab excepted). */
  private echoChar(c: number): void {
    if (this.termios.lflag.ECHOCTL && c !== 0x09 && isCntrl(c)) this.output.echo({ op: 'ctl', c });
    else this.output.echo(c);
  }

  private isContinuation(c: number): boolean {
    return this.termios.iflag.IUTF8 && (c & 0xc0) === 0x80;
  }
}

/** A control character matches only when enabled: 0 is _POSIX_VDISABLE, and NUL is never special in n_tty. */
function is(c: number, cc: number): boolean {
  return cc !== 0 && c === cc;
}

/**
 * The kernel's isalnum (lib/ctype.c is Latin-1): ASCII letters and digits,
 * and 0xc0-0xff except × and ÷ — so a UTF-8 lead byte counts as a letter.
 */
function isAlnum(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7)
  );
}
