/**
 * tail: the last part of files, or from line/byte K on with `+K`. Input is
 * streamed, keeping only the last K lines (or bytes) in memory, so it works
 * the same on pipes and files. `-5` and `+5` as the first argument are
 * GNU's obsolete forms. Following (-f) is not supported.
 */
import type { Program } from '../program.js';
import { CHUNK_SIZE, command, encodeText, quote, type Cmd } from './common.js';
import { parseCount } from './count-arg.js';
import { expandObsoleteCount } from './head.js';

const HELP = `Usage: tail [OPTION]... [FILE]...
Print the last 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -c, --bytes=[+]NUM       output the last NUM bytes; or use -c +NUM to
                             output starting with byte NUM of each file
  -n, --lines=[+]NUM       output the last NUM lines, instead of the last 10;
                             or use -n +NUM to skip NUM-1 lines at the start
  -q, --quiet, --silent    never output headers giving file names
  -v, --verbose            always output headers giving file names
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

export const tail: Program = command(run, { binaryOutput: true });

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC, expandObsoleteCount(cmd.args, '-+'));
  const last = [...list].reverse().find(([k]) => k === 'bytes' || k === 'lines');
  const bytes = last?.[0] === 'bytes';
  const text = last ? String(last[1]) : '10';
  const fromStart = text.startsWith('+');
  const count = parseCount(/^[-+]/.test(text) ? text.slice(1) : text);
  if (count === null) cmd.fail(`invalid number of ${bytes ? 'bytes' : 'lines'}: ${quote(text)}`);
  const delimiter = opts.zero ? '\0' : '\n';
  const files = operands.length > 0 ? operands : ['-'];
  const loudness = [...list].reverse().find(([k]) => k === 'quiet' || k === 'verbose')?.[0];
  const headers = loudness === undefined ? files.length > 1 : loudness === 'verbose';
  let first = true;
  for (const name of files) {
    const fd = cmd.openForReading(name);
    if (fd === null) continue;
    if (headers) cmd.out.writeBytes(encodeText(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`));
    first = false;
    if (bytes && fromStart) skipBytes(cmd, fd, Math.max(0, count - 1));
    else if (bytes) lastBytes(cmd, fd, count);
    else if (fromStart) skipLines(cmd, fd, Math.max(0, count - 1), delimiter);
    else lastLines(cmd, fd, count, delimiter);
    cmd.closeInput(fd);
  }
  return cmd.status;
}

function skipBytes(cmd: Cmd, fd: number, skip: number): void {
  const buffer = new Uint8Array(CHUNK_SIZE);
  let left = skip;
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) {
    const from = Math.min(left, n);
    left -= from;
    if (from < n) cmd.out.writeBytes(buffer.subarray(from, n));
  }
}

function lastBytes(cmd: Cmd, fd: number, count: number): void {
  const held: Uint8Array[] = [];
  let heldSize = 0;
  const buffer = new Uint8Array(CHUNK_SIZE);
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) {
    held.push(buffer.slice(0, n));
    heldSize += n;
    while (held.length > 0 && heldSize - held[0].length >= count) heldSize -= held.shift()!.length;
  }
  if (held.length === 0) return;
  held[0] = held[0].subarray(heldSize - count > 0 ? heldSize - count : 0);
  for (const chunk of held) cmd.out.writeBytes(chunk);
}

function skipLines(cmd: Cmd, fd: number, skip: number, delimiter: string): void {
  const lines = cmd.lines(fd, { binary: true, delimiter });
  for (let line = lines.next(); line !== null; line = lines.next()) {
    if (skip > 0) {
      skip--;
      continue;
    }
    cmd.out.write(lines.terminated ? line + delimiter : line);
  }
}

/** The last `count` lines, through a ring buffer. */
function lastLines(cmd: Cmd, fd: number, count: number, delimiter: string): void {
  const lines = cmd.lines(fd, { binary: true, delimiter });
  const ring: string[] = [];
  let at = 0;
  for (let line = lines.next(); line !== null; line = lines.next()) {
    if (count === 0) continue;
    const full = lines.terminated ? line + delimiter : line;
    if (count === Infinity || ring.length < count) ring.push(full);
    else {
      ring[at] = full;
      at = (at + 1) % count;
    }
  }
  for (let i = 0; i < ring.length; i++) cmd.out.write(ring[(at + i) % ring.length]);
}
