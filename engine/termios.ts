/**
 * Terminal settings as a plain object: the POSIX termios structure (XBD 11.2
 * "Parameters that Can Be Set", <termios.h>) with flags as booleans named like
 * the C macros, and control characters as byte values (0 = disabled, like
 * Linux's _POSIX_VDISABLE for a pty).
 *
 * The defaults are what `stty -a` prints for a fresh pty on Linux 6.18 (the
 * machine the tests in test/line-discipline/ were recorded on):
 *   intr ^C, quit ^\, erase ^?, kill ^U, eof ^D, start ^Q, stop ^S, susp ^Z,
 *   rprnt ^R, werase ^W, lnext ^V, discard ^O, min 1, time 0;
 *   icrnl ixon, opost onlcr, isig icanon iexten echo echoe echok echoctl echoke;
 * with two changes for a terminal that is always UTF-8 and whose Backspace
 * key may send DEL or ^H:
 *   - IUTF8 is on (Linux: off until a terminal emulator or sshd sets it), so
 *     erase removes a whole character;
 *   - VERASE2, a second erase character after FreeBSD's termios, is ^H.
 *     Linux has no VERASE2 and echoes ^H as "^H"; set it to 0 for that.
 * Settings with no meaning without a serial line (speed, parity, CSIZE,
 * break) are left out.
 */

/** Input modes (c_iflag). */
export interface InputFlags {
  /** Map NL to CR on input. */
  INLCR: boolean;
  /** Ignore CR on input. */
  IGNCR: boolean;
  /** Map CR to NL on input (unless IGNCR). */
  ICRNL: boolean;
  /** Strip the eighth bit of input bytes. */
  ISTRIP: boolean;
  /** VSTOP/VSTART stop and restart output. */
  IXON: boolean;
  /** With IXON, any input character restarts stopped output. */
  IXANY: boolean;
  /** Input is UTF-8: erase removes a whole character. */
  IUTF8: boolean;
}

/** Output modes (c_oflag). */
export interface OutputFlags {
  /** Post-process output; without it the other output flags do nothing. */
  OPOST: boolean;
  /** Map NL to CR-NL on output. */
  ONLCR: boolean;
  /** Map CR to NL on output. */
  OCRNL: boolean;
  /** Do not output CR at column 0. */
  ONOCR: boolean;
  /** NL performs the CR function (for column accounting). */
  ONLRET: boolean;
  /** Expand tabs to spaces (Linux's TAB3/XTABS). */
  XTABS: boolean;
}

/** Local modes (c_lflag). */
export interface LocalFlags {
  /** INTR, QUIT and SUSP generate signals. */
  ISIG: boolean;
  /** Canonical (line-by-line) input with editing. */
  ICANON: boolean;
  /** Echo input characters. */
  ECHO: boolean;
  /** ERASE and WERASE erase visually ("\b \b"). */
  ECHOE: boolean;
  /** Echo NL after KILL. */
  ECHOK: boolean;
  /** Echo NL even when ECHO is off. */
  ECHONL: boolean;
  /** Do not flush the input and output queues on INTR, QUIT, SUSP. */
  NOFLSH: boolean;
  /** Echo control characters as ^X. */
  ECHOCTL: boolean;
  /** Echo erased characters between "\" and "/" (hardcopy terminals). */
  ECHOPRT: boolean;
  /** KILL erases the line visually, character by character. */
  ECHOKE: boolean;
  /** Extensions: WERASE, REPRINT, LNEXT. */
  IEXTEN: boolean;
}

/** Control characters (c_cc): byte values, 0 disables (VMIN and VTIME are counts). */
export interface ControlChars {
  VINTR: number;
  VQUIT: number;
  VERASE: number;
  /** Not in Linux: a second erase character (FreeBSD), ^H by default. */
  VERASE2: number;
  VKILL: number;
  VEOF: number;
  VEOL: number;
  VEOL2: number;
  VSTART: number;
  VSTOP: number;
  VSUSP: number;
  VREPRINT: number;
  VWERASE: number;
  VLNEXT: number;
  /** Kept for stty compatibility; Linux's n_tty ignores it and so do we. */
  VDISCARD: number;
  /** Non-canonical mode: bytes a read waits for (XBD 11.1.7). */
  VMIN: number;
  /** Non-canonical mode: read timeout in tenths of a second, applied by the reader. */
  VTIME: number;
}

