/**
 * What every coreutils program shares. A command is written as
 *
 *   export const cat: Program = command((cmd) => {
 *     const { opts, operands } = cmd.parse(SPEC);   // GNU options, --help, --version
 *     for (const name of operands) {
 *       const fd = cmd.openInput(name);             // '-' is stdin; errors reported
 *       if (fd === null) continue;
 *       const lines = cmd.lines(fd);
 *       for (let l = lines.next(); l !== null; l = lines.next()) cmd.out.write(l + '\n');
 *       cmd.closeInput(fd);
 *     }
 *     return cmd.status;                            // 1 if some operand failed
 *   });
 *
 * `command` flushes `cmd.out` at the end, turns `Exit` into a status, and
 * reports a failed write ("cat: write error: Broken pipe") like GNU's
 * close_stdout. Messages follow GNU: `cmd: message` on stderr, file names
 * quoted the way GNU 9 quotes them (`cat: 'a b': No such file or directory`).
 *
 * Text is UTF-8 (the sandbox's locale is C.UTF-8) decoded without loss:
 * see text-codec.ts. Options: options.ts. Line reading and output: streams.ts.
 */
import { Exit, type Program, type ProgramContext } from '../program.js';
import { SysError, type Sys } from '../sys.js';
import { InfoRequest, parseOptions, UsageError, type OptionSpec, type ParsedArgs } from './options.js';
import { LineReader, Output } from './streams.js';

export type { OptionDef, OptionSpec, ParsedArgs } from './options.js';
export { CHUNK_SIZE, LineReader, Output, readAllBytes, TextReader } from './streams.js';
export { decodeLatin1, decodeText, encodeLatin1, encodeText } from './text-codec.js';

/** The per-run state of one command: its name, sys, output and error reporting. */
export class Cmd {
  readonly sys: Sys;
  readonly env: Record<string, string>;
  /** argv[0] as invoked: GNU prefixes its messages with it. */
  readonly name: string;
  /** argv without argv[0]. */
  readonly args: string[];
  /** Buffered stdout. */
  readonly out: Output;
  /** The exit status so far; `fileError` sets it to 1. Return it at the end. */
  status = 0;
  private usageStatus = 1;
  private usageHint: ((name: string) => string) | undefined;

  constructor(ctx: ProgramContext, options: { binaryOutput?: boolean } = {}) {
    this.sys = ctx.sys;
    this.env = ctx.env;
    this.name = ctx.argv[0] ?? 'coreutils';
    this.args = ctx.argv.slice(1);
    this.out = new Output(ctx.sys, 1, options.binaryOutput === true);
  }

  /** Parse the command line; prints --help/--version or a usage error and ends the program. */
  parse<K extends string>(spec: OptionSpec<K>, args: readonly string[] = this.args): ParsedArgs<K> {
    this.usageStatus = spec.usageStatus ?? 1;
    this.usageHint = spec.usageHint;
    try {
      return parseOptions(this.name, args, spec, this.env.POSIXLY_CORRECT !== undefined);
    } catch (err) {
      if (err instanceof InfoRequest) {
        this.out.write(err.text);
        throw new Exit(0);
      }
      if (err instanceof UsageError) {
        if (spec.optionErrorStatus !== undefined) this.usageStatus = spec.optionErrorStatus;
        this.usageError(err.message);
      }
      throw err;
    }
  }

  /** `cmd: message` (if any) + the "Try 'cmd --help'" hint, exit with the usage status of the last parse(). */
  usageError(message?: string): never {
    if (message !== undefined) this.warn(message);
    this.out.flush();
    this.sys.write(2, this.usageHint ? this.usageHint(this.name) : `Try '${this.name} --help' for more information.\n`);
    throw new Exit(this.usageStatus);
  }

  /** `cmd: message` on stderr, after whatever stdout is pending. */
  warn(message: string): void {
    this.out.flush();
    this.sys.write(2, `${this.name}: ${message}\n`);
  }

  /** warn, then exit with `status`. */
  fail(message: string, status = 1): never {
    this.warn(message);
    throw new Exit(status);
  }

