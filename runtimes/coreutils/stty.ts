/**
 * stty: show or change the settings of the terminal on stdin, through the
 * kernel's tcgetattr/tcsetattr (engine/tty.ts). GNU stty's vocabulary:
 * `size`, `-a`, `[-]FLAG` for each termios flag we have (lower case:
 * `-echo`, `icanon`, `onlcr`), `raw`/`-raw`/`cooked`, `sane`, and control
 * characters (`intr ^C`, `erase ^H`, `min 1`, `time 0`). Not here: `-g`
 * and restoring from its output, `-F DEVICE`, baud rates, setting `rows`
 * and `cols` from inside (the host sets the size).
 */
import type { Program } from '../program.js';
import { SysError, type Termios } from '../sys.js';
import { cfmakeraw, defaultTermios } from '../../engine/termios.js';
import { command, quote, type Cmd } from './common.js';

const HELP = `Usage: stty [SETTING]...
  or:  stty OPTION
Print or change terminal characteristics.

  -a, --all          print all current settings in human-readable form
      --help         display this help and exit
      --version      output version information and exit

Special settings:
  size               print the number of rows and columns
  raw                same as -ignbrk -brkint -ignpar -parmrk -inpck -istrip
                     -inlcr -igncr -icrnl -ixon -ixoff -icanon -opost -isig
                     -iuclc -ixany -imaxbel -xcase min 1 time 0
  -raw, cooked       same as brkint ignpar istrip icrnl ixon opost isig icanon
  sane               reset all settings to reasonable values

Settings: [-]FLAG for icrnl inlcr igncr istrip ixon ixany imaxbel iutf8
opost onlcr ocrnl onocr onlret isig icanon iexten echo echoe echok echonl
noflsh echoctl echoprt echoke (and tabs = -xtabs); CHAR VALUE for intr quit
erase kill eof eol eol2 start stop susp rprnt werase lnext discard, where
VALUE is ^X, ^?, a character or undef; min N and time N.
`;

type FlagGroup = 'iflag' | 'oflag' | 'lflag';
type Flags = Record<string, boolean>;

/** GNU's names for control characters, in `stty -a` order, and the termios field behind each. */
const CHARS: [string, keyof Termios['cc']][] = [
  ['intr', 'VINTR'], ['quit', 'VQUIT'], ['erase', 'VERASE'], ['kill', 'VKILL'], ['eof', 'VEOF'], ['eol', 'VEOL'],
  ['eol2', 'VEOL2'], ['start', 'VSTART'], ['stop', 'VSTOP'], ['susp', 'VSUSP'], ['rprnt', 'VREPRINT'],
  ['werase', 'VWERASE'], ['lnext', 'VLNEXT'], ['discard', 'VDISCARD'],
];

/** Which termios group a lower-case flag name lives in. */
function groupOf(t: Termios, name: string): FlagGroup | undefined {
  const upper = name.toUpperCase();
  for (const group of ['iflag', 'oflag', 'lflag'] as const) if (upper in t[group]) return group;
  return undefined;
}

/** ^C, ^?, <undef>: how `stty -a` shows a control character. */
function showChar(c: number): string {
  if (c === 0) return '<undef>';
  if (c === 0x7f) return '^?';
  if (c < 0x20) return `^${String.fromCharCode(c + 0x40)}`;
  return String.fromCharCode(c);
}

/** ^X, ^?, ^-, undef, a single character, or a number (GNU's integer_arg rules, decimal only). */
function parseChar(value: string): number | undefined {
  if (value === '^-' || value === 'undef') return 0;
  if (value === '^?') return 0x7f;
  if (value.length === 2 && value[0] === '^') return value.toUpperCase().charCodeAt(1) & 0x1f;
  if (value.length === 1) return value.charCodeAt(0);
  return /^[0-9]{1,3}$/.test(value) && Number(value) <= 255 ? Number(value) : undefined;
}

