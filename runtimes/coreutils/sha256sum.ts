/**
 * sha256sum: print or check SHA-256 checksums, in GNU's formats
 * ("HASH  NAME", or "SHA256 (NAME) = HASH" with --tag) and with -c's
 * OK/FAILED report and WARNING summaries.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { CHUNK_SIZE, command, decodeText, readAllBytes, type Cmd } from './common.js';
import { Sha256 } from './sha256.js';

const HELP = `Usage: sha256sum [OPTION]... [FILE]...
Print or check SHA256 (256-bit) checksums.

With no FILE, or when FILE is -, read standard input.

  -b, --binary          read in binary mode
  -c, --check           read checksums from the FILEs and check them
      --tag             create a BSD-style checksum
  -t, --text            read in text mode (default)
  -z, --zero            end each output line with NUL, not newline,
                          and disable file name escaping

The following five options are useful only when verifying checksums:
      --ignore-missing  don't fail or report status for missing files
      --quiet           don't print OK for each successfully verified file
      --status          don't output anything, status code shows success
      --strict          exit non-zero for improperly formatted checksum lines
  -w, --warn            warn about improperly formatted checksum lines

      --help     display this help and exit
      --version  output version information and exit
`;

const SPEC = {
  help: HELP,
  options: {
    binary: { short: 'b', long: 'binary' },
    check: { short: 'c', long: 'check' },
    tag: { long: 'tag' },
    text: { short: 't', long: 'text' },
    zero: { short: 'z', long: 'zero' },
    ignoreMissing: { long: 'ignore-missing' },
    quiet: { long: 'quiet' },
    status: { long: 'status' },
    strict: { long: 'strict' },
    warn: { short: 'w', long: 'warn' },
  },
} as const;

export const sha256sum: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  const files = operands.length > 0 ? operands : ['-'];
  if (opts.check) return check(cmd, files, opts);
  for (const name of files) {
    const hash = hashFile(cmd, name);
    if (hash === null) continue;
    const marker = opts.binary ? '*' : ' ';
    cmd.out.write((opts.tag ? `SHA256 (${name}) = ${hash}` : `${hash} ${marker}${name}`) + (opts.zero ? '\0' : '\n'));
  }
  return cmd.status;
}

/** The hex digest of a file, or null after reporting why it could not be read. */
function hashFile(cmd: Cmd, name: string, quiet = false): string | null {
  let fd: number;
  try {
    fd = name === '-' ? 0 : cmd.sys.open(name, 'r');
    if (cmd.sys.fstat(fd).type === 'dir') {
      if (fd !== 0) cmd.sys.close(fd);
      throw new SysError('EISDIR', 'read', name);
    }
  } catch (err) {
    if (!quiet) cmd.fileError(name, err);
    else if (!(err instanceof SysError)) throw err;
    return null;
  }
  const sha = new Sha256();
  const buffer = new Uint8Array(CHUNK_SIZE);
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) sha.update(buffer.subarray(0, n));
  if (fd !== 0) cmd.sys.close(fd);
  return sha.hex();
}

function check(cmd: Cmd, lists: string[], opts: Record<string, unknown>): number {
  let failed = 0;
  let unreadable = 0;
  let malformed = 0;
  let anyGood = false;
  const report = (text: string): void => {
    if (!opts.status) cmd.out.write(text);
  };
  for (const list of lists) {
    let text: string;
    try {
      const fd = list === '-' ? 0 : cmd.sys.open(list, 'r');
      text = decodeText(readAllBytes(cmd.sys, fd));
      if (fd !== 0) cmd.sys.close(fd);
    } catch (err) {
      cmd.fileError(list, err);
      continue;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let wellFormed = 0;
    lines.forEach((line, index) => {
      const m = /^([0-9a-fA-F]{64}) [ *](.*)$/.exec(line) ?? /^SHA256 \((.*)\) = ([0-9a-fA-F]{64})$/.exec(line);
      if (!m) {
        malformed++;
        if (opts.warn) cmd.warn(`${list}: ${index + 1}: improperly formatted SHA256 checksum line`);
        return;
      }
      wellFormed++;
      const [expected, name] = line.startsWith('SHA256 (') ? [m[2], m[1]] : [m[1], m[2]];
      const missing = name !== '-' && cmd.sys.tryStat(name) === undefined;
      if (missing && opts.ignoreMissing) return;
      const actual = hashFile(cmd, name, !!opts.status);
      if (actual === null) {
        unreadable++;
        report(`${name}: FAILED open or read\n`);
      } else if (actual !== expected.toLowerCase()) {
        failed++;
        report(`${name}: FAILED\n`);
      } else {
        anyGood = true;
        if (!opts.quiet) report(`${name}: OK\n`);
      }
    });
    if (wellFormed === 0) {
      cmd.warn(`${list}: no properly formatted SHA256 checksum lines found`);
      cmd.status = 1;
    }
  }
  if (!opts.status) {
    const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);
    if (malformed > 0) cmd.warn(`WARNING: ${malformed} ${plural(malformed, 'line is', 'lines are')} improperly formatted`);
    if (unreadable > 0) cmd.warn(`WARNING: ${unreadable} listed ${plural(unreadable, 'file', 'files')} could not be read`);
    if (failed > 0) cmd.warn(`WARNING: ${failed} computed ${plural(failed, 'checksum', 'checksums')} did NOT match`);
  }
  if (failed > 0 || unreadable > 0 || (opts.strict && malformed > 0)) return 1;
  return anyGood || cmd.status === 0 ? cmd.status : 1;
}