  /** `cmd: path: strerror` for a SysError (rethrows anything else), and status 1. */
  fileError(path: string, err: unknown): void {
    if (!(err instanceof SysError)) throw err;
    this.warn(`${quoteName(path)}: ${err.message}`);
    this.status = 1;
  }

  /** Open an input operand ('-' is stdin, fd 0); on failure report it and return null. */
  openInput(operand: string): number | null {
    if (operand === '-') return 0;
    try {
      const fd = this.sys.open(operand, 'r');
      if (this.sys.fstat(fd).type === 'dir') {
        // GNU opens a directory and fails at read(2) with EISDIR.
        this.sys.close(fd);
        throw new SysError('EISDIR', 'read', operand);
      }
      return fd;
    } catch (err) {
      this.fileError(operand, err);
      return null;
    }
  }

  /**
   * openInput with the wording of head, tail and sort: "cannot open 'f' for
   * reading: ..." and "error reading 'd': Is a directory" (names always quoted).
   */
  openForReading(operand: string): number | null {
    if (operand === '-') return 0;
    let fd: number;
    try {
      fd = this.sys.open(operand, 'r');
    } catch (err) {
      if (!(err instanceof SysError)) throw err;
      this.warn(`cannot open ${quoteName(operand, true)} for reading: ${err.message}`);
      this.status = 1;
      return null;
    }
    if (this.sys.fstat(fd).type === 'dir') {
      this.sys.close(fd);
      this.warn(`error reading ${quoteName(operand, true)}: ${new SysError('EISDIR', 'read').message}`);
      this.status = 1;
      return null;
    }
    return fd;
  }

  /** Close an fd from openInput (stdin stays open). */
  closeInput(fd: number): void {
    if (fd !== 0) this.sys.close(fd);
  }

  /** A line reader over `fd` (see streams.ts). */
  lines(fd: number, options: { binary?: boolean; delimiter?: string } = {}): LineReader {
    return new LineReader(this.sys, fd, options);
  }
}

/**
 * Wrap a command body as a Program: flush stdout at the end (also when it
 * throws Exit), and report a failing write like GNU's close_stdout.
 */
export function command(body: (cmd: Cmd) => number, options: { binaryOutput?: boolean } = {}): Program {
  return (ctx) => {
    const cmd = new Cmd(ctx, options);
    let status: number;
    try {
      try {
        status = body(cmd);
      } finally {
        cmd.out.flush();
      }
    } catch (err) {
      if (err instanceof Exit) return err.status;
      if (err instanceof SysError && err.syscall === 'write') {
        ctx.sys.write(2, `${cmd.name}: write error: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    return status;
  };
}

/**
 * A file name as GNU 9 shows it in diagnostics (gnulib quotearg's
 * shell-escape-always style when needed): plain when it is made of safe
 * characters, else in single quotes, with `'` and control characters escaped
 * the way a shell would read them back. `always` quotes even safe names
 * (GNU's quoteaf, used in "cannot open 'f' for reading").
 */
export function quoteName(name: string, always = false): string {
  if (!always && name !== '' && /^[A-Za-z0-9_.\/,:@%+=\-^]+$/.test(name)) return name;
  if (!/[\x00-\x1f\x7f]/.test(name)) {
    if (!name.includes("'")) return `'${name}'`;
    if (!/["$`\\!]/.test(name)) return `"${name}"`;
  }
  let out = "'";
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === "'") out += "'\\''";
    else if (c < 0x20 || c === 0x7f) out += `'$'${controlEscape(c)}''`;
    else out += ch;
  }
  out += "'";
  // GNU drops the empty '' pairs left at either end.
  return out.replace(/^''(?=.)/, '').replace(/(?<=.)''$/, '');
}

function controlEscape(c: number): string {
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' };
  return named[c] !== undefined ? `\\${named[c]}` : `\\${c.toString(8).padStart(3, '0')}`;
}

/** A value quoted in messages as GNU does in a UTF-8 locale: ‘abc’. */
export function quote(value: string): string {
  return `‘${value}’`;
}
