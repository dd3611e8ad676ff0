/**
 * What the file commands share: quoting file names in messages the way GNU
 * does, wording errors, path arithmetic and name ordering.
 */
import { SysError, type Stat, type Sys } from '../sys.js';

/**
 * A file name in a diagnostic, as GNU's quoteaf() writes it
 * (gnulib quotearg.c, shell_escape_always_quoting_style): in single quotes;
 * a name with a single quote but nothing else special in double quotes;
 * otherwise `'\''` for quotes and `'$'\n''` for control characters.
 */
export function quoteFile(name: string): string {
  const hasControl = /[\x00-\x1f\x7f]/.test(name);
  if (!name.includes("'") && !hasControl) return `'${name}'`;
  if (!hasControl && !/["$`\\!]/.test(name)) return `"${name}"`;
  // Control characters go in $'...' segments: `'a'$'\n''b'`, `''$'\t'`.
  let out = "'";
  let inEscape = false;
  for (const ch of name) {
    const control = /[\x00-\x1f\x7f]/.test(ch);
    if (control && !inEscape) out += "'$'";
    if (!control && inEscape) out += "''";
    inEscape = control;
    if (ch === "'") out += "'\\''";
    else out += control ? controlEscape(ch) : ch;
  }
  return `${out}'`;
}

function controlEscape(ch: string): string {
  const named: Record<string, string> = { '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r' };
  const code = ch.charCodeAt(0);
  return `\\${named[ch] ?? code.toString(8).padStart(3, '0')}`;
}

/** The strerror text of a SysError; anything else is a bug and is rethrown. */
export function errorText(err: unknown): string {
  if (err instanceof SysError) return err.message;
  throw err;
}

export function errorCode(err: unknown): string {
  if (err instanceof SysError) return err.code;
  throw err;
}

/** Write `cmd: message\n` to stderr. */
export function warn(sys: Sys, cmd: string, message: string): void {
  sys.write(2, `${cmd}: ${message}\n`);
}

/** `dir/name`, without doubling a slash after `dir` ending in one (GNU find and ls do the same). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** The last component, ignoring trailing slashes, like basename(1). */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Everything before the last component, like dirname(1). */
export function dirName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return '.';
  const dir = trimmed.slice(0, slash).replace(/\/+$/, '');
  return dir === '' ? '/' : dir;
}

/**
 * Compare names in code point order, which is the byte order of their UTF-8
 * encoding: what GNU tools sort by under LC_ALL=C (and C.UTF-8). Plain `<`
 * compares UTF-16 units, which misorders characters above U+FFFF.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The entries of a directory in name order (the kernel's order is its own). */
export function sortedEntries(sys: Sys, dir: string): string[] {
  return sys.readdir(dir).sort(compareNames);
}

/** Whether `inner` is `outer` or lies under it (both absolute and normalized). */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer === '/' ? '/' : `${outer}/`);
}

/**
 * lstat as Linux reports it: a symlink has mode 0777 and the length of its
 * target as its size. (memfs gives 0666 and 0; until the kernel does this
 * itself, ls and stat patch it here.)
 */
export function linuxLstat(sys: Sys, path: string): Stat | undefined {
  const st = sys.tryStat(path, false);
  if (st?.type !== 'symlink') return st;
  let size = st.size;
  try {
    size = new TextEncoder().encode(sys.readlink(path)).length;
  } catch {
    // Keep the kernel's size if the link vanished meanwhile.
  }
  return { ...st, mode: 0o777, size };
}
