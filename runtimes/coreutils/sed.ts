/**
 * sed: the stream editor. The script is parsed by sed-script.ts; this file
 * runs the cycle (read a line into the pattern space, run the commands,
 * print unless -n, flush the append queue) over the input files, read one
 * line ahead so `$` is known. -i edits each file in place (with an optional
 * backup suffix); -s treats files separately. A last line without a newline
 * is printed without one, as GNU sed does.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { command, decodeText, encodeText, readAllBytes, type Cmd, type LineReader } from './common.js';
import { parseScript, SedScriptError, type Address, type Command, type ReplacementPart, type ScriptPiece } from './sed-script.js';

const HELP = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.
`;

const SPEC = {
  help: HELP,
  // GNU sed prints its whole usage text on stderr after an option error.
  usageHint: () => HELP,
  options: {
    quiet: { short: 'n', long: ['quiet', 'silent'] },
    expression: { short: 'e', long: 'expression', arg: 'required' },
    file: { short: 'f', long: 'file', arg: 'required' },
    inPlace: { short: 'i', long: 'in-place', arg: 'optional' },
    lineLength: { short: 'l', long: 'line-length', arg: 'required' },
    posix: { long: 'posix' },
    extended: { short: 'Er', long: 'regexp-extended' },
    separate: { short: 's', long: 'separate' },
    unbuffered: { short: 'u', long: 'unbuffered' },
    nullData: { short: 'z', long: 'null-data' },
    debug: { long: 'debug' },
    sandbox: { long: 'sandbox' },
    followSymlinks: { long: 'follow-symlinks' },
  },
} as const;

/** Ends the whole run (q/Q, or N/n at the end of input). */
class Quit extends Error {
  constructor(
    readonly status: number,
    readonly printPattern: boolean,
  ) {
    super('quit');
  }
}

/** Input lines across files, one line ahead so the last line is known. */
class Input {
  private reader: LineReader | null = null;
  private fd = -1;
  private fileIndex = 0;
  private ahead: { line: string; terminated: boolean } | null = null;
  fileName = '-';
  lineNumber = 0;

  constructor(
    private readonly cmd: Cmd,
    private readonly files: string[],
    private readonly delimiter: string,
  ) {
    this.ahead = this.fetch();
  }

  /** The next line, or null at the end. */
  next(): { line: string; terminated: boolean } | null {
    const current = this.ahead;
    if (current === null) return null;
    this.lineNumber++;
    this.ahead = this.fetch();
    return current;
  }

  isLast(): boolean {
    return this.ahead === null;
  }

  private fetch(): { line: string; terminated: boolean } | null {
    for (;;) {
      if (this.reader === null) {
        if (this.fileIndex >= this.files.length) return null;
        const name = this.files[this.fileIndex++];
        const fd = this.open(name);
        if (fd === null) continue;
        this.fd = fd;
        this.fileName = name;
        this.reader = this.cmd.lines(fd, { delimiter: this.delimiter });
      }
      const line = this.reader.next();
      if (line !== null) return { line, terminated: this.reader.terminated };
      if (this.fd !== 0) this.cmd.sys.close(this.fd);
      this.reader = null;
    }
  }

  private open(name: string): number | null {
    if (name === '-') return 0;
    try {
      const fd = this.cmd.sys.open(name, 'r');
      if (this.cmd.sys.fstat(fd).type === 'dir') {
        this.cmd.sys.close(fd);
        this.cmd.warn(`couldn't edit ${name}: not a regular file`);
        this.cmd.status = 2;
        return null;
      }
      return fd;
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      this.cmd.warn(`can't read ${name}: ${err.message}`);
      this.cmd.status = 2;
      return null;
    }
  }
}

interface Sink {
  write(text: string): void;
}

