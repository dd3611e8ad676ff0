/**
 * seq: print a sequence of numbers. Decimal operands are exact: they are
 * scaled to integers (BigInt), so `seq 0.1 0.1 0.3` ends at 0.3 and
 * `seq 1e20 1e20+2` counts exactly, where GNU relies on long double. The
 * default precision is the larger number of fraction digits of FIRST and
 * INCREMENT, as in GNU; -f formats through the shared printf engine.
 */
import type { Program } from '../program.js';
import { formatPrintf } from '../sh/printf-format.js';
import { command, quote, type Cmd } from './common.js';

const HELP = `Usage: seq [OPTION]... LAST
  or:  seq [OPTION]... FIRST LAST
  or:  seq [OPTION]... FIRST INCREMENT LAST
Print numbers from FIRST to LAST, in steps of INCREMENT.

Mandatory arguments to long options are mandatory for short options too.
  -f, --format=FORMAT      use printf style floating-point FORMAT
  -s, --separator=STRING   use STRING to separate numbers (default: \\n)
  -w, --equal-width        equalize width by padding with leading zeroes
      --help     display this help and exit
      --version  output version information and exit

If FIRST or INCREMENT is omitted, it defaults to 1.  That is, an
omitted INCREMENT defaults to 1 even when LAST is smaller than FIRST.
The sequence of numbers ends when the sum of the current number and
INCREMENT would become greater than LAST.
FIRST, INCREMENT, and LAST are interpreted as floating point values.
INCREMENT is usually positive if FIRST is smaller than LAST, and
INCREMENT is usually negative if FIRST is greater than LAST.
INCREMENT must not be 0; none of FIRST, INCREMENT and LAST may be NaN.
FORMAT must be suitable for printing one argument of type 'double';
it defaults to %.PRECf if FIRST, INCREMENT, and LAST are all fixed point
decimal numbers with maximum precision PREC, and to %g otherwise.
`;

const SPEC = {
  help: HELP,
  // GNU seq's getopt string starts with '+': options end at the first operand.
  stopAtOperand: true,
  negativeNumbers: true,
  options: {
    format: { short: 'f', long: 'format', arg: 'required' },
    separator: { short: 's', long: 'separator', arg: 'required' },
    width: { short: 'w', long: 'equal-width' },
  },
} as const;

/** A decimal operand as mantissa × 10^-scale. */
interface Decimal {
  m: bigint;
  scale: number;
}

export const seq: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  if (operands.length > 3) cmd.usageError(`extra operand ${quote(operands[3])}`);
  const format = typeof opts.format === 'string' ? opts.format : undefined;
  if (format !== undefined && opts.width) cmd.usageError('format string may not be specified when printing equal width strings');
  if (format !== undefined) checkFormat(cmd, format);
  const [firstText, stepText, lastText] =
    operands.length === 1 ? ['1', '1', operands[0]] : operands.length === 2 ? [operands[0], '1', operands[1]] : operands;
  for (const text of [firstText, stepText, lastText]) {
    if (/^\s*[-+]?nan/i.test(text)) cmd.usageError(`invalid ‘not-a-number’ argument: ${quote(text)}`);
    if (parseFloatArg(text) === null) cmd.usageError(`invalid floating point argument: ${quote(text)}`);
  }
  if (parseFloatArg(stepText) === 0) cmd.usageError(`invalid Zero increment value: ${quote(stepText)}`);
  const separator = typeof opts.separator === 'string' ? opts.separator : '\n';

  const first = parseDecimal(firstText);
  const step = parseDecimal(stepText);
  const last = parseDecimal(lastText);
  let count = 0;
  const emit = (text: string): void => {
    cmd.out.write(count++ === 0 ? text : separator + text);
  };
  if (first && step && last) {
    const precision = Math.max(first.scale, step.scale);
    const scale = Math.max(precision, last.scale);
    const up = (x: Decimal): bigint => x.m * 10n ** BigInt(scale - x.scale);
    const lastValue = up(last);
    const stepValue = up(step);
    const width = opts.width ? Math.max(fixed(up(first), scale, precision).length, fixed(lastValue, scale, precision).length) : 0;
    const positive = stepValue > 0n;
    for (let v = up(first); positive ? v <= lastValue : v >= lastValue; v += stepValue) {
      const text = fixed(v, scale, precision);
      emit(format !== undefined ? formatPrintf(format, [text], 'coreutils').output : width ? padZeros(text, width) : text);
    }
  } else {
    // Hexadecimal or infinite operands: plain doubles, printed with %g.
    const a = parseFloatArg(firstText)!;
    const s = parseFloatArg(stepText)!;
    const b = parseFloatArg(lastText)!;
    for (let i = 0, v = a; s > 0 ? v <= b : v >= b; i++, v = a + i * s) {
      emit(formatPrintf(format ?? '%g', [String(v)], 'coreutils').output);
    }
  }
  if (count > 0) cmd.out.write('\n');
  return 0;
}

/** `v` (scaled by 10^scale) with `precision` fraction digits; the dropped digits are zeros. */
function fixed(v: bigint, scale: number, precision: number): string {
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString().padStart(scale + 1, '0');
  digits = digits.slice(0, digits.length - (scale - precision));
  const int = digits.slice(0, digits.length - precision);
  const text = precision > 0 ? `${int}.${digits.slice(int.length)}` : int;
  return negative ? `-${text}` : text;
}

function padZeros(text: string, width: number): string {
  if (text.length >= width) return text;
  const sign = text.startsWith('-') ? '-' : '';
  return sign + text.slice(sign.length).padStart(width - sign.length, '0');
}

/** A fixed-point or exponent decimal, exactly; null for hex, inf and the like. */
function parseDecimal(text: string): Decimal | null {
  const m = /^\s*([-+]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] + (m[3] ?? '')).length === 0) return null;
  const frac = m[3] ?? '';
  let mantissa = BigInt(m[2] + frac || '0');
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    mantissa *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { m: m[1] === '-' ? -mantissa : mantissa, scale };
}

/** strtold's view of an operand: decimal, hex, inf; null when it is not a number. */
function parseFloatArg(text: string): number | null {
  const t = text.trim();
  if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?0x[0-9a-f]+$/i.test(t)) return (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[-+]?0x/i, ''), 16);
  const d = parseDecimal(t);
  return d === null ? null : Number(t);
}

/** GNU seq accepts exactly one floating-point directive in -f. */
function checkFormat(cmd: Cmd, format: string): void {
  const directives = format.replace(/%%/g, '').match(/%[-+ #0']*[0-9]*(\.[0-9]*)?[a-zA-Z]?/g) ?? [];
  if (directives.length === 0) cmd.fail(`format ${quote(format)} has no % directive`);
  if (directives.length > 1) cmd.fail(`format ${quote(format)} has too many % directives`);
  const conversion = directives[0]!.slice(-1);
  if (!/[eEfFgGaA]/.test(conversion)) cmd.fail(`format ${quote(format)} has unknown ${directives[0]!} directive`);
}
