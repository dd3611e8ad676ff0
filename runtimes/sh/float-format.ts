/**
 * C's `%f`, `%e` and `%g` for doubles, digit for digit as glibc prints them.
 * JavaScript's toFixed/toExponential round ties away from zero on the
 * decimal value, while glibc rounds the exact binary value half-to-even
 * (`printf '%.0f' 2.5` is `2`), so digits come from the double's exact
 * decimal expansion, computed with BigInt.
 */

/** The exact value of a finite non-negative double as decimal digits and the position of the point. */
function exactDecimal(x: number): { digits: string; point: number } {
  if (x === 0) return { digits: '0', point: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent: number;
  if (exponentBits === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  if (exponent >= 0) {
    const digits = (mantissa << BigInt(exponent)).toString();
    return { digits, point: digits.length };
  }
  // m / 2^k = m * 5^k / 10^k
  const k = -exponent;
  const digits = (mantissa * 5n ** BigInt(k)).toString();
  return { digits, point: digits.length - k };
}

/**
 * Round the digit string so that it keeps `keep` digits (counting from its
 * start), half to even on the exact value. Returns digits and new point.
 */
function roundDigits(digits: string, point: number, keep: number): { digits: string; point: number } {
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), point };
  const head = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const last = keep > 0 ? head.charCodeAt(keep - 1) - 48 : 0;
  const up = first > 5 || (first === 5 && (tail || last % 2 === 1));
  if (!up) return { digits: head, point };
  const bumped = (BigInt(head || '0') + 1n).toString();
  if (bumped.length > keep && keep > 0) return { digits: bumped.slice(0, keep), point: point + 1 };
  if (keep === 0) return { digits: bumped, point: point + 1 };
  return { digits: bumped.padStart(keep, '0'), point };
}

/** `%.{precision}f` of a finite non-negative number (no sign). */
export function formatFixed(x: number, precision: number): string {
  const { digits, point } = exactDecimal(x);
  // Keep every digit up to `precision` places after the point.
  const keep = point + precision;
  let d: string;
  let p: number;
  if (keep < 0) {
    d = '0';
    p = 1;
  } else {
    ({ digits: d, point: p } = roundDigits(digits, point, keep));
  }
  let intPart = p > 0 ? d.slice(0, p).padEnd(p, '0') : '0';
  intPart = intPart.replace(/^0+(?=\d)/, '');
  let frac = p >= 0 ? d.slice(p) : '0'.repeat(-p) + d;
  frac = frac.padEnd(precision, '0').slice(0, precision);
  return precision > 0 ? `${intPart}.${frac}` : intPart;
}

/** Mantissa digits (precision+1 significant) and decimal exponent of a finite non-negative number. */
function significant(x: number, count: number): { digits: string; exponent: number } {
  if (x === 0) return { digits: '0'.repeat(count), exponent: 0 };
  const exact = exactDecimal(x);
  const lead = exact.digits.search(/[1-9]/);
  const digits = exact.digits.slice(lead);
  const point = exact.point - lead;
  const rounded = roundDigits(digits, point, count);
  return { digits: rounded.digits, exponent: rounded.point - 1 };
}

function exponentText(exponent: number): string {
  const sign = exponent < 0 ? '-' : '+';
  return `e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** `%.{precision}e` of a finite non-negative number. */
export function formatExponential(x: number, precision: number, alternate = false): string {
  const { digits, exponent } = significant(x, precision + 1);
  const mantissa = digits.slice(0, 1) + (precision > 0 || alternate ? `.${digits.slice(1)}` : '');
  return mantissa + exponentText(exponent);
}

/** `%.{precision}g`: the shorter of %e and %f by C's rule, trailing zeros removed unless `alternate`. */
export function formatGeneral(x: number, precision: number, alternate = false): string {
  const p = precision === 0 ? 1 : precision;
  const { exponent } = significant(x, p);
  let text: string;
  if (exponent < p && exponent >= -4) {
    text = formatFixed(x, p - 1 - exponent);
    if (alternate && !text.includes('.')) text += '.';
  } else {
    text = formatExponential(x, p - 1, alternate);
  }
  if (alternate) return text;
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return trimmed + (e < 0 ? '' : text.slice(e));
}
