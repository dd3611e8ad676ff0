/**
 * Counts with GNU's multiplier suffixes, as head, tail and split read them
 * (gnulib xstrtoumax with "bkKmMGTPEZY0" and the B/iB forms): `5`, `2K`
 * (1024), `2kB` (1000), `1MiB`, `3b` (512-byte blocks). Values too large for
 * a double's integer range clamp to Infinity, which callers treat as "all",
 * as GNU clamps to UINTMAX_MAX.
 */

const POWERS = 'kKMGTPEZY';

/** The count in `text`, or null when it is not a valid count. Sign handling is the caller's. */
export function parseCount(text: string): number | null {
  const m = /^([0-9]+)(b|[kKMGTPEZY](?:iB|B)?)?$/.exec(text);
  if (!m) return null;
  let value = Number(m[1]);
  const suffix = m[2];
  if (suffix === 'b') value *= 512;
  else if (suffix !== undefined) {
    const power = Math.max(1, POWERS.indexOf(suffix[0]));
    const base = suffix.endsWith('B') && !suffix.endsWith('iB') ? 1000 : 1024;
    value *= base ** power;
  }
  return Number.isSafeInteger(value) ? value : Infinity;
}