export const sed: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC);
  const pieces: ScriptPiece[] = [];
  let expressions = 0;
  for (const [key, value] of list) {
    if (key === 'expression') pieces.push({ text: String(value), origin: `-e expression #${++expressions}` });
    if (key === 'file') {
      try {
        const fd = value === '-' ? 0 : cmd.sys.open(String(value), 'r');
        const text = decodeText(readAllBytes(cmd.sys, fd));
        if (fd !== 0) cmd.sys.close(fd);
        pieces.push({ text: text.replace(/\n$/, ''), origin: `file ${String(value)} line` });
      } catch (err) {
        if (!(err instanceof SysError)) throw err;
        cmd.fail(`couldn't open file ${String(value)}: ${err.message}`);
      }
    }
  }
  const files = [...operands];
  if (pieces.length === 0) {
    if (files.length === 0) cmd.usageError();
    pieces.push({ text: files.shift()!, origin: '-e expression #1' });
  }
  let quiet = !!opts.quiet;
  if (pieces[0].text.startsWith('#n\n') || pieces[0].text === '#n') quiet = true;
  let commands: Command[];
  try {
    commands = parseScript(pieces, { extended: !!opts.extended });
  } catch (err) {
    if (err instanceof SedScriptError) cmd.fail(err.message);
    throw err;
  }
  const lineLength = typeof opts.lineLength === 'string' ? Number(opts.lineLength) : 70;
  const delimiter = opts.nullData ? '\0' : '\n';
  const inPlace = opts.inPlace !== undefined;
  if (files.length === 0) files.push('-');

  const writers = new Map<string, number>();
  const writeTo = (name: string, text: string): void => {
    if (name === '/dev/stdout') return cmd.out.write(text);
    if (name === '/dev/stderr') {
      cmd.out.flush();
      return cmd.sys.write(2, encodeText(text));
    }
    let fd = writers.get(name);
    if (fd === undefined) {
      fd = cmd.sys.open(name, 'w');
      writers.set(name, fd);
    }
    cmd.sys.write(fd, encodeText(text));
  };
  // w files are created (truncated) before any input is read, as in GNU.
  for (const c of commands) {
    const name = c.name === 'w' ? c.text : c.writeFile;
    if (name !== undefined && name !== '/dev/stdout' && name !== '/dev/stderr' && !writers.has(name)) {
      try {
        writers.set(name, cmd.sys.open(name, 'w'));
      } catch (err) {
        if (!(err instanceof SysError)) throw err;
        cmd.fail(`couldn't open file ${name}: ${err.message}`, 4);
      }
    }
  }

  const runOnce = (inputs: string[], sink: Sink): number | undefined => {
    for (const c of commands) c.active = false;
    const engine = new Engine(cmd, commands, new Input(cmd, inputs, delimiter), sink, {
      quiet,
      delimiter,
      lineLength,
      writeTo,
      posix: !!opts.posix,
    });
    return engine.run();
  };

  let exit: number | undefined;
  if (inPlace) {
    const suffix = typeof opts.inPlace === 'string' ? opts.inPlace : '';
    for (const name of files) {
      if (name === '-') {
        cmd.warn("couldn't edit -: not a regular file");
        cmd.status = 4;
        continue;
      }
      const st = cmd.sys.tryStat(name);
      if (st === undefined) {
        cmd.warn(`can't read ${name}: No such file or directory`);
        cmd.status = 2;
        continue;
      }
      if (st.type !== 'file') {
        cmd.warn(`couldn't edit ${name}: not a regular file`);
        cmd.status = 4;
        continue;
      }
      const parts: string[] = [];
      exit = runOnce([name], { write: (t) => parts.push(t) });
      if (suffix !== '') {
        const backup = suffix.includes('*') ? suffix.replace(/\*/g, name.slice(name.lastIndexOf('/') + 1)) : name + suffix;
        cmd.sys.writeFile(backup, cmd.sys.readFile(name));
      }
      cmd.sys.writeFile(name, encodeText(parts.join('')));
      if (exit !== undefined) break;
    }
  } else if (opts.separate) {
    for (const name of files) {
      exit = runOnce([name], cmd.out);
      if (exit !== undefined) break;
    }
  } else {
    exit = runOnce(files, cmd.out);
  }
  for (const fd of writers.values()) cmd.sys.close(fd);
  return exit ?? cmd.status;
}

interface EngineOptions {
  quiet: boolean;
  delimiter: string;
  lineLength: number;
  writeTo: (name: string, text: string) => void;
  posix: boolean;
}

class Engine {
  private pattern = '';
  private hold = '';
  private terminated = true;
  private appendQueue: string[] = [];
  private substituted = false;
  private lastRegex: RegExp | null = null;
  /** The global-flag copy of each s command's regex, made once. */
  private readonly globals = new Map<RegExp, RegExp>();

  constructor(
    private readonly cmd: Cmd,
    private readonly commands: Command[],
    private readonly input: Input,
    private readonly out: Sink,
    private readonly o: EngineOptions,
  ) {}

  /** Runs every cycle; returns an exit status from q/Q, or undefined at the end of input. */
  run(): number | undefined {
    try {
      for (let next = this.input.next(); next !== null; next = this.input.next()) {
        this.pattern = next.line;
        this.terminated = next.terminated;
        this.substituted = false;
        this.cycle(0);
      }
    } catch (err) {
      if (!(err instanceof Quit)) throw err;
      if (err.printPattern && !this.o.quiet) this.printPattern();
      this.flushAppends();
      return err.status;
    }
    return undefined;
  }

