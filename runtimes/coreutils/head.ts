/**
 * head: the first part of files. Leading lines or bytes are copied as raw
 * bytes, stopping as soon as enough is read (`yes | head -n 3` ends);
 * `-n -K` / `-c -K` hold back the last K lines or bytes. `-5` as the first
 * argument is GNU's obsolete form of `-n 5`.
 */
import type { Program } from '../program.js';
import { CHUNK_SIZE, command, encodeText, quote, type Cmd } from './common.js';
import { parseCount } from './count-arg.js';

const HELP = `Usage: head [OPTION]... [FILE]...
Print the first 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -c, --bytes=[-]NUM       print the first NUM bytes of each file;
                             with the leading '-', print all but the last
                             NUM bytes of each file
  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;
                             with the leading '-', print all but the last
                             NUM lines of each file
  -q, --quiet, --silent    never print headers giving file names
  -v, --verbose            always print headers giving file names
  -z, --zero-terminated    line delimiter is NUL, not newline
      --help     display this help and exit
      --version  output version information and exit

NUM may have a multiplier suffix:
b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,
GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y.
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.
`;

const SPEC = {
  help: HELP,
  options: {
    bytes: { short: 'c', long: 'bytes', arg: 'required' },
    lines: { short: 'n', long: 'lines', arg: 'required' },
    quiet: { short: 'q', long: ['quiet', 'silent'] },
    verbose: { short: 'v', long: 'verbose' },
    zero: { short: 'z', long: 'zero-terminated' },
  },
} as const;

/** `-5c`, `-5` as the first argument: GNU's obsolete count option (also used by tail with `+`). */
export function expandObsoleteCount(args: string[], signs: string): string[] {
  const m = args.length > 0 ? /^([-+])([0-9]+[bkm]?)([clqvz]*)$/.exec(args[0]) : null;
  if (!m || !signs.includes(m[1])) return args;
  const unit = m[3].includes('c') ? '-c' : '-n';
  const flags = m[3].replace(/[cl]/g, '');
  const value = m[1] === '+' ? `+${m[2]}` : m[2];
  return [unit, value, ...(flags ? [`-${flags}`] : []), ...args.slice(1)];
}

export const head: Program = command(run, { binaryOutput: true });

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC, expandObsoleteCount(cmd.args, '-'));
  // The last of -c/-n wins.
  const last = [...list].reverse().find(([k]) => k === 'bytes' || k === 'lines');
  const bytes = last?.[0] === 'bytes';
  const text = last ? String(last[1]) : '10';
  const allBut = text.startsWith('-');
  const count = parseCount(allBut ? text.slice(1) : text);
  const what = bytes ? 'bytes' : 'lines';
  if (count === null) cmd.fail(`invalid number of ${what}: ${quote(text)}`);
  if (count === Infinity && !allBut) cmd.fail(`invalid number of ${what}: ${quote(text)}: Value too large for defined data type`);
  const delimiter = opts.zero ? 0 : 10;
  const files = operands.length > 0 ? operands : ['-'];
  const loudness = [...list].reverse().find(([k]) => k === 'quiet' || k === 'verbose')?.[0];
  const headers = loudness === undefined ? files.length > 1 : loudness === 'verbose';
  let first = true;
  for (const name of files) {
    const fd = cmd.openForReading(name);
    if (fd === null) continue;
    if (headers) cmd.out.writeBytes(encodeText(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`));
    first = false;
    if (bytes && !allBut) firstBytes(cmd, fd, count);
    else if (bytes) allButLastBytes(cmd, fd, count);
    else if (!allBut) firstLines(cmd, fd, count, delimiter);
    else allButLastLines(cmd, fd, count, delimiter);
    cmd.closeInput(fd);
  }
  return cmd.status;
}

function firstBytes(cmd: Cmd, fd: number, count: number): void {
  const buffer = new Uint8Array(CHUNK_SIZE);
  let left = count;
  while (left > 0) {
    const n = cmd.sys.read(fd, buffer.subarray(0, Math.min(CHUNK_SIZE, left)));
    if (n === 0) break;
    cmd.out.writeBytes(buffer.subarray(0, n));
    left -= n;
  }
}

function firstLines(cmd: Cmd, fd: number, count: number, delimiter: number): void {
  const buffer = new Uint8Array(CHUNK_SIZE);
  let left = count;
  while (left > 0) {
    const n = cmd.sys.read(fd, buffer);
    if (n === 0) break;
    let end = n;
    for (let i = 0; i < n; i++) {
      if (buffer[i] === delimiter && --left === 0) {
        end = i + 1;
        break;
      }
    }
    cmd.out.writeBytes(buffer.subarray(0, end));
  }
}

/** Everything but the last `count` bytes: hold back a window of that size. */
function allButLastBytes(cmd: Cmd, fd: number, count: number): void {
  const held: Uint8Array[] = [];
  let heldSize = 0;
  const buffer = new Uint8Array(CHUNK_SIZE);
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) {
    held.push(buffer.slice(0, n));
    heldSize += n;
    while (held.length > 0 && heldSize - held[0].length >= count) {
      cmd.out.writeBytes(held[0]);
      heldSize -= held.shift()!.length;
    }
  }
  if (heldSize > count && held.length > 0) cmd.out.writeBytes(held[0].subarray(0, heldSize - count));
}

/** Everything but the last `count` lines: a ring of the most recent lines. */
function allButLastLines(cmd: Cmd, fd: number, count: number, delimiter: number): void {
  const lines = cmd.lines(fd, { binary: true, delimiter: String.fromCharCode(delimiter) });
  const end = String.fromCharCode(delimiter);
  if (count === 0) {
    for (let line = lines.next(); line !== null; line = lines.next()) cmd.out.write(lines.terminated ? line + end : line);
    return;
  }
  const ring: string[] = [];
  let at = 0;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const full = lines.terminated ? line + end : line;
    if (ring.length < count) {
      ring.push(full);
      continue;
    }
    cmd.out.write(ring[at]);
    ring[at] = full;
    at = (at + 1) % count;
  }
}
