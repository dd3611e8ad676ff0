/**
 * `mapfile`/`readarray [-t] [-d delim] [-n count] [-s skip] [-u fd] [array]`:
 * lines of input into an indexed array (MAPFILE by default). It reads its
 * input to the end (bash stops after `-n` lines; here the rest is read and
 * dropped, which only matters when something else reads the same input).
 */
import type { Builtin } from './index.js';
import { isName } from '../variables.js';

const mapfile: Builtin = (sh, args) => {
  let trim = false;
  let delimiter = '\n';
  let count = 0;
  let skip = 0;
  let fd = 0;
  let i = 1;
  for (; i < args.length && args[i].startsWith('-') && args[i].length > 1; i++) {
    const flag = args[i];
    if (flag === '--') {
      i++;
      break;
    }
    if (flag === '-t') trim = true;
    else if (['-d', '-n', '-s', '-u', '-O', '-c', '-C'].includes(flag)) {
      const value = args[++i] ?? '';
      if (flag === '-d') delimiter = value === '' ? '\0' : value[0];
      else if (flag === '-n') count = Number(value);
      else if (flag === '-s') skip = Number(value);
      else if (flag === '-u') fd = Number(value);
    } else {
      sh.error(`${args[0]}: ${flag}: invalid option`);
      return 2;
    }
  }
  const name = args[i] ?? 'MAPFILE';
  if (!isName(name)) {
    sh.error(`${args[0]}: \`${name}': not a valid identifier`);
    return 1;
  }
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(64 * 1024);
  let text = '';
  for (;;) {
    const n = sh.sys.read(fd, buffer);
    if (n === 0) break;
    text += decoder.decode(buffer.subarray(0, n), { stream: true });
  }
  text += decoder.decode();
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(delimiter, start);
    const stop = end < 0 ? text.length : end + 1;
    const line = text.slice(start, stop);
    lines.push(trim && line.endsWith(delimiter) ? line.slice(0, -1) : line);
    start = stop;
  }
  const selected = lines.slice(skip, count > 0 ? skip + count : undefined);
  sh.vars.setArray(name, new Map(selected.map((line, k) => [k, line])));
  return 0;
};

export const MAPFILE_BUILTINS: Record<string, Builtin> = { mapfile, readarray: mapfile };