function showAll(t: Termios, size: { rows: number; cols: number }): string {
  const flags = (group: FlagGroup, names: string[]) => names.map((n) => ((t[group] as unknown as Flags)[n.toUpperCase()] ? n : `-${n}`)).join(' ');
  const chars = CHARS.map(([name, key]) => `${name} = ${showChar(t.cc[key])};`).join(' ');
  return [
    `speed 38400 baud; rows ${size.rows}; columns ${size.cols}; line = 0;`,
    `${chars} min = ${t.cc.VMIN}; time = ${t.cc.VTIME};`,
    flags('iflag', ['istrip', 'inlcr', 'igncr', 'icrnl', 'ixon', 'ixany', 'imaxbel', 'iutf8']),
    `${flags('oflag', ['opost', 'ocrnl', 'onlcr', 'onocr', 'onlret'])} ${t.oflag.XTABS ? 'tab3' : 'tab0'}`,
    flags('lflag', ['isig', 'icanon', 'iexten', 'echo', 'echoe', 'echok', 'echonl', 'noflsh', 'echoprt', 'echoctl', 'echoke']),
    '',
  ].join('\n');
}

/** Apply the settings in `args` to `t`; an unknown one is a usage error. */
function apply(cmd: Cmd, t: Termios, args: string[]): Termios {
  let out = t;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const off = arg.startsWith('-');
    const name = off ? arg.slice(1) : arg;
    if (arg === 'raw') out = cfmakeraw(out);
    else if (arg === '-raw' || arg === 'cooked') {
      Object.assign(out.iflag, { ICRNL: true, IXON: true });
      out.oflag.OPOST = true;
      Object.assign(out.lflag, { ISIG: true, ICANON: true });
    } else if (arg === 'sane') out = defaultTermios();
    else if (name === 'tabs') out.oflag.XTABS = off;
    else if (!off && (arg === 'min' || arg === 'time')) {
      const value = args[++i];
      if (value === undefined) cmd.usageError(`missing argument to ${quote(arg)}`);
      if (!/^[0-9]{1,3}$/.test(value) || Number(value) > 255) cmd.fail(`invalid integer argument ${quote(value)}`);
      out.cc[arg === 'min' ? 'VMIN' : 'VTIME'] = Number(value);
    } else if (!off && CHARS.some(([n]) => n === arg)) {
      const value = args[++i];
      if (value === undefined) cmd.usageError(`missing argument to ${quote(arg)}`);
      const c = parseChar(value);
      if (c === undefined) cmd.fail(`invalid integer argument ${quote(value)}`);
      out.cc[CHARS.find(([n]) => n === arg)![1]] = c;
    } else {
      const group = groupOf(out, name);
      if (group === undefined || name !== name.toLowerCase()) cmd.usageError(`invalid argument ${quote(arg)}`);
      (out[group] as unknown as Flags)[name.toUpperCase()] = !off;
    }
  }
  return out;
}

export const stty: Program = command((cmd) => {
  const args = cmd.args;
  if (args[0] === '--help' || args[0] === '--version') {
    // Settings look like options (-echo), so only these two are parsed as such.
    cmd.parse({ help: HELP, options: {} }, [args[0]]);
    return 0;
  }
  const showAllSettings = args.length === 0 || args[0] === '-a' || args[0] === '--all';
  let termios: Termios;
  try {
    termios = cmd.sys.tcgetattr(0);
  } catch (error) {
    if (error instanceof SysError) cmd.fail(`'standard input': ${error.message}`);
    throw error;
  }
  if (showAllSettings) {
    if (args.length > 1) cmd.usageError('when specifying an output style, modes may not be set');
    cmd.out.write(showAll(termios, cmd.sys.winsize(0)));
    return 0;
  }
  if (args.length === 1 && args[0] === 'size') {
    const { rows, cols } = cmd.sys.winsize(0);
    cmd.out.write(`${rows} ${cols}\n`);
    return 0;
  }
  cmd.sys.tcsetattr(0, apply(cmd, termios, args));
  return 0;
});