  /** Run the script from command `start` on the pattern space, then end the cycle. */
  private cycle(start: number): void {
    let pc = start;
    const cmds = this.commands;
    let autoprint = !this.o.quiet;
    // D restarts the script on what is left of the pattern space (a loop, not recursion: `$!N;P;D` runs it once per line).
    restart: for (;;) {
      while (pc < cmds.length) {
        const c = cmds[pc];
        if (!this.selects(c)) {
          pc = c.name === '{' ? c.block! + 1 : pc + 1;
          continue;
        }
        pc++;
        switch (c.name) {
          case '{':
          case '}':
          case ':':
            break;
          case '=':
            this.out.write(`${this.input.lineNumber}\n`);
            break;
          case 'a':
            this.appendQueue.push(c.text! + '\n');
            break;
          case 'i':
            this.out.write(c.text! + '\n');
            break;
          case 'c':
            // In a range, the text replaces the whole range: print it at its end.
            if (c.a2 === undefined || c.negate || !c.active) this.out.write(c.text! + '\n');
            autoprint = false;
            pc = cmds.length;
            break;
          case 'b':
            pc = c.target ?? cmds.length;
            break;
          case 't':
          case 'T':
            if (this.substituted === (c.name === 't')) pc = c.target ?? cmds.length;
            if (c.name === 't') this.substituted = false;
            break;
          case 'd':
            autoprint = false;
            pc = cmds.length;
            break;
          case 'D': {
            const nl = this.pattern.indexOf('\n');
            if (nl < 0) {
              autoprint = false;
              pc = cmds.length;
              break;
            }
            this.pattern = this.pattern.slice(nl + 1);
            this.flushAppends();
            this.substituted = false;
            pc = 0;
            continue restart;
          }
          case 'g':
            this.pattern = this.hold;
            break;
          case 'G':
            this.pattern += '\n' + this.hold;
            break;
          case 'h':
            this.hold = this.pattern;
            break;
          case 'H':
            this.hold += '\n' + this.pattern;
            break;
          case 'x':
            [this.pattern, this.hold] = [this.hold, this.pattern];
            break;
          case 'z':
            this.pattern = '';
            break;
          case 'l':
            this.out.write(escapeForL(this.pattern, c.number ?? this.o.lineLength));
            break;
          case 'n':
            if (this.input.isLast()) {
              if (this.o.posix) autoprint = false;
              throw new Quit(0, autoprint);
            }
            if (autoprint) this.printPattern();
            this.readNext(false);
            break;
          case 'N':
            if (this.input.isLast()) throw new Quit(0, autoprint && !this.o.posix);
            this.readNext(true);
            break;
          case 'p':
            this.out.write(this.pattern + '\n');
            break;
          case 'P': {
            const nl = this.pattern.indexOf('\n');
            this.out.write((nl < 0 ? this.pattern : this.pattern.slice(0, nl)) + '\n');
            break;
          }
          case 'q':
            throw new Quit(c.number ?? 0, autoprint);
          case 'Q':
            throw new Quit(c.number ?? 0, false);
          case 'r':
            this.queueFile(c.text!);
            break;
          case 'w':
            this.o.writeTo(c.text!, this.pattern + '\n');
            break;
          case 'F':
            this.out.write(`${this.input.fileName}\n`);
            break;
          case 's':
            this.substitute(c);
            break;
          case 'y':
            this.pattern = [...this.pattern].map((ch) => c.map!.get(ch) ?? ch).join('');
            break;
        }
      }
      break;
    }
    if (autoprint) this.printPattern();
    this.flushAppends();
  }

  private printPattern(): void {
    this.out.write(this.pattern + (this.terminated ? this.o.delimiter : ''));
  }

  private flushAppends(): void {
    for (const text of this.appendQueue) this.out.write(text);
    this.appendQueue = [];
  }

  private readNext(append: boolean): void {
    this.flushAppends();
    const next = this.input.next()!;
    this.pattern = append ? `${this.pattern}\n${next.line}` : next.line;
    this.terminated = next.terminated;
  }

  private queueFile(name: string): void {
    try {
      const text = decodeText(this.cmd.sys.readFile(name));
      if (text !== '') this.appendQueue.push(text);
    } catch (err) {
      if (!(err instanceof SysError)) throw err; // r silently ignores unreadable files
    }
  }

  private regex(re: RegExp | null): RegExp {
    const r = re ?? this.lastRegex;
    if (r === null) this.cmd.fail('no previous regular expression');
    this.lastRegex = r;
    return r;
  }

