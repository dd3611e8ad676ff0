/**
 * stat(1): the default report (GNU's layout; no birth time in the sandbox,
 * so "Birth: -"), `-c FORMAT` (newline added) and `--printf FORMAT`
 * (backslash escapes, no newline). Blocks are 512-byte units of apparent
 * size: memfs allocates no blocks of its own.
 */
import type { Program } from '../program.js';
import type { Stat } from '../sys.js';
import { command, quoteName, type OptionSpec } from './common.js';
import { modeString, typeName } from './file-mode.js';
import { errorText, linuxLstat, quoteFile } from './fs-common.js';
import { userName } from './ls-format.js';
import { fullTime } from './time-format.js';

const SPEC: OptionSpec<'dereference' | 'format' | 'printf' | 'terse'> = {
  options: {
    dereference: { short: 'L', long: 'dereference' },
    format: { short: 'c', long: 'format', arg: 'required' },
    printf: { long: 'printf', arg: 'required' },
    terse: { short: 't', long: 'terse' },
  },
  help: `Usage: stat [OPTION]... FILE...
Display file or file system status.

  -L, --dereference     follow links
  -c  --format=FORMAT   use the specified FORMAT instead of the default;
                          output a newline after each use of FORMAT
      --printf=FORMAT   like --format, but interpret backslash escapes,
                          and do not output a mandatory trailing newline
  -t, --terse           print the information in terse form
      --help        display this help and exit
      --version     output version information and exit

The valid format sequences for files:
  %a   permission bits in octal       %A   permission bits and file type
  %b   number of blocks allocated     %B   the size in bytes of each block
  %d   device number in decimal       %D   device number in hex
  %f   raw mode in hex                %F   file type
  %g   group ID of owner              %G   group name of owner
  %h   number of hard links           %i   inode number
  %n   file name                      %N   quoted file name with dereference
  %o   optimal I/O transfer size      %s   total size, in bytes
  %u   user ID of owner               %U   user name of owner
  %w   time of birth, or '-'          %W   time of birth, seconds since Epoch
  %x   time of last access            %X   ... seconds since Epoch
  %y   time of last data modification %Y   ... seconds since Epoch
  %z   time of last status change     %Z   ... seconds since Epoch
`,
};

const DEFAULT_FORMAT =
  '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Hd,%Ld\tInode: %-11i Links: %h\n' +
  'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n';
const TERSE_FORMAT = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';

const TYPE_BITS: Record<Stat['type'], number> = {
  file: 0o100000,
  dir: 0o040000,
  symlink: 0o120000,
  pipe: 0o010000,
  char: 0o020000,
  unknown: 0,
};

export const stat: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing operand');
  let format = DEFAULT_FORMAT;
  if (typeof opts.format === 'string') format = `${opts.format}\n`;
  else if (typeof opts.printf === 'string') format = unescape(opts.printf);
  else if (opts.terse) format = TERSE_FORMAT;
  for (const operand of operands) {
    let st: Stat;
    try {
      st = opts.dereference ? cmd.sys.stat(operand) : (linuxLstat(cmd.sys, operand) ?? cmd.sys.lstat(operand));
    } catch (err) {
      cmd.warn(`cannot statx ${quoteFile(operand)}: ${errorText(err)}`);
      cmd.status = 1;
      continue;
    }
    const link = st.type === 'symlink' ? cmd.sys.readlink(operand) : undefined;
    cmd.out.write(render(format, operand, st, link));
  }
  return cmd.status;
});

/** Expand the % directives of `format` for one file (GNU stat's print_stat). */
function render(format: string, name: string, st: Stat, link: string | undefined): string {
  return format.replace(/%([-#+ 0]*)(\d*)(?:\.(\d+))?([HL]?)([a-zA-Z%])/g, (whole, flags: string, width: string, precision: string | undefined, hl: string, letter: string) => {
    if (letter === '%') return '%';
    let value = directive(letter, hl, name, st, link);
    if (value === null) return whole;
    if (precision !== undefined && !/^\d+$/.test(value)) value = value.slice(0, Number(precision));
    const w = Number(width || 0);
    if (flags.includes('-')) return value.padEnd(w);
    if (flags.includes('0') && /^\d+$/.test(value)) return value.padStart(w, '0');
    return value.padStart(w);
  });
}

function directive(letter: string, hl: string, name: string, st: Stat, link: string | undefined): string | null {
  const seconds = (ms: number) => String(Math.floor(ms / 1000));
  switch (letter) {
    case 'n':
      return name;
    case 'N':
      return link === undefined ? quoteName(name) : `${quoteFile(name)} -> ${quoteFile(link)}`;
    case 's':
      return String(st.size);
    case 'a':
      return (st.mode & 0o7777).toString(8);
    case 'A':
      return modeString(st.type, st.mode);
    case 'f':
      return (TYPE_BITS[st.type] | st.mode).toString(16);
    case 'F':
      return typeName(st);
    case 'u':
      return String(st.uid);
    case 'g':
      return String(st.gid);
    case 'U':
      return userName(st.uid);
    case 'G':
      return userName(st.gid);
    case 'i':
      return String(st.ino);
    case 'h':
      return String(st.nlink);
    case 'b':
      return String(st.type === 'symlink' ? 0 : Math.ceil(st.size / 512));
    case 'B':
      return '512';
    case 'o':
      return '4096';
    case 'd':
      // %Hd / %Ld: major and minor device numbers.
      return String(hl === 'H' ? st.dev >> 8 : hl === 'L' ? st.dev & 0xff : st.dev);
    case 'D':
      return st.dev.toString(16);
    case 't':
    case 'T':
      return '0';
    case 'x':
      return fullTime(st.atimeMs);
    case 'y':
      return fullTime(st.mtimeMs);
    case 'z':
      return fullTime(st.ctimeMs);
    case 'X':
      return seconds(st.atimeMs);
    case 'Y':
      return seconds(st.mtimeMs);
    case 'Z':
      return seconds(st.ctimeMs);
    case 'w':
      return '-';
    case 'W':
      return '0';
    default:
      return '?';
  }
}

/** The backslash escapes of --printf: \n \t \\ \" \a \b \f \r \v and octal \NNN, hex \xHH. */
function unescape(text: string): string {
  const named: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v', e: '\x1b' };
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (whole, seq: string) => {
    if (seq[0] === 'x' && seq.length > 1) return String.fromCharCode(parseInt(seq.slice(1), 16));
    if (/^[0-7]/.test(seq)) return String.fromCharCode(parseInt(seq, 8));
    return named[seq] ?? whole;
  });
}
