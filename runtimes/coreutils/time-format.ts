/**
 * Times as the file commands print and parse them. The sandbox has no time
 * zone database, so local time is UTC (what the reference machine uses).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** GNU ls: a time more than six months (half of 365.2425 days) from now is shown with its year. */
const SIX_MONTHS_MS = (365.2425 / 2) * 24 * 3600 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `Nov 22 10:00` for recent times, `Nov 22  2019` for old or future ones (ls -l). */
export function lsTime(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}`;
  const recent = ms <= nowMs && nowMs - ms < SIX_MONTHS_MS;
  return recent ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : `${day}  ${d.getUTCFullYear()}`;
}

/** `2020-01-02 03:04:05.000000000 +0000`: stat's %y, and ls --full-time. */
export function fullTime(ms: number): string {
  const d = new Date(Math.floor(ms));
  // Milliseconds are all the kernel keeps; the rest of the nanoseconds come from the fraction.
  const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  return `${isoDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(nanos, 9)} +0000`;
}

/** `2020-01-02 03:04` (tar -tv). */
export function shortTime(ms: number): string {
  const d = new Date(ms);
  return `${isoDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function isoDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A date for `touch -d`: the common forms of GNU's parse_datetime —
 * `@SECONDS`, `now`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.frac]]` (also with
 * `T`), optionally followed by `Z`, `UTC` or `+HHMM`. Returns milliseconds, or
 * null if the text is not understood.
 */
export function parseDate(text: string, nowMs: number): number | null {
  const s = text.trim();
  if (s === 'now' || s === '') return nowMs;
  const epoch = /^@(-?\d+(?:\.\d+)?)$/.exec(s);
  if (epoch) return Number(epoch[1]) * 1000;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +sec > 60) return null;
  let offset = 0;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(':', '');
    offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (zone[0] === '-' ? -1 : 1);
  }
  return ms - offset * 60_000;
}

/** `touch -t [[CC]YY]MMDDhhmm[.ss]`; null if malformed. */
export function parseStamp(text: string, nowMs: number): number | null {
  const m = /^(\d{8}|\d{10}|\d{12})(?:\.(\d{2}))?$/.exec(text);
  if (!m) return null;
  const digits = m[1];
  let year: number;
  let rest: string;
  if (digits.length === 12) {
    year = Number(digits.slice(0, 4));
    rest = digits.slice(4);
  } else if (digits.length === 10) {
    // POSIX: YY 69-99 are 1969-1999, 00-68 are 2000-2068.
    const yy = Number(digits.slice(0, 2));
    year = yy >= 69 ? 1900 + yy : 2000 + yy;
    rest = digits.slice(2);
  } else {
    year = new Date(nowMs).getUTCFullYear();
    rest = digits;
  }
  const [mo, d, h, mi] = [0, 2, 4, 6].map((i) => Number(rest.slice(i, i + 2)));
  const sec = m[2] ? Number(m[2]) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
  return Date.UTC(year, mo - 1, d, h, mi, sec);
}
