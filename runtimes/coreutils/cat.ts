/**
 * cat: concatenate files. Without formatting options bytes are copied in
 * 64 KiB chunks; with them each line is transformed as bytes (latin1), so
 * -v's M- notation sees the real byte values. Line numbers continue across
 * files, as in GNU cat.
 */
import type { Program } from '../program.js';
import { CHUNK_SIZE, command, type Cmd } from './common.js';

const HELP = `Usage: cat [OPTION]... [FILE]...
Concatenate FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

  -A, --show-all           equivalent to -vET
  -b, --number-nonblank    number nonempty output lines, overrides -n
  -e                       equivalent to -vE
  -E, --show-ends          display $ at end of each line
  -n, --number             number all output lines
  -s, --squeeze-blank      suppress repeated empty output lines
  -t                       equivalent to -vT
  -T, --show-tabs          display TAB characters as ^I
  -u                       (ignored)
  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB
      --help     display this help and exit
      --version  output version information and exit
`;

const SPEC = {
  help: HELP,
  options: {
    A: { short: 'A', long: 'show-all' },
    b: { short: 'b', long: 'number-nonblank' },
    n: { short: 'n', long: 'number' },
    e: { short: 'e' },
    E: { short: 'E', long: 'show-ends' },
    s: { short: 's', long: 'squeeze-blank' },
    t: { short: 't' },
    T: { short: 'T', long: 'show-tabs' },
    u: { short: 'u' },
    v: { short: 'v', long: 'show-nonprinting' },
  },
};

interface Format {
  numberAll: boolean;
  numberNonblank: boolean;
  ends: boolean;
  squeeze: boolean;
  tabs: boolean;
  nonprinting: boolean;
}

export const cat: Program = command(
  (cmd) => {
    const { opts, operands } = cmd.parse(SPEC);
    const f: Format = {
      numberNonblank: !!opts.b,
      numberAll: !!opts.n && !opts.b,
      ends: !!(opts.A || opts.e || opts.E),
      squeeze: !!opts.s,
      tabs: !!(opts.A || opts.t || opts.T),
      nonprinting: !!(opts.A || opts.e || opts.t || opts.v),
    };
    const plain = !(f.numberAll || f.numberNonblank || f.ends || f.squeeze || f.tabs || f.nonprinting);
    const state = { line: 0, blanks: 0 };
    for (const name of operands.length > 0 ? operands : ['-']) {
      const fd = cmd.openInput(name);
      if (fd === null) continue;
      try {
        if (plain) copy(cmd, fd);
        else formatted(cmd, fd, f, state);
      } catch (err) {
        cmd.fileError(name, err);
      }
      cmd.closeInput(fd);
    }
    return cmd.status;
  },
  { binaryOutput: true },
);

function copy(cmd: Cmd, fd: number): void {
  const buffer = new Uint8Array(CHUNK_SIZE);
  for (let n = cmd.sys.read(fd, buffer); n > 0; n = cmd.sys.read(fd, buffer)) cmd.out.writeBytes(buffer.subarray(0, n));
}

function formatted(cmd: Cmd, fd: number, f: Format, state: { line: number; blanks: number }): void {
  const lines = cmd.lines(fd, { binary: true });
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const terminated = lines.terminated;
    if (line === '' && terminated) {
      state.blanks++;
      if (f.squeeze && state.blanks > 1) continue;
    } else {
      state.blanks = 0;
    }
    let out = '';
    if (f.numberAll || (f.numberNonblank && line !== '')) out += `${String(++state.line).padStart(6)}\t`;
    out += f.nonprinting || f.tabs ? showBytes(line, f) : line;
    if (terminated) out += f.ends ? '$\n' : '\n';
    cmd.out.write(out);
  }
}

/** GNU cat's -v and -T notation for one line of latin1 bytes. */
function showBytes(line: string, f: Format): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    let c = line.charCodeAt(i);
    if (c === 9) {
      out += f.tabs ? '^I' : '\t';
      continue;
    }
    if (!f.nonprinting) {
      out += line[i];
      continue;
    }
    if (c >= 128) {
      out += 'M-';
      c -= 128;
    }
    if (c < 32) out += '^' + String.fromCharCode(c + 64);
    else if (c === 127) out += '^?';
    else out += String.fromCharCode(c);
  }
  return out;
}
