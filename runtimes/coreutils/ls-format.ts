/**
 * How `ls` prints a group of files: one name per line (the format GNU ls
 * uses when stdout is not a terminal), names in columns (`-C`, and the
 * default on a terminal), or the `-l` long format with columns aligned
 * across the group, plus the `-i` inode and `-F`/`-p` indicators.
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
  /** Names in columns on lines of this many characters (-C), or null for one per line. */
  lineWidth: number | null;
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
    const names = files.map((f) => `${inodeOf(f)}${f.name}${indicator(f.st, options.classify)}`);
    if (options.lineWidth !== null) return inColumns(names, options.lineWidth);
    return names.map((name) => `${name}\n`).join('');
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

/** Columns of a name as a terminal shows it: one per code point (wide characters are not measured). */
const widthOf = (name: string) => [...name].length;

/**
 * GNU ls's many-per-line format (ls.c, calculate_columns and
 * print_many_per_line): names go down the columns, each column as wide as
 * its longest name plus two spaces (the last one without), with as many
 * columns as fit in less than `lineWidth`; padding uses tabs at every 8th
 * column where it can, as GNU's default tab size does.
 */
export function inColumns(names: string[], lineWidth: number): string {
  const n = names.length;
  if (n === 0) return '';
  const widths = names.map(widthOf);
  let columns = 1;
  let colWidths = [Math.max(...widths)];
  for (let cols = Math.min(n, Math.max(1, Math.floor(lineWidth / 3))); cols > 1; cols--) {
    const rows = Math.ceil(n / cols);
    const candidate = new Array<number>(Math.ceil(n / rows)).fill(0);
    widths.forEach((w, i) => {
      const col = Math.floor(i / rows);
      candidate[col] = Math.max(candidate[col]!, w + (col === candidate.length - 1 ? 0 : 2));
    });
    if (candidate.reduce((a, b) => a + b, 0) < lineWidth) {
      columns = candidate.length;
      colWidths = candidate;
      break;
    }
  }
  const rows = Math.ceil(n / columns);
  let out = '';
  for (let row = 0; row < rows; row++) {
    let pos = 0;
    for (let col = 0, i = row; i < n; col++, i += rows) {
      out += names[i];
      if (i + rows >= n) break;
      out += indent(pos + widths[i]!, pos + colWidths[col]!);
      pos += colWidths[col]!;
    }
    out += '\n';
  }
  return out;
}

/** Spaces from column `from` to `to`, with tabs where a tab stop (every 8) fits (GNU ls's indent). */
function indent(from: number, to: number): string {
  let out = '';
  while (from < to) {
    if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
      out += '\t';
      from += 8 - (from % 8);
    } else {
      out += ' ';
      from++;
    }
  }
  return out;
}