  private matchesAddress(a: Address): boolean {
    const line = this.input.lineNumber;
    switch (a.kind) {
      case 'line':
        return line === a.n;
      case 'last':
        return this.input.isLast();
      case 'zero':
        return false;
      case 'step':
        return a.step <= 0 ? line === a.first : line >= a.first && (line - a.first) % a.step === 0;
      case 'regex': {
        const re = this.regex(a.re);
        re.lastIndex = 0;
        return re.test(this.pattern);
      }
      default:
        return false;
    }
  }

  /** Whether command `c` applies to the current line, updating its range state (POSIX sed "Addresses"). */
  private selects(c: Command): boolean {
    if (c.a1 === undefined) return true;
    let hit: boolean;
    if (c.a2 === undefined) hit = this.matchesAddress(c.a1);
    else hit = this.inRange(c);
    return hit !== c.negate;
  }

  private inRange(c: Command): boolean {
    const line = this.input.lineNumber;
    const a2 = c.a2!;
    if (c.active) {
      let ends: boolean;
      if (a2.kind === 'line') ends = line >= a2.n;
      else if (a2.kind === 'plus') ends = line >= c.endLine;
      else if (a2.kind === 'multiple') ends = a2.n <= 0 || line % a2.n === 0;
      else ends = this.matchesAddress(a2);
      if (ends) c.active = false;
      return true;
    }
    const starts = c.a1!.kind === 'zero' ? line === 1 : this.matchesAddress(c.a1!);
    if (!starts) return false;
    // 0,/re/: the end regex may match on the very first line.
    if (c.a1!.kind === 'zero' && this.matchesAddress(a2)) return true;
    if (a2.kind === 'line') c.active = a2.n > line;
    else if (a2.kind === 'plus') {
      c.endLine = line + a2.n;
      c.active = a2.n > 0;
    } else if (a2.kind === 'multiple') c.active = a2.n > 0 && line % a2.n !== 0;
    else if (a2.kind === 'last') c.active = !this.input.isLast();
    else c.active = true;
    return true;
  }

  private substitute(c: Command): void {
    const re = this.regex(c.regex!);
    let global = this.globals.get(re);
    if (global === undefined) {
      global = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
      this.globals.set(re, global);
    }
    global.lastIndex = 0;
    const text = this.pattern;
    let out = '';
    let last = 0;
    let count = 0;
    let replaced = false;
    let previousEnd = -1;
    const wanted = c.occurrence ?? 1;
    for (let m = global.exec(text); m !== null; m = global.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0] === '') {
        global.lastIndex = end + (text.codePointAt(end)! > 0xffff ? 2 : 1);
        // POSIX: no empty match right after the previous match.
        if (start === previousEnd) continue;
      }
      previousEnd = end;
      count++;
      if (count < wanted) continue;
      out += text.slice(last, start) + expand(c.replacement!, m);
      last = end;
      replaced = true;
      if (!c.global) break;
      if (global.lastIndex > text.length) break;
    }
    if (!replaced) return;
    this.pattern = out + text.slice(last);
    this.substituted = true;
    if (c.print) this.out.write(this.pattern + '\n');
    if (c.writeFile !== undefined) this.o.writeTo(c.writeFile, this.pattern + '\n');
  }
}

/** The replacement with & and \N filled in and \U \L \u \l \E applied. */
function expand(parts: ReplacementPart[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | 'E' = 'E';
  let once: 'u' | 'l' | undefined;
  const add = (text: string): void => {
    let t = mode === 'U' ? text.toUpperCase() : mode === 'L' ? text.toLowerCase() : text;
    if (once && t !== '') {
      t = (once === 'u' ? t[0].toUpperCase() : t[0].toLowerCase()) + t.slice(1);
      once = undefined;
    }
    out += t;
  };
  for (const p of parts) {
    if (p.kind === 'text') add(p.text);
    else if (p.kind === 'group') add(m[p.n] ?? '');
    else if (p.mode === 'u' || p.mode === 'l') once = p.mode;
    else mode = p.mode;
  }
  return out;
}

/** The `l` command's unambiguous form: C escapes, octal for other non-printables, lines wrapped with `\`. */
function escapeForL(text: string, width: number): string {
  const named: Record<string, string> = { '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  const pieces: string[] = [];
  for (const byte of encodeText(text)) {
    const ch = String.fromCharCode(byte);
    pieces.push(named[ch] ?? (byte < 32 || byte >= 127 ? `\\${byte.toString(8).padStart(3, '0')}` : ch));
  }
  let out = '';
  let col = 0;
  for (const p of pieces) {
    if (width > 1 && col + p.length > width - 1) {
      out += '\\\n';
      col = 0;
    }
    out += p;
    col += p.length;
  }
  return out + '$\n';
}
