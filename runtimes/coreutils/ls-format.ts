/**
 * How `ls` prints a group of files: one name per line (the format GNU ls
 * uses when stdout is not a terminal), or the `-l` long format with columns
 * aligned across the group, plus the `-i` inode and `-F`/`-p` indicators.
 */
import type { Stat } from '../sys.js';
import { modeString } from './file-mode.js';
import { humanSize, kilobytes } from './human-size.js';
import { lsTime } from './time-format.js';

/** One file to print: its name as shown, its lstat, and for symlinks the target and what it points at. */
export interface Listed {
  name: string;
  st: Stat;
  linkTarget?: string;
  targetSt?: Stat;
}

export interface FormatOptions {
  long: boolean;
  inode: boolean;
  human: boolean;
  numeric: boolean;
  /** -F: all indicators; -p: '/' only. */
  classify: 'none' | 'slash' | 'all';
  nowMs: number;
}

/** The sandbox has one user (uid 1000), shown by name as GNU would from /etc/passwd. */
export function userName(uid: number): string {
  return uid === 1000 ? 'user' : uid === 0 ? 'root' : String(uid);
}

export function indicator(st: Stat, classify: FormatOptions['classify']): string {
  if (classify === 'none') return '';
  if (st.type === 'dir') return '/';
  if (classify === 'slash') return '';
  if (st.type === 'symlink') return '@';
  if (st.type === 'pipe') return '|';
  if (st.type === 'file' && (st.mode & 0o111) !== 0) return '*';
  return '';
}

/** The `total` of a directory listing: 1K blocks, each file counted at its apparent size. */
export function totalBlocks(files: Listed[]): number {
  return files.reduce((sum, f) => sum + kilobytes(f.st.size), 0);
}

export function formatGroup(files: Listed[], options: FormatOptions): string {
  const inodeWidth = options.inode ? Math.max(...files.map((f) => String(f.st.ino).length), 0) : 0;
  const inodeOf = (f: Listed) => (options.inode ? `${String(f.st.ino).padStart(inodeWidth)} ` : '');
  if (!options.long) {
    return files.map((f) => `${inodeOf(f)}${f.name}${indicator(f.st, options.classify)}\n`).join('');
  }
  const size = (f: Listed) => (options.human ? humanSize(f.st.size) : String(f.st.size));
  const owner = (id: number) => (options.numeric ? String(id) : userName(id));
  const widths = {
    links: Math.max(...files.map((f) => String(f.st.nlink).length)),
    user: Math.max(...files.map((f) => owner(f.st.uid).length)),
    group: Math.max(...files.map((f) => owner(f.st.gid).length)),
    size: Math.max(...files.map((f) => size(f).length)),
  };
  let out = '';
  for (const f of files) {
    let name = f.name;
    if (f.st.type === 'symlink' && f.linkTarget !== undefined) {
      // -lF marks the target by the type of what it points at: `ls -> sub/`.
      const mark = f.targetSt && options.classify === 'all' ? indicator(f.targetSt, 'all') : '';
      name += ` -> ${f.linkTarget}${mark}`;
    } else {
      name += indicator(f.st, options.classify);
    }
    out +=
      `${inodeOf(f)}${modeString(f.st.type, f.st.mode)} ${String(f.st.nlink).padStart(widths.links)} ` +
      `${owner(f.st.uid).padEnd(widths.user)} ${owner(f.st.gid).padEnd(widths.group)} ` +
      `${size(f).padStart(widths.size)} ${lsTime(f.st.mtimeMs, options.nowMs)} ${name}\n`;
  }
  return out;
}
