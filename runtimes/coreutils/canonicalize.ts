/**
 * Resolve a path to its canonical absolute form, the way gnulib's
 * canonicalize_filename_mode() does for readlink -f/-e/-m and realpath:
 * every symlink expanded, `.` and `..` folded after expansion, with a
 * choice of how much of the path must exist.
 */
import { SysError, type Sys } from '../sys.js';

/**
 * 'existing': every component must exist (-e).
 * 'allButLast': all but the last must exist (-f, realpath's default).
 * 'missing': nothing need exist (-m).
 */
export type CanonMode = 'existing' | 'allButLast' | 'missing';

/** Linux's limit on symlinks followed in one lookup (MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

/** Throws SysError (ENOENT, ENOTDIR, ELOOP) when the path does not meet `mode`. */
export function canonicalize(sys: Sys, path: string, mode: CanonMode): string {
  if (path === '') throw new SysError('ENOENT', 'realpath', path);
  const pending = path.split('/').filter(Boolean);
  const done: string[] = path.startsWith('/') ? [] : sys.cwd.split('/').filter(Boolean);
  let links = 0;
  // Once a component is missing (-m), the rest is taken lexically.
  let missing = false;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    done.push(part);
    if (missing) continue;
    const current = `/${done.join('/')}`;
    const st = sys.tryStat(current, false);
    if (!st) {
      const last = pending.length === 0;
      if (mode === 'missing' || (mode === 'allButLast' && last)) {
        missing = true;
        continue;
      }
      throw new SysError('ENOENT', 'realpath', path);
    }
    if (st.type === 'symlink') {
      if (++links > MAX_SYMLINKS) throw new SysError('ELOOP', 'realpath', path);
      const target = sys.readlink(current);
      done.pop();
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...target.split('/').filter(Boolean));
      continue;
    }
    if (st.type !== 'dir' && pending.some((p) => p !== '.' && p !== '..') && mode !== 'missing') {
      throw new SysError('ENOTDIR', 'realpath', path);
    }
  }
  return `/${done.join('/')}`;
}

/** `to` relative to the directory `from` (both absolute, canonical), as realpath --relative-to prints it. */
export function relativePath(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  const rel = [...up, ...b.slice(common)].join('/');
  return rel === '' ? '.' : rel;
}
