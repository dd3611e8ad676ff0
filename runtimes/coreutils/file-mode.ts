/**
 * File modes as text: the `ls -l` string (`drwxr-xr-x`) and the chmod(1)
 * mode language, octal (`755`) or symbolic (`u+x,go-w,a=r,+X,g=u`), as
 * specified by POSIX chmod and implemented in gnulib modechange.c.
 */
import type { FileType, Stat } from '../sys.js';

const TYPE_LETTER: Record<FileType, string> = {
  file: '-',
  dir: 'd',
  symlink: 'l',
  pipe: 'p',
  char: 'c',
  unknown: '?',
};

/** `-rwxr-sr-T` etc.: the type letter and the nine permission letters with setuid/setgid/sticky. */
export function modeString(type: FileType, mode: number): string {
  const triplet = (bits: number, special: boolean, specialLetter: string): string => {
    const x = bits & 1;
    const exec = special ? (x ? specialLetter : specialLetter.toUpperCase()) : x ? 'x' : '-';
    return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + exec;
  };
  return (
    TYPE_LETTER[type] +
    triplet((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') +
    triplet((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    triplet(mode & 7, (mode & 0o1000) !== 0, 't')
  );
}

/** The type word of `stat`'s %F. */
export function typeName(st: Stat): string {
  switch (st.type) {
    case 'file':
      return st.size === 0 ? 'regular empty file' : 'regular file';
    case 'dir':
      return 'directory';
    case 'symlink':
      return 'symbolic link';
    case 'pipe':
      return 'fifo';
    case 'char':
      return 'character special file';
    default:
      return 'weird file';
  }
}

interface Clause {
  /** Bits of u/g/o selected (0o7777 style mask), or null when no who letter was given (umask applies). */
  who: number | null;
  op: '+' | '-' | '=';
  /** Permission letters, or a copy source (`g=u`). */
  perms: string;
  copy: 'u' | 'g' | 'o' | null;
}

/** A parsed mode: apply it to a file's current mode. */
export interface ModeChange {
  apply(oldMode: number, isDir: boolean, umask: number): number;
  /** True for an octal mode (which sets every bit). */
  readonly octal: boolean;
}

const WHO_BITS: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777 };

/** Parse a chmod mode; null if it is not valid ("invalid mode: 'x'"). */
export function parseMode(text: string): ModeChange | null {
  if (/^[0-7]+$/.test(text)) {
    if (text.length > 4 && parseInt(text, 8) > 0o7777) return null;
    const value = parseInt(text, 8);
    return { octal: true, apply: () => value };
  }
  const clauses: Clause[] = [];
  for (const part of text.split(',')) {
    const m = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/.exec(part);
    if (!m) return null;
    let who: number | null = null;
    for (const letter of m[1]) who = (who ?? 0) | WHO_BITS[letter];
    for (const action of m[2].matchAll(/([-+=])([ugo]|[rwxXst]*)/g)) {
      const copy = /^[ugo]$/.test(action[2]) ? (action[2] as 'u' | 'g' | 'o') : null;
      clauses.push({ who, op: action[1] as Clause['op'], perms: copy ? '' : action[2], copy });
    }
  }
  return {
    octal: false,
    apply(oldMode: number, isDir: boolean, umask: number): number {
      let mode = oldMode & 0o7777;
      for (const clause of clauses) mode = applyClause(clause, mode, isDir, umask);
      return mode;
    },
  };
}

function applyClause(clause: Clause, mode: number, isDir: boolean, umask: number): number {
  // Without u/g/o/a, the umask's bits are left alone (POSIX chmod, "who" omitted).
  const who = clause.who ?? 0o7777;
  const mask = clause.who === null ? ~umask & 0o7777 : 0o7777;
  let bits = 0;
  if (clause.copy) {
    const shift = { u: 6, g: 3, o: 0 }[clause.copy];
    const rwx = (mode >> shift) & 7;
    bits = rwx * 0o111;
  }
  for (const letter of clause.perms) {
    if (letter === 'r') bits |= 0o444;
    else if (letter === 'w') bits |= 0o222;
    else if (letter === 'x') bits |= 0o111;
    else if (letter === 'X' && (isDir || (mode & 0o111) !== 0)) bits |= 0o111;
    else if (letter === 's') bits |= 0o6000;
    else if (letter === 't') bits |= 0o1000;
  }
  bits &= who & mask;
  switch (clause.op) {
    case '+':
      return mode | bits;
    case '-':
      return mode & ~bits;
    case '=': {
      // '=' clears the selected classes' bits (except, for directories, setuid/setgid
      // unless named: gnulib keeps them, as GNU chmod documents).
      const clear = who & mask & (isDir ? ~0o6000 | (bits & 0o6000) : 0o7777);
      return (mode & ~clear) | bits;
    }
  }
}
