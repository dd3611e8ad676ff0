/**
 * The output half of the line discipline (engine/line-discipline.ts): what
 * goes to the terminal, from programs (n_tty_write → process_output_block,
 * do_output_char) and from echo (__process_echoes), in one stream. It keeps
 * n_tty's output column, which tab erase and ONOCR depend on, and IXON's
 * stopped state: while stopped, echo waits in the echo queue and program
 * output is held, and both come out when output restarts.
 */
import type { Termios } from './termios.js';

/** Echo work queued by the input side (n_tty's echo buffer ops); a plain number is a byte to output through OPOST. */
export type Echo =
  | number
  | { op: 'ctl'; c: number } // "^X", written raw (ECHOCTL)
  | { op: 'canon-col' } // remember the column where the line's echo starts
  | { op: 'erase-tab'; cols: number; afterTab: boolean } // back to where a tab started
  | { op: 'back-col' }; // a byte that took no column after all (ECHOPRT multibyte)

/**
 * A control character for echo and column counting: C0 and DEL. Bytes
 * 0x80-0x9f echo as themselves and take a column on Linux 6.18 (recorded),
 * so UTF-8 continuation bytes are never shown as "^X".
 */
export function isCntrl(c: number): boolean {
  return c < 0x20 || c === 0x7f;
}

export class TtyOutput {
  /** Output column (n_tty's ldata->column). */
  private column = 0;
  /** Column where the current line's echo began (ldata->canon_column). */
  private canonColumn = 0;
  private isStopped = false;
  private echoes: Echo[] = [];
  /** Program output written while stopped (Linux blocks the writer instead). */
  private held = new ByteSink();
  /** What the operation in progress sends to the terminal. */
  private out = new ByteSink();

  /** `settings` gives the current termios: the discipline replaces it on setAttr. */
  constructor(private readonly settings: () => Termios) {}

  get stopped(): boolean {
    return this.isStopped;
  }

  echo(...ops: Echo[]): void {
    this.echoes.push(...ops);
  }

  /** isig() drops echo not yet written. */
  clearEchoes(): void {
    this.echoes = [];
  }

  /** VSTOP (stop_tty). */
  stop(): void {
    this.isStopped = true;
  }

  /** VSTART, or IXON turned off (start_tty): held output first, then waiting echo at the next flush. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.out.pushAll(this.held.take());
  }

  /** A program's write: OPOST processing into the output (or the held bytes while stopped). */
  write(bytes: Uint8Array): void {
    this.flushEchoes(); // n_tty_write writes pending echoes first
    const { oflag, iflag } = this.settings();
    const sink = this.isStopped ? this.held : this.out;
    if (!oflag.OPOST) {
      sink.pushAll(bytes);
      return;
    }
    // Like process_output_block: runs of printable bytes go straight
    // through, control bytes one by one through do_output_char. Room for the
    // worst case is made first (ONLCR doubles, XTABS makes a tab up to 8
    // spaces) so copying only stores.
    sink.reserve(bytes.length * (oflag.XTABS ? 8 : 2));
    for (let i = 0; i < bytes.length; ) {
      i = this.copyPrintable(bytes, i, sink, iflag.IUTF8);
      if (i < bytes.length) this.outputChar(bytes[i++], sink);
    }
  }

  /** Copies bytes from `i` up to the next control byte, one column each (UTF-8 continuation bytes none, under IUTF8). Returns where it stopped. */
  private copyPrintable(bytes: Uint8Array, i: number, sink: ByteSink, iutf8: boolean): number {
    const buf = sink.buf;
    let n = sink.n;
    let columns = 0;
    for (; i < bytes.length; i++) {
      const c = bytes[i];
      if (c < 0x20 || c === 0x7f) break;
      buf[n++] = c;
      if (!iutf8 || (c & 0xc0) !== 0x80) columns++;
    }
    sink.n = n;
    this.column += columns;
    return i;
  }

  /** __process_echoes: turn queued echo into output, unless stopped. */
  flushEchoes(): void {
    if (this.isStopped) return;
    const opost = this.settings().oflag.OPOST;
    for (const e of this.echoes) {
      if (typeof e === 'number') {
        if (opost) this.outputChar(e, this.out);
        else this.out.push(e);
      } else if (e.op === 'ctl') {
        this.out.push(0x5e);
        this.out.push(e.c ^ 0x40);
        this.column += 2;
      } else if (e.op === 'canon-col') {
        this.canonColumn = this.column;
      } else if (e.op === 'back-col') {
        if (this.column > 0) this.column--;
      } else {
        // Counted from the line start, the tab's width depends on where the echo began.
        const cols = e.afterTab ? e.cols : e.cols + this.canonColumn;
        for (let n = 8 - (cols & 7); n > 0; n--) {
          this.out.push(0x08);
          if (this.column > 0) this.column--;
        }
      }
    }
    this.echoes = [];
  }

  /** The bytes for the terminal since the last take. */
  take(): Uint8Array {
    return this.out.take();
  }

  /** do_output_char: one byte through OPOST, tracking the column. */
  private outputChar(c: number, out: ByteSink): void {
    const { oflag: o, iflag } = this.settings();
    switch (c) {
      case 0x0a:
        if (o.ONLRET) this.column = 0;
        if (o.ONLCR) {
          this.canonColumn = this.column = 0;
          out.push(0x0d);
          out.push(0x0a);
          return;
        }
        this.canonColumn = this.column;
        break;
      case 0x0d:
        if (o.ONOCR && this.column === 0) return;
        if (o.OCRNL) {
          c = 0x0a;
          if (o.ONLRET) this.canonColumn = this.column = 0;
          break;
        }
        this.canonColumn = this.column = 0;
        break;
      case 0x09: {
        const spaces = 8 - (this.column & 7);
        this.column += spaces;
        if (o.XTABS) {
          for (let i = 0; i < spaces; i++) out.push(0x20);
          return;
        }
        break;
      }
      case 0x08:
        if (this.column > 0) this.column--;
        break;
      default:
        // Control characters take no column; with IUTF8 neither do continuation bytes.
        if (!isCntrl(c) && !(iflag.IUTF8 && (c & 0xc0) === 0x80)) this.column++;
    }
    out.push(c);
  }
}

/** A growable byte buffer: output is built here without a number[] per byte. */
class ByteSink {
  /** Storage; bytes 0..n-1 are the output. Public so a hot loop can store without a call per byte. */
  buf = new Uint8Array(64);
  n = 0;

  reserve(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + extra));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  push(b: number): void {
    if (this.n === this.buf.length) this.reserve(1);
    this.buf[this.n++] = b;
  }

  pushAll(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.n);
    this.n += bytes.length;
  }

  /** The bytes so far (a copy), leaving the sink empty; a large buffer is let go. */
  take(): Uint8Array {
    const bytes = this.buf.slice(0, this.n);
    this.n = 0;
    if (this.buf.length > 1 << 16) this.buf = new Uint8Array(64);
    return bytes;
  }
}
