/** File names typed into the tree, and the paths built from them. */

/** NAME_MAX on Linux (limits.h): 255 bytes per path component. */
const NAME_MAX = 255;

/**
 * Why `name` cannot be a new file or folder name, or undefined when it can.
 * POSIX allows any byte but '/' and NUL; control characters are refused as
 * well, because the page types paths into a terminal, where a newline or an
 * escape would end or rewrite the command line.
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name === '.' || name === '..') return `'${name}' names a directory that already exists`;
  if (name.includes('/')) return 'a name cannot contain /';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'a name cannot contain control characters';
  if (new TextEncoder().encode(name).byteLength > NAME_MAX) return `a name is at most ${NAME_MAX} bytes`;
  return undefined;
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `dir` or inside it. */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}
