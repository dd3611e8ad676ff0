/**
 * Sizes for people (`ls -lh`, `du -h`): powers of 1024 with a one-letter
 * suffix, rounded up as GNU's human_readable() does with human_ceiling:
 * one decimal below 10 (`1.5K`), whole numbers above (`15K`).
 */
const SUFFIXES = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < SUFFIXES.length - 1) {
    value /= 1024;
    unit++;
  }
  if (value < 10) {
    const tenths = Math.ceil(value * 10 - 1e-9) / 10;
    // 9.96 rounds up to 10.0, which GNU prints as "10" of the same unit.
    if (tenths < 10) return `${tenths.toFixed(1)}${SUFFIXES[unit]}`;
    value = 10;
  }
  const whole = Math.ceil(value - 1e-9);
  if (whole >= 1024 && unit < SUFFIXES.length - 1) return `1.0${SUFFIXES[unit + 1]}`;
  return `${whole}${SUFFIXES[unit]}`;
}

/** Blocks of 1024 bytes a file of `size` bytes is counted as (apparent size, rounded up). */
export function kilobytes(size: number): number {
  return Math.ceil(size / 1024);
}