export interface Termios {
  iflag: InputFlags;
  oflag: OutputFlags;
  lflag: LocalFlags;
  cc: ControlChars;
}

/** Window size (struct winsize); 0 means unknown, as on a fresh Linux pty. */
export interface WindowSize {
  rows: number;
  cols: number;
}

/** A fresh copy of the default settings (see the top of this file). */
export function defaultTermios(): Termios {
  return {
    iflag: { INLCR: false, IGNCR: false, ICRNL: true, ISTRIP: false, IXON: true, IXANY: false, IUTF8: true },
    oflag: { OPOST: true, ONLCR: true, OCRNL: false, ONOCR: false, ONLRET: false, XTABS: false },
    lflag: {
      ISIG: true, ICANON: true, ECHO: true, ECHOE: true, ECHOK: true, ECHONL: false,
      NOFLSH: false, ECHOCTL: true, ECHOPRT: false, ECHOKE: true, IEXTEN: true,
    },
    cc: {
      VINTR: 0x03, VQUIT: 0x1c, VERASE: 0x7f, VERASE2: 0x08, VKILL: 0x15, VEOF: 0x04, VEOL: 0, VEOL2: 0,
      VSTART: 0x11, VSTOP: 0x13, VSUSP: 0x1a, VREPRINT: 0x12, VWERASE: 0x17, VLNEXT: 0x16, VDISCARD: 0x0f,
      VMIN: 1, VTIME: 0,
    },
  };
}

/**
 * cfmakeraw(3): no input processing, no echo, no signals, no output
 * processing, reads return as soon as one byte is there (VMIN 1, VTIME 0).
 * Returns a new object; `t` is not changed.
 */
export function cfmakeraw(t: Termios): Termios {
  const r = cloneTermios(t);
  Object.assign(r.iflag, { INLCR: false, IGNCR: false, ICRNL: false, ISTRIP: false, IXON: false });
  r.oflag.OPOST = false;
  Object.assign(r.lflag, { ECHO: false, ECHONL: false, ICANON: false, ISIG: false, IEXTEN: false });
  r.cc.VMIN = 1;
  r.cc.VTIME = 0;
  return r;
}

export function cloneTermios(t: Termios): Termios {
  return { iflag: { ...t.iflag }, oflag: { ...t.oflag }, lflag: { ...t.lflag }, cc: { ...t.cc } };
}

/**
 * Checks a termios that came from a caller (a guest's tcsetattr, an API user)
 * and returns a clean copy: every flag of every group must be a boolean and
 * every control character an integer 0-255. Unknown keys are refused so a
 * typo ("ECHOE " or "icanon") does not pass silently. Throws a TypeError or
 * RangeError naming the field, like tcsetattr's EINVAL.
 */
export function parseTermios(value: unknown): Termios {
  const template = defaultTermios();
  if (typeof value !== 'object' || value === null) throw new TypeError(`termios must be an object, got ${describe(value)}`);
  const out = cloneTermios(template);
  for (const group of ['iflag', 'oflag', 'lflag', 'cc'] as const) {
    const given: unknown = (value as Record<string, unknown>)[group];
    if (typeof given !== 'object' || given === null) throw new TypeError(`termios.${group} must be an object, got ${describe(given)}`);
    const known = template[group] as unknown as Record<string, unknown>;
    const target = out[group] as unknown as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!(key in known)) throw new RangeError(`termios.${group} has no field ${JSON.stringify(key)}; known: ${Object.keys(known).join(', ')}`);
    }
    for (const key of Object.keys(known)) {
      const v = (given as Record<string, unknown>)[key];
      if (group === 'cc') {
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255) {
          throw new RangeError(`termios.cc.${key} must be an integer 0-255, got ${describe(v)}`);
        }
      } else if (typeof v !== 'boolean') {
        throw new TypeError(`termios.${group}.${key} must be a boolean, got ${describe(v)}`);
      }
      target[key] = v;
    }
  }
  return out;
}

/** Checks a window size from a caller: integers 0-65535 (struct winsize holds unsigned shorts). */
export function parseWindowSize(value: unknown): WindowSize {
  if (typeof value !== 'object' || value === null) throw new TypeError(`window size must be an object, got ${describe(value)}`);
  const { rows, cols } = value as Record<string, unknown>;
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0xffff) {
      throw new RangeError(`window size ${name} must be an integer 0-65535, got ${describe(v)}`);
    }
  }
  return { rows: rows as number, cols: cols as number };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return typeof v;
}
