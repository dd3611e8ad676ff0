/**
 * `sb.pty`: create terminals, find them again, and the agent-style calls
 * that drive one as "type, wait a moment, read what came out" (exec and
 * input). A pty is owned by its sandbox: closing the sandbox ends it.
 */
import { PtyNotFoundError, WasmboxError } from './errors.js';
import type { Kernel } from './kernel.js';
import { Pty, checkSize, type PtySize } from './pty.js';
import { Tty, TtyFile } from './tty.js';

export interface PtyOptions {
  /** A unique id of your choosing; default `pty-<n>`. */
  id?: string;
  /** Default 80. */
  cols?: number;
  /** Default 24. */
  rows?: number;
  cwd?: string;
  /** Added to (and overriding) the sandbox's environment; TERM, COLUMNS and LINES are set for you. */
  env?: Record<string, string>;
  /** A command line run by `sh -c`, or an argv run directly; default the interactive shell (`sh -i`). */
  command?: string | string[];
}

export interface AgentOutputOptions {
  /** How long to wait for the program to end before returning what it printed so far; default 300 ms. */
  yieldMs?: number;
  /** Output bytes returned, cut in the middle with a marker past this; default 64 KiB. */
  maxOutputBytes?: number;
}

export interface PtyExecOptions extends AgentOutputOptions, Omit<PtyOptions, 'command'> {}

export interface AgentResult {
  id: string;
  /** Output since the previous call for this pty (decoded as UTF-8). */
  output: string;
  /** The program's status if it has ended, else null. */
  exitCode: number | null;
}

export interface PtyHost {
  kernel: Kernel;
  cwd: string;
  env: Record<string, string>;
  maxOutputBytes: number;
  assertOpen(): void;
  checkEnv(env: Record<string, string>): Record<string, string>;
  checkArgv(argv: unknown): asserts argv is string[];
}

export const DEFAULT_YIELD_MS = 300;
export const DEFAULT_AGENT_OUTPUT_BYTES = 64 * 1024;
/** Longest yieldMs accepted (an hour): longer waits are a caller's bug. */
const MAX_YIELD_MS = 3_600_000;
/** Ended ptys kept for list() and get(); the oldest are dropped first. */
const MAX_ENDED = 100;

export class PtyList {
  private readonly byId = new Map<string, Pty>();
  private next = 1;

  constructor(private readonly host: PtyHost) {}

  /** Start a program on a new terminal. */
  async create(options: PtyOptions = {}): Promise<Pty> {
    this.host.assertOpen();
    if (typeof options !== 'object' || options === null) throw new TypeError('sb.pty.create takes an options object');
    const id = this.newId(options.id);
    const size = checkSize({ cols: options.cols === undefined ? 80 : options.cols, rows: options.rows === undefined ? 24 : options.rows });
    const argv = this.argvOf(options.command);
    const { kernel } = this.host;
    const env = { ...this.host.env, TERM: 'xterm-256color', COLUMNS: String(size.cols), LINES: String(size.rows), ...this.host.checkEnv(options.env ?? {}) };
    const tty = new Tty(size, (pgid, signal) => kernel.signalGroup(pgid, signal));
    const file = new TtyFile(tty);
    const proc = kernel.create({ argv, cwd: options.cwd ?? this.host.cwd, env, timeoutMs: 0, newGroup: true }, undefined, { kind: 'inherit', fds: [file, file, file] });
    // The program leads its own process group, the terminal's foreground one.
    tty.foreground = proc.pgid;
    const pty = new Pty(id, kernel, proc, tty, this.host.maxOutputBytes);
    this.byId.set(id, pty);
    try {
      await kernel.start(proc);
    } catch (error) {
      this.byId.delete(id);
      throw error;
    }
    this.trimEnded();
    return pty;
  }

  list(): Pty[] {
    this.host.assertOpen();
    return [...this.byId.values()];
  }

  get(id: string): Pty {
    this.host.assertOpen();
    const pty = this.byId.get(id);
    if (!pty) throw new PtyNotFoundError(String(id));
    return pty;
  }

  /**
   * Attach to an existing pty: `onData` gets its output from now on, or
   * first the scrollback (the latest SCROLLBACK_BYTES) with `replay`, the
   * default for a pty's first listener (engine/pty.ts onData).
   * Any number of listeners may be connected at once.
   */
  connect(id: string, options: { onData?: (data: Uint8Array) => void; replay?: boolean } = {}): Pty {
    const pty = this.get(id);
    if (options.onData !== undefined) pty.onData(options.onData, { replay: options.replay });
    return pty;
  }

