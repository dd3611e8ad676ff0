/**
 * Path arithmetic for the sandbox's single tree. Paths are POSIX: absolute
 * after resolution, '.' and '..' removed, '..' of the root is the root (as on
 * Linux: path_resolution(7)), so nothing can name a place above '/'.
 */
import { Errno } from './errno.js';

/** Longest accepted path, as Linux's PATH_MAX. */
export const PATH_MAX = 4096;

/** Resolve `path` against the absolute directory `base`; returns an errno for a bad path. */
export function resolvePath(base: string, path: string): string | number {
  if (typeof path !== 'string') return Errno.EINVAL;
  if (path.length === 0) return Errno.ENOENT;
  if (path.includes('\0')) return Errno.EINVAL;
  if (path.length > PATH_MAX) return Errno.ENAMETOOLONG;
  const parts = path.startsWith('/') ? [] : splitPath(base);
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else if (part.length > 255) return Errno.ENAMETOOLONG;
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

export function splitPath(absolute: string): string[] {
  return absolute.split('/').filter((p) => p !== '' && p !== '.');
}

export function dirname(absolute: string): string {
  const i = absolute.lastIndexOf('/');
  return i <= 0 ? '/' : absolute.slice(0, i);
}

export function basename(absolute: string): string {
  return absolute.slice(absolute.lastIndexOf('/') + 1);
}

/** Whether `path` ended in a slash (or '/.'), which requires the target to be a directory. */
export function wantsDirectory(path: string): boolean {
  return path.endsWith('/') || path.endsWith('/.') || path === '.' || path === '..';
}
