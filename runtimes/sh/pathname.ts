/**
 * Pathname expansion (POSIX 2.13.3): a word with unquoted `*`, `?` or `[`
 * becomes the sorted list of existing paths it matches. A component's
 * leading `.` must be matched explicitly, `.` and `..` are never produced by
 * a wildcard, and a word that matches nothing is left as it is (the caller
 * removes its quotes). Results are sorted by code point, like bash in the C
 * locale.
 */
import { rethrowInterrupted } from '../program.js';
import type { Sys } from '../sys.js';
import { compilePattern, hasGlobChars, unescapePattern } from './pattern.js';

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listDir(sys: Sys, dir: string): string[] {
  try {
    return sys.readdir(dir === '' ? '.' : dir);
  } catch (error) {
    rethrowInterrupted(error);
    return [];
  }
}

/** Expand `pattern` (with quoted characters backslash-escaped); null when nothing matches or it is not a pattern. */
export interface GlobOptions {
  /** bash's dotglob: wildcards match a leading `.` too (never `.` and `..`). */
  dotglob?: boolean;
  nocase?: boolean;
  /** bash's globstar: a `**` component matches any depth of directories. */
  globstar?: boolean;
}

/** Every entry below `dir` (a prefix ending in '/' or ''), depth first; symlinked directories are not entered. */
function walk(sys: Sys, dir: string, dotglob: boolean, out: { path: string; dir: boolean }[]): void {
  for (const name of listDir(sys, dir).sort(byCodePoint)) {
    if (!dotglob && name.startsWith('.')) continue;
    const path = dir + name;
    const isDir = sys.tryStat(path, false)?.type === 'dir';
    out.push({ path, dir: isDir });
    if (isDir) walk(sys, `${path}/`, dotglob, out);
  }
}

export function expandPathname(sys: Sys, pattern: string, options: GlobOptions = {}): string[] | null {
  if (!hasGlobChars(pattern)) return null;
  const absolute = pattern.startsWith('/');
  const components = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  if (absolute) components.shift();
  // Each entry is a path prefix ending in '/' (or '' for the cwd).
  // A trailing slash keeps only directories, and keeps the slash (`echo */`).
  const trailingSlash = pattern.endsWith('/');
  let paths = [absolute ? '/' : ''];
  components.forEach((component, index) => {
    const last = index === components.length - 1 && !trailingSlash;
    const next: string[] = [];
    if (options.globstar && component === '**') {
      for (const p of paths) {
        const below: { path: string; dir: boolean }[] = [];
        walk(sys, p, options.dotglob ?? false, below);
        if (last) next.push(...below.map((e) => e.path));
        else next.push(p, ...below.filter((e) => e.dir).map((e) => `${e.path}/`));
      }
    } else if (!hasGlobChars(component)) {
      const name = unescapePattern(component);
      for (const p of paths) {
        const path = p + name;
        const st = sys.tryStat(path, !last);
        if (st && (last || st.type === 'dir')) next.push(last ? path : `${path}/`);
      }
    } else {
      const matcher = compilePattern(component, { pathname: true, nocase: options.nocase });
      const explicitDot = options.dotglob || component.startsWith('.') || component.startsWith('\\.');
      for (const p of paths) {
        const names = listDir(sys, p).filter(
          (n) => n !== '.' && n !== '..' && (explicitDot || !n.startsWith('.')) && matcher.test(n),
        );
        for (const n of names) {
          if (last) next.push(p + n);
          else if (sys.tryStat(p + n)?.type === 'dir') next.push(`${p + n}/`);
        }
      }
    }
    paths = next;
  });
  if (paths.length === 0) return null;
  return paths.sort(byCodePoint);
}
