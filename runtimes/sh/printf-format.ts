/**
 * printf(1) formatting, shared by the shell's `printf` builtin and the
 * coreutils `printf`: conversions %s %b %q %c %d %i %u %o %x %X %e %E %f %F
 * %g %G with flags `-+ #0`, width and precision (`*` takes an argument),
 * C length modifiers accepted and ignored; the format is reused until the
 * arguments run out (POSIX printf, "EXTENDED DESCRIPTION"). Numeric
 * arguments follow C's strtol/strtod plus `'c` for a character's code. Error
 * texts differ between bash and coreutils, so the caller picks the style.
 */
import { decodeEscapes } from './escapes.js';
import { formatExponential, formatFixed, formatGeneral } from './float-format.js';
import { backslashQuote } from './quote.js';

export type PrintfStyle = 'bash' | 'coreutils';

export interface PrintfResult {
  output: string;
  /** Diagnostics without the program prefix, e.g. "x: invalid number". */
  errors: string[];
  /** 0, or 1 when an argument was not a valid number or the format was bad. */
  status: number;
}

interface Spec {
  flags: string;
  width?: number;
  precision?: number;
  conversion: string;
}

const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const UINT64 = 0x10000000000000000n;

class Formatter {
  output = '';
  errors: string[] = [];
  status = 0;
  /** Set by `\c` in a %b argument: print nothing more. */
  stopped = false;
  private argIndex = 0;

  constructor(
    private readonly args: string[],
    private readonly style: PrintfStyle,
  ) {}

  get consumed(): number {
    return this.argIndex;
  }

  get remaining(): boolean {
    return this.argIndex < this.args.length;
  }

  nextArg(): string | undefined {
    return this.argIndex < this.args.length ? this.args[this.argIndex++] : undefined;
  }

  invalid(arg: string, complete: boolean): void {
    this.status = 1;
    if (this.style === 'bash') this.errors.push(`${arg}: invalid number`);
    else this.errors.push(complete ? `‘${arg}’: expected a numeric value` : `‘${arg}’: value not completely converted`);
  }

  /** strtoimax with base detection; a leading quote gives the next character's code. */
  integer(arg: string | undefined): bigint {
    if (arg === undefined || arg === '') return 0n;
    if (arg[0] === "'" || arg[0] === '"') return BigInt(arg.length > 1 ? arg.codePointAt(1)! : 0);
    const m = /^[ \t\n\v\f\r]*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
    if (!m) {
      this.invalid(arg, true);
      return 0n;
    }
    const body = m[2];
    let value = body.startsWith('0x') || body.startsWith('0X') ? BigInt(body) : body.startsWith('0') ? BigInt(`0o${body.slice(1) || '0'}`) : BigInt(body);
    if (m[1] === '-') value = -value;
    if (m[0].length !== arg.length) this.invalid(arg, false);
    if (value > INT64_MAX || value < INT64_MIN) {
      this.status = 1;
      this.errors.push(this.style === 'bash' ? `warning: ${arg}: Numerical result out of range` : `${arg}: Numerical result out of range`);
      value = value > 0n ? INT64_MAX : INT64_MIN;
    }
    return value;
  }

  /** strtod: decimal, hex, inf and nan. */
  float(arg: string | undefined): number {
    if (arg === undefined || arg === '') return 0;
    if (arg[0] === "'" || arg[0] === '"') return arg.length > 1 ? arg.codePointAt(1)! : 0;
    const m = /^[ \t\n\v\f\r]*([-+]?(?:inf(?:inity)?|nan|0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?))/i.exec(arg);
    if (!m) {
      this.invalid(arg, true);
      return 0;
    }
    if (m[0].length !== arg.length) this.invalid(arg, false);
    const text = m[1].toLowerCase();
    const sign = text.startsWith('-') ? -1 : 1;
    const body = text.replace(/^[-+]/, '');
    if (body.startsWith('inf')) return sign * Infinity;
    if (body === 'nan') return NaN;
    if (body.startsWith('0x')) return sign * parseInt(body, 16);
    return sign * Number(body);
  }
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  if (text.length >= width) return text;
  if (spec.flags.includes('-')) return text.padEnd(width, ' ');
  if (numeric && spec.flags.includes('0')) {
    // Zeros go after the sign and any 0x prefix.
    const m = /^([-+ ]?(?:0[xX])?)(.*)$/s.exec(text)!;
    return m[1] + m[2].padStart(width - m[1].length, '0');
  }
  return text.padStart(width, ' ');
}

function signed(negative: boolean, body: string, flags: string): string {
  if (negative) return `-${body}`;
  if (flags.includes('+')) return `+${body}`;
  if (flags.includes(' ')) return ` ${body}`;
  return body;
}

