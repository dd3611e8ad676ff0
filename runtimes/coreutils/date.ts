/**
 * date: print the time, in UTC (the sandbox's only zone) and GNU's formats:
 * the default `Sun Nov 22 10:00:00 UTC 2026`, +FORMAT (strftime.ts), -I,
 * -R. -d understands `@SECONDS`, ISO-like dates and times, now / today /
 * yesterday / tomorrow, and relative items (`+2 days`, `3 hours ago`);
 * -r uses a file's modification time. Setting the clock is refused.
 */
import type { Program } from '../program.js';
import { command, quote, type Cmd } from './common.js';
import { strftime } from './strftime.js';

const HELP = `Usage: date [OPTION]... [+FORMAT]
Display the current time in the given FORMAT.

Mandatory arguments to long options are mandatory for short options too.
  -d, --date=STRING          display time described by STRING, not 'now'
  -I[FMT], --iso-8601[=FMT]  output date/time in ISO 8601 format.
                               FMT='date' for date only (the default),
                               'hours', 'minutes', 'seconds', or 'ns'
                               for date and time to the indicated precision.
  -R, --rfc-email            output date and time in RFC 5322 format.
  -r, --reference=FILE       display the last modification time of FILE
  -s, --set=STRING           set time described by STRING (not permitted)
  -u, --utc, --universal     print or set Coordinated Universal Time (UTC)
      --help     display this help and exit
      --version  output version information and exit

FORMAT controls the output.  Interpreted sequences include %a %A %b %B %c
%C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %N %p %P %r %R %s %S %t
%T %u %U %V %w %W %x %X %y %Y %z %:z %Z and %%, with the flags - _ 0 ^ #.
`;

const SPEC = {
  help: HELP,
  options: {
    date: { short: 'd', long: 'date', arg: 'required' },
    iso: { short: 'I', long: 'iso-8601', arg: 'optional' },
    rfc: { short: 'R', long: 'rfc-email' },
    reference: { short: 'r', long: 'reference', arg: 'required' },
    set: { short: 's', long: 'set', arg: 'required' },
    utc: { short: 'u', long: ['utc', 'universal'] },
  },
} as const;

const ISO_FORMATS: Record<string, string> = {
  date: '%Y-%m-%d',
  hours: '%Y-%m-%dT%H%:z',
  minutes: '%Y-%m-%dT%H:%M%:z',
  seconds: '%Y-%m-%dT%H:%M:%S%:z',
  ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
};

export const date: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  if (opts.set !== undefined) cmd.fail('cannot set date: Operation not permitted');
  const formats = operands.filter((o) => o.startsWith('+'));
  const others = operands.filter((o) => !o.startsWith('+'));
  if (others.length > 0) cmd.usageError(`invalid date ${quote(others[0])}`);
  if (formats.length > 1) cmd.usageError(`extra operand ${quote(formats[1])}`);
  let format = '%a %b %e %H:%M:%S %Z %Y';
  if (opts.iso !== undefined) {
    const which = opts.iso === true ? 'date' : opts.iso;
    const match = Object.keys(ISO_FORMATS).find((k) => k.startsWith(which) && which !== '');
    if (match === undefined) cmd.usageError(`invalid argument ${quote(which)} for ‘--iso-8601’`);
    format = ISO_FORMATS[match];
  }
  if (opts.rfc) format = '%a, %d %b %Y %H:%M:%S %z';
  if (formats.length > 0) {
    if (opts.iso !== undefined || opts.rfc) cmd.fail('multiple output formats specified');
    format = formats[0].slice(1);
  }

  let ms = cmd.sys.now();
  let nanos = Math.round((ms % 1000) * 1e6);
  if (typeof opts.reference === 'string') {
    const st = cmd.sys.tryStat(opts.reference);
    if (st === undefined) cmd.fail(`${opts.reference}: No such file or directory`);
    ms = st.mtimeMs;
    nanos = Math.round((((ms % 1000) + 1000) % 1000) * 1e6);
  }
  if (typeof opts.date === 'string') {
    const parsed = parseDate(opts.date, ms);
    if (parsed === null) cmd.fail(`invalid date ${quote(opts.date)}`);
    ({ ms, nanos } = parsed);
  }
  cmd.out.write(strftime(format, ms, nanos) + '\n');
  return 0;
}

const UNITS: Record<string, number> = {
  sec: 1000, second: 1000, min: 60_000, minute: 60_000, hour: 3_600_000,
  day: 86_400_000, week: 7 * 86_400_000, fortnight: 14 * 86_400_000,
};

/** The instant `text` describes (relative to `now`), or null if it is not understood. */
export function parseDate(text: string, now: number): { ms: number; nanos: number } | null {
  let rest = text.trim().toLowerCase();
  const epoch = /^@([-+]?[0-9]+)(?:[.,]([0-9]+))?$/.exec(rest);
  if (epoch) {
    const seconds = Number(epoch[1]);
    const fraction = (epoch[2] ?? '').padEnd(9, '0').slice(0, 9);
    const nanos = Number(fraction);
    return { ms: seconds * 1000 + (seconds < 0 && nanos ? -1 : 1) * Math.floor(nanos / 1e6), nanos };
  }
  let base = now;
  let nanos = Math.round((((now % 1000) + 1000) % 1000) * 1e6);
  const absolute = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(z|utc|[+-]\d{2}:?\d{2})?/.exec(rest);
  if (absolute) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = absolute;
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
    base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    nanos = Number(frac.padEnd(9, '0').slice(0, 9));
    base += Math.floor(nanos / 1e6);
    if (zone && zone !== 'z' && zone !== 'utc') {
      const zm = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
      base -= (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])) * 60_000;
    }
    rest = rest.slice(absolute[0].length).trim();
  } else {
    const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(rest);
    if (time) {
      const day = new Date(now);
      base = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Number(time[1]), Number(time[2]), Number(time[3] ?? 0));
      nanos = 0;
      rest = rest.slice(time[0].length).trim();
    }
  }
  // Relative items: now, today, yesterday, tomorrow, [+-]N unit[s] [ago].
  while (rest !== '') {
    let m: RegExpExecArray | null;
    if ((m = /^(now|today)\b/.exec(rest))) {
      // no change
    } else if ((m = /^yesterday\b/.exec(rest))) base -= UNITS.day;
    else if ((m = /^tomorrow\b/.exec(rest))) base += UNITS.day;
    else if ((m = /^([-+]?\s*\d+)?\s*(sec|second|min|minute|hour|day|week|fortnight|month|year)s?\b(\s+ago\b)?/.exec(rest))) {
      let n = m[1] === undefined ? 1 : Number(m[1].replace(/\s+/g, ''));
      if (m[3]) n = -n;
      if (m[2] === 'month' || m[2] === 'year') {
        const d = new Date(base);
        if (m[2] === 'month') d.setUTCMonth(d.getUTCMonth() + n);
        else d.setUTCFullYear(d.getUTCFullYear() + n);
        base = d.getTime();
      } else base += n * UNITS[m[2]];
    } else return null;
    rest = rest.slice(m[0].length).trim();
  }
  return { ms: base, nanos };
}