  /**
   * Start `command` on a new pty, wait until it ends or `yieldMs` passes,
   * and return what it printed: the agent's "run, wait a moment, read".
   * Go on with input(id, …) while exitCode is null.
   */
  async exec(command: string | string[], options: PtyExecOptions = {}): Promise<AgentResult> {
    if (typeof command !== 'string' && !Array.isArray(command)) throw new TypeError('command must be a string or an argv array');
    const { yieldMs, maxOutputBytes } = this.agentOptions(options);
    const pty = await this.create({ id: options.id, cols: options.cols, rows: options.rows, cwd: options.cwd, env: options.env, command });
    return this.collect(pty, yieldMs, maxOutputBytes);
  }

  /**
   * Type `chars` on pty `id` (nothing for ''), wait until its program ends
   * or `yieldMs` passes, and return the output since the previous call.
   * Input for an ended pty is a PtyEndedError; '' still returns what is left.
   */
  async input(id: string, chars: string | Uint8Array, options: AgentOutputOptions = {}): Promise<AgentResult> {
    const pty = this.get(id);
    const { yieldMs, maxOutputBytes } = this.agentOptions(options);
    if (typeof chars !== 'string' && !(chars instanceof Uint8Array)) throw new TypeError('chars must be a string or a Uint8Array');
    if (chars.length > 0) pty.write(chars);
    return this.collect(pty, yieldMs, maxOutputBytes);
  }

  /** Used by Sandbox.close(): the kernel has already ended every process. */
  clear(): void {
    for (const pty of this.byId.values()) pty.close();
    this.byId.clear();
  }

  private async collect(pty: Pty, yieldMs: number, maxOutputBytes: number): Promise<AgentResult> {
    if (pty.active) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([pty.wait(), new Promise<void>((resolve) => (timer = setTimeout(resolve, yieldMs)))]);
      clearTimeout(timer);
    }
    return { id: pty.id, output: pty.pending.take(maxOutputBytes), exitCode: pty.exitCode };
  }

  private agentOptions(options: AgentOutputOptions): { yieldMs: number; maxOutputBytes: number } {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    const yieldMs = options.yieldMs ?? DEFAULT_YIELD_MS;
    if (typeof yieldMs !== 'number' || !Number.isFinite(yieldMs) || yieldMs < 0 || yieldMs > MAX_YIELD_MS) {
      throw new RangeError(`yieldMs must be a number from 0 to ${MAX_YIELD_MS}, got ${String(yieldMs)}`);
    }
    const cap = Math.min(this.host.maxOutputBytes, 2 * Math.floor(this.host.maxOutputBytes / 2));
    const maxOutputBytes = options.maxOutputBytes ?? Math.min(DEFAULT_AGENT_OUTPUT_BYTES, cap);
    if (typeof maxOutputBytes !== 'number' || !Number.isInteger(maxOutputBytes) || maxOutputBytes < 1 || maxOutputBytes > cap) {
      throw new RangeError(`maxOutputBytes must be an integer from 1 to ${cap} (limits.maxOutputBytes), got ${String(maxOutputBytes)}`);
    }
    return { yieldMs, maxOutputBytes };
  }

  private newId(given: unknown): string {
    let id = given;
    if (id === undefined) {
      do id = `pty-${this.next++}`;
      while (this.byId.has(id as string));
    }
    if (typeof id !== 'string' || id.length === 0 || id.length > 256) throw new TypeError('id must be a non-empty string of at most 256 characters');
    if (this.byId.has(id)) throw new WasmboxError('ALREADY_EXISTS', `a pty with id ${JSON.stringify(id)} already exists`);
    return id;
  }

  private argvOf(command: unknown): string[] {
    if (command === undefined) return ['sh', '-i'];
    if (typeof command === 'string') {
      if (command.includes('\0')) throw new TypeError('the command contains a NUL byte, which no shell command line can hold');
      return ['/bin/sh', '-c', command];
    }
    if (!Array.isArray(command)) throw new TypeError(`command must be a string or an argv array, got ${typeof command}`);
    this.host.checkArgv(command);
    return [...command];
  }

  private trimEnded(): void {
    const ended = [...this.byId.values()].filter((p) => !p.active);
    for (let i = 0; i < ended.length - MAX_ENDED; i++) this.byId.delete(ended[i]!.id);
  }
}

export type { PtySize };