function formatInteger(value: bigint, spec: Spec): string {
  const c = spec.conversion;
  let negative = false;
  let digits: string;
  if (c === 'd' || c === 'i') {
    negative = value < 0n;
    digits = (negative ? -value : value).toString();
  } else {
    const unsigned = value < 0n ? value + UINT64 : value;
    digits = unsigned.toString(c === 'o' ? 8 : c === 'u' ? 10 : 16);
    if (c === 'X') digits = digits.toUpperCase();
  }
  if (spec.precision !== undefined) {
    digits = spec.precision === 0 && value === 0n ? '' : digits.padStart(spec.precision, '0');
  }
  if (spec.flags.includes('#')) {
    if (c === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
    else if ((c === 'x' || c === 'X') && value !== 0n) digits = (c === 'x' ? '0x' : '0X') + digits;
  }
  const text = c === 'd' || c === 'i' ? signed(negative, digits, spec.flags) : digits;
  // With a precision, the 0 flag is ignored for integers (C99 7.19.6.1).
  return pad(text, spec.precision !== undefined ? { ...spec, flags: spec.flags.replace(/0/g, '') } : spec, true);
}

function formatFloat(value: number, spec: Spec): string {
  const c = spec.conversion;
  const upper = c === 'E' || c === 'F' || c === 'G';
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  const precision = spec.precision ?? 6;
  const alternate = spec.flags.includes('#');
  let body: string;
  if (!Number.isFinite(abs)) {
    body = Number.isNaN(abs) ? 'nan' : 'inf';
    const text = signed(negative && !Number.isNaN(abs), upper ? body.toUpperCase() : body, spec.flags);
    return pad(text, { ...spec, flags: spec.flags.replace(/0/g, '') }, false);
  }
  if (c === 'f' || c === 'F') body = formatFixed(abs, precision);
  else if (c === 'e' || c === 'E') body = formatExponential(abs, precision, alternate);
  else body = formatGeneral(abs, precision, alternate);
  if (alternate && (c === 'f' || c === 'F') && !body.includes('.')) body += '.';
  if (upper) body = body.toUpperCase();
  return pad(signed(negative, body, spec.flags), spec, true);
}

function convert(f: Formatter, spec: Spec): string {
  switch (spec.conversion) {
    case 's': {
      let arg = f.nextArg() ?? '';
      if (spec.precision !== undefined) arg = arg.slice(0, spec.precision);
      return pad(arg, spec, false);
    }
    case 'b': {
      const decoded = decodeEscapes(f.nextArg() ?? '', 'b');
      if (decoded.stop) f.stopped = true;
      let text = decoded.text;
      if (spec.precision !== undefined) text = text.slice(0, spec.precision);
      return pad(text, spec, false);
    }
    case 'q': {
      const arg = f.nextArg();
      return pad(arg === undefined ? "''" : backslashQuote(arg), spec, false);
    }
    case 'c': {
      const arg = f.nextArg() ?? '';
      return pad(arg === '' ? '\0' : String.fromCodePoint(arg.codePointAt(0)!), spec, false);
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(f.integer(f.nextArg()), spec);
    default:
      return formatFloat(f.float(f.nextArg()), spec);
  }
}

/** One pass over the format. Returns false when formatting must stop (bad format or `\c`). */
function pass(f: Formatter, format: string): boolean {
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === '\\') {
      // One escape at a time, so `\c` in the format stays literal.
      let end = i + 2;
      if (/[0-7]/.test(format[i + 1] ?? '')) end = i + 1 + (/^[0-7]{1,3}/.exec(format.slice(i + 1))![0].length);
      else if (format[i + 1] === 'x') end = i + 2 + (/^[0-9a-fA-F]{0,2}/.exec(format.slice(i + 2))![0].length);
      else if (format[i + 1] === 'u') end = i + 2 + (/^[0-9a-fA-F]{0,4}/.exec(format.slice(i + 2))![0].length);
      else if (format[i + 1] === 'U') end = i + 2 + (/^[0-9a-fA-F]{0,8}/.exec(format.slice(i + 2))![0].length);
      f.output += decodeEscapes(format.slice(i, end), 'format').text;
      i = end;
      continue;
    }
    if (c !== '%') {
      f.output += c;
      i++;
      continue;
    }
    if (format[i + 1] === '%') {
      f.output += '%';
      i += 2;
      continue;
    }
    const start = i;
    i++;
    let flags = '';
    while (i < format.length && "-+ #0'".includes(format[i])) flags += format[i++];
    const spec: Spec = { flags, conversion: '' };
    if (format[i] === '*') {
      const w = Number(f.integer(f.nextArg()));
      if (w < 0) spec.flags += '-';
      spec.width = Math.abs(w);
      i++;
    } else {
      const m = /^[0-9]+/.exec(format.slice(i));
      if (m) {
        spec.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        const p = Number(f.integer(f.nextArg()));
        spec.precision = p < 0 ? undefined : p;
        i++;
      } else {
        const m = /^[0-9]*/.exec(format.slice(i))!;
        spec.precision = Number(m[0] || '0');
        i += m[0].length;
      }
    }
    while (i < format.length && 'hlLjzt'.includes(format[i])) i++;
    if (i >= format.length) {
      f.status = 1;
      f.errors.push(`\`${format.slice(start)}': missing format character`);
      return false;
    }
    spec.conversion = format[i++];
    if (!'sbqcdiuoxXeEfFgG'.includes(spec.conversion)) {
      f.status = 1;
      f.errors.push(`\`${spec.conversion}': invalid format character`);
      return false;
    }
    const text = convert(f, spec);
    if (f.stopped) {
      f.output += text;
      return false;
    }
    f.output += text;
  }
  return true;
}

export function formatPrintf(format: string, args: string[], style: PrintfStyle = 'bash'): PrintfResult {
  const f = new Formatter(args, style);
  for (;;) {
    const before = f.consumed;
    if (!pass(f, format)) break;
    // Reuse the format while arguments remain, but only if it consumes any.
    if (!f.remaining || f.consumed === before) break;
  }
  return { output: f.output, errors: f.errors, status: f.status };
}
