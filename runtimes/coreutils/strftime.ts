/**
 * strftime(3) for date(1), in UTC (the sandbox has no other zone) and the
 * C/C.UTF-8 locale's names and formats. GNU's flags are supported: `-` (no
 * padding), `_` (spaces), `0` (zeros), `^` (upper case), `#` (swap case),
 * a field width, and `%:z`.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `ms` is milliseconds since the epoch; `nanos` the sub-second nanoseconds (for %N). */
export function strftime(format: string, ms: number, nanos: number): string {
  const d = new Date(ms);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%' || i + 1 >= format.length) {
      out += format[i];
      continue;
    }
    const m = /^([-_0^#]*)([0-9]*)(:{0,3})([a-zA-Z%+])/.exec(format.slice(i + 1));
    if (!m) {
      out += '%';
      continue;
    }
    i += m[0].length;
    const [, flags, widthText, colons, conv] = m;
    const field = convert(d, conv, colons.length, nanos);
    if (field === null) {
      out += `%${m[0]}`;
      continue;
    }
    let [text, pad, width] = field;
    if (flags.includes('-')) pad = '';
    else if (flags.includes('_')) pad = ' ';
    else if (flags.includes('0')) pad = '0';
    if (widthText !== '') width = Number(widthText);
    if (pad !== '' && text.length < width) {
      const negative = text.startsWith('-') && pad === '0';
      text = negative ? '-' + text.slice(1).padStart(width - 1, '0') : text.padStart(width, pad);
    }
    if (flags.includes('^')) text = text.toUpperCase();
    if (flags.includes('#')) text = /[a-z]/.test(text) ? text.toUpperCase() : text.toLowerCase();
    out += text;
  }
  return out;
}

/** [text without padding, default pad char, default width], or null for an unknown conversion. */
function convert(d: Date, c: string, colons: number, nanos: number): [string, string, number] | null {
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const weekday = d.getUTCDay();
  const yday = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86400000);
  const num = (n: number, width = 2, pad = '0'): [string, string, number] => [String(n), pad, width];
  const str = (s: string): [string, string, number] => [s, ' ', 0];
  const sub = (f: string): [string, string, number] => str(strftime(f, d.getTime(), nanos));
  switch (c) {
    case 'a': return str(DAYS[weekday].slice(0, 3));
    case 'A': return str(DAYS[weekday]);
    case 'b': case 'h': return str(MONTHS[month].slice(0, 3));
    case 'B': return str(MONTHS[month]);
    case 'c': return sub('%a %b %e %H:%M:%S %Y');
    case 'C': return num(Math.floor(year / 100));
    case 'd': return num(day);
    case 'D': case 'x': return sub('%m/%d/%y');
    case 'e': return num(day, 2, ' ');
    case 'F': return sub('%Y-%m-%d');
    case 'g': return num(isoWeek(d).year % 100);
    case 'G': return num(isoWeek(d).year, 4);
    case 'H': return num(hour);
    case 'I': return num(hour % 12 || 12);
    case 'j': return num(yday + 1, 3);
    case 'k': return num(hour, 2, ' ');
    case 'l': return num(hour % 12 || 12, 2, ' ');
    case 'm': return num(month + 1);
    case 'M': return num(d.getUTCMinutes());
    case 'n': return str('\n');
    case 'N': return num(nanos, 9);
    case 'p': return str(hour < 12 ? 'AM' : 'PM');
    case 'P': return str(hour < 12 ? 'am' : 'pm');
    case 'r': return sub('%I:%M:%S %p');
    case 'R': return sub('%H:%M');
    case 's': return num(Math.floor(d.getTime() / 1000), 1);
    case 'S': return num(d.getUTCSeconds());
    case 't': return str('\t');
    case 'T': case 'X': return sub('%H:%M:%S');
    case 'u': return num(weekday || 7, 1);
    case 'U': return num(Math.floor((yday + 7 - weekday) / 7));
    case 'V': return num(isoWeek(d).week);
    case 'w': return num(weekday, 1);
    case 'W': return num(Math.floor((yday + 7 - ((weekday + 6) % 7)) / 7));
    case 'y': return num(year % 100);
    case 'Y': return num(year, 1);
    case 'z': return str(['+0000', '+00:00', '+00:00:00', '+00'][colons]);
    case 'Z': return str('UTC');
    case '%': return str('%');
    case '+': return sub('%a %b %e %H:%M:%S %Z %Y');
    default: return null;
  }
}

/** ISO 8601 week number and week-based year. */
function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return { year, week };
}
