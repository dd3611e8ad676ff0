/**
 * `read [-r] [-p prompt] [-a array] [-d delim] [-n n] [-N n] [-s] [-t secs] [-u fd] [name...]`.
 * It must not consume input past the line it returns, because the next
 * command reads the same fd: from a pipe it reads a byte at a time (as bash
 * does); from a regular file it reads a block and seeks back. Fields are
 * split on IFS, the last name taking the rest of the line.
 */
import { rethrowInterrupted } from '../../program.js';
import type { Builtin } from './index.js';
import type { Shell } from '../interpreter.js';
import { isName } from '../variables.js';

interface ReadOptions {
  raw: boolean;
  prompt?: string;
  array?: string;
  delimiter: string;
  count?: number;
  exact: boolean;
  fd: number;
}

/** Read up to the delimiter (or `count` characters). Returns the text and whether input ended first. */
function readLine(sh: Shell, o: ReadOptions): { text: string; eof: boolean } {
  const sys = sh.sys;
  const delim = o.delimiter === '' ? 0 : o.delimiter.charCodeAt(0);
  const bytes: number[] = [];
  let seekable = false;
  try {
    seekable = sys.fstat(o.fd).type === 'file';
  } catch (error) {
    rethrowInterrupted(error);
    seekable = false;
  }
  const chunk = new Uint8Array(seekable ? 4096 : 1);
  let escaped = false;
  for (;;) {
    const n = sys.read(o.fd, chunk);
    if (n === 0) return { text: decode(bytes), eof: true };
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      const done = () => {
        if (seekable && i + 1 < n) sys.seek(o.fd, i + 1 - n, 'cur');
      };
      if (!o.exact && !escaped && b === delim) {
        done();
        return { text: decode(bytes), eof: false };
      }
      escaped = !o.raw && !escaped && b === 0x5c;
      bytes.push(b);
      if (o.count !== undefined && decode(bytes).replace(/\\(.)/gs, o.raw ? '\\$1' : '$1').length >= o.count) {
        done();
        return { text: decode(bytes), eof: false };
      }
    }
  }
}

function decode(bytes: number[]): string {
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Without -r: `\x` keeps x literally (never a delimiter), `\` newline disappears. Returns chars and which were escaped. */
function unescape(text: string, raw: boolean): { chars: string[]; literal: boolean[] } {
  const chars: string[] = [];
  const literal: boolean[] = [];
  const all = [...text];
  for (let i = 0; i < all.length; i++) {
    if (!raw && all[i] === '\\' && i + 1 < all.length) {
      i++;
      if (all[i] === '\n') continue;
      chars.push(all[i]);
      literal.push(true);
    } else if (!raw && all[i] === '\\') {
      continue;
    } else {
      chars.push(all[i]);
      literal.push(false);
    }
  }
  return { chars, literal };
}

/** Split into at most `max` fields; the last keeps the rest of the line. */
export function splitForRead(chars: string[], literal: boolean[], ifs: string, max: number): string[] {
  const isWs = (i: number) => !literal[i] && ifs.includes(chars[i]) && ' \t\n'.includes(chars[i]);
  const isDelim = (i: number) => !literal[i] && ifs.includes(chars[i]);
  const fields: string[] = [];
  let i = 0;
  while (i < chars.length && isWs(i)) i++;
  while (i < chars.length) {
    if (fields.length === max - 1) {
      let end = chars.length;
      while (end > i && isWs(end - 1)) end--;
      if (end - 1 > i && isDelim(end - 1) && !isWs(end - 1) && !isDelim(end - 2)) end--;
      fields.push(chars.slice(i, end).join(''));
      return fields;
    }
    let field = '';
    while (i < chars.length && !isDelim(i)) field += chars[i++];
    fields.push(field);
    while (i < chars.length && isWs(i)) i++;
    if (i < chars.length && isDelim(i)) {
      i++;
      while (i < chars.length && isWs(i)) i++;
    }
  }
  return fields;
}

const read: Builtin = (sh, args) => {
  const o: ReadOptions = { raw: false, delimiter: '\n', exact: false, fd: 0 };
  let i = 1;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if ('rs'.includes(c)) {
        if (c === 'r') o.raw = true;
        continue;
      }
      if (!'padnNtu'.includes(c)) {
        sh.error(`read: -${c}: invalid option`);
        sh.error('read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]');
        return 2;
      }
      const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (value === undefined) {
        sh.error(`read: -${c}: option requires an argument`);
        return 2;
      }
      if (c === 'p') o.prompt = value;
      else if (c === 'a') o.array = value;
      else if (c === 'd') o.delimiter = value;
      else if (c === 'n' || c === 'N') {
        o.count = Number(value);
        o.exact = c === 'N';
      } else if (c === 'u') o.fd = Number(value);
      break;
    }
  }
  const names = args.slice(i);
  for (const name of names) {
    if (!isName(name)) {
      sh.error(`read: \`${name}': not a valid identifier`);
      return 1;
    }
  }
  if (o.prompt !== undefined && sh.sys.isatty(o.fd)) sh.sys.write(2, o.prompt);
  let line: { text: string; eof: boolean };
  try {
    line = readLine(sh, o);
  } catch (error) {
    rethrowInterrupted(error);
    sh.error(`read: read error: ${o.fd}: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  const { chars, literal } = unescape(line.text, o.raw);
  const ifs = sh.vars.get('IFS') ?? ' \t\n';
  if (o.array !== undefined) {
    const fields = splitForRead(chars, literal, ifs, Infinity);
    sh.vars.setArray(o.array, new Map(fields.map((f, k) => [k, f])));
  } else if (names.length === 0) {
    sh.assign('REPLY', chars.join(''));
  } else {
    const fields = splitForRead(chars, literal, ifs, names.length);
    names.forEach((name, k) => sh.assign(name, fields[k] ?? ''));
  }
  return line.eof ? 1 : 0;
};

export const READ_BUILTINS: Record<string, Builtin> = { read };
