/**
 * Sessions (DESIGN.md "sessions", after Daytona's session API): a
 * long-lived shell process whose cwd, environment, functions, aliases and
 * options persist between commands. Commands run one after another; each
 * gets its own stdin, stdout and stderr (engine/session-channel.ts), so its
 * output and exit code are recorded apart.
 */
import { WasmboxError } from './errors.js';
import type { Kernel, KernelProcess } from './kernel.js';
import { PipeEnd } from './open-file.js';
import { OutputLog, drainPipe, iterateLog, type StreamChoice } from './output-log.js';
import { Pipe } from './pipe.js';
import { ProcessStdin } from './process.js';
import { SessionChannel } from './session-channel.js';

const decoder = new TextDecoder();
/** Status of a command ended by its timeout, as timeout(1) reports it. */
export const TIMEOUT_STATUS = 124;
/** After a command's status, how long to wait for output still in flight from processes it left behind. */
const OUTPUT_GRACE_MS = 50;
/** A timed-out command whose shell has not taken its interrupt this soon takes the shell with it. */
const KILL_SHELL_AFTER_MS = 200;
/**
 * A shell that took the interrupt is alive; it is asked again this many
 * times (one KILL_SHELL_AFTER_MS apart) before it goes, in case something
 * in it swallowed the interrupt. On a loaded machine the command's end can
 * be in flight while the escalation's timer runs first.
 */
const INTERRUPT_ATTEMPTS = 5;

export class SessionNotFoundError extends WasmboxError {
  constructor(readonly id: string) {
    super('SESSION_NOT_FOUND', `no session with id ${JSON.stringify(id)}`);
    this.name = 'SessionNotFoundError';
  }
}

export class SessionEndedError extends WasmboxError {
  constructor(readonly id: string, detail: string) {
    super('SESSION_ENDED', `session ${JSON.stringify(id)} has ended: ${detail}`);
    this.name = 'SessionEndedError';
  }
}

export interface CommandResult {
  id: string;
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
}

/** One command of a session: live while it runs, its result once it ends. */
export class SessionCommand {
  readonly log: OutputLog;
  readonly stdin: ProcessStdin;
  exitCode: number | null = null;
  timedOut = false;
  readonly startedAt = Date.now();
  endedAt: number | null = null;
  /** Settles once the exit code is known and output in flight has arrived. */
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private drained: Promise<void>;

  constructor(
    readonly id: string,
    readonly command: string,
    maxOutputBytes: number,
    stdout: PipeEnd,
    stderr: PipeEnd,
    stdin: PipeEnd,
  ) {
    this.log = new OutputLog(maxOutputBytes);
    this.stdin = new ProcessStdin(stdin, `${id}:stdin`);
    this.drained = Promise.all([drainPipe(this.log, 'stdout', stdout), drainPipe(this.log, 'stderr', stderr)]).then(() => {});
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  /** Record the status; output still in flight gets a short grace before the result is taken. */
  end(exitCode: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = this.timedOut ? TIMEOUT_STATUS : exitCode;
    this.endedAt = Date.now();
    this.stdin.close();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, OUTPUT_GRACE_MS));
    void Promise.race([this.drained, grace]).then(() => this.resolveFinished());
  }

  get running(): boolean {
    return this.exitCode === null;
  }

  get stdout(): string {
    return decoder.decode(this.log.bytes('stdout'));
  }

  get stderr(): string {
    return decoder.decode(this.log.bytes('stderr'));
  }

  /** The command's output as it comes: what was kept so far, then the rest live (replay, then follow). */
  logs(options: { stream?: StreamChoice; replay?: boolean } = {}): AsyncIterable<Uint8Array> {
    const choice = options.stream ?? 'combined';
    if (choice !== 'stdout' && choice !== 'stderr' && choice !== 'combined') {
      throw new RangeError(`stream must be 'stdout', 'stderr' or 'combined', got ${JSON.stringify(choice)}`);
    }
    return iterateLog(this.log, choice, options.replay ?? true);
  }

  /** Wait for the command to end and return its result. */
  async wait(): Promise<CommandResult> {
    await this.finished;
    return this.result();
  }

  result(): CommandResult {
    return {
      id: this.id,
      command: this.command,
      exitCode: this.exitCode ?? -1,
      stdout: this.stdout,
      stderr: this.stderr,
      timedOut: this.timedOut,
      truncated: this.log.truncated('stdout') || this.log.truncated('stderr'),
    };
  }
}

export interface RunOptions {
  /** Return at once with the command (its id, logs(), wait()) instead of its result. */
  async?: boolean;
  /** End the command after this long: its processes are killed and its status is 124. */
  timeoutMs?: number;
  maxOutputBytes?: number;
}

export class Session {
  private readonly commandsById = new Map<string, SessionCommand>();
  /** Timeouts of queued commands, armed when the shell takes each one. */
  private readonly timeouts = new Map<string, number>();
  private readonly channel: SessionChannel;
  private nextCommand = 1;
  private ended = false;
  readonly createdAt = Date.now();

  constructor(
    readonly id: string,
    private readonly kernel: Kernel,
    private readonly shell: KernelProcess,
    private readonly maxOutputBytes: number,
    private readonly onEnd: (session: Session) => void,
    private readonly onDelete: (session: Session) => void = () => {},
  ) {
    this.channel = new SessionChannel(
      (commandId, status) => this.commandsById.get(commandId)?.end(status),
      (commandId) => {
        const cmd = this.commandsById.get(commandId);
        const timeoutMs = this.timeouts.get(commandId);
        this.timeouts.delete(commandId);
        if (cmd && timeoutMs !== undefined) this.armTimeout(cmd, timeoutMs);
      },
    );
    shell.session = this.channel;
    void shell.exited.then(() => {
      this.ended = true;
      // A command that ended the shell (`exit 3`) ends with the shell's status.
      for (const c of this.commandsById.values()) if (c.running) c.end(shell.exitCode ?? 1);
      this.onEnd(this);
    });
  }

  /** The shell's status once the session has ended (e.g. after `exit 3`), else null. */
  get exitCode(): number | null {
    return this.ended ? this.shell.exitCode : null;
  }

  get active(): boolean {
    return !this.ended;
  }

  /** The shell's working directory after its last command. */
  get cwd(): string {
    return this.channel.state?.cwd ?? this.shell.spec.cwd;
  }

  /**
   * What a snapshot keeps of the session: its id, and the shell's cwd and
   * exported environment as of its last finished command. Functions,
   * aliases, unexported variables and running commands are not kept.
   */
  state(): { id: string; cwd: string; env: Record<string, string> } {
    return { id: this.id, cwd: this.cwd, env: { ...(this.channel.state?.env ?? this.shell.spec.env) } };
  }

  /**
   * Run a command in the session's shell. Commands run one at a time, in
   * the order given; with `async` this returns as soon as the command is
   * queued.
   */
  async run(command: string, options: RunOptions & { async: true }): Promise<SessionCommand>;
  async run(command: string, options?: RunOptions): Promise<CommandResult>;
  async run(command: string, options: RunOptions = {}): Promise<CommandResult | SessionCommand> {
    if (typeof command !== 'string') throw new TypeError('command must be a string');
    if (command.includes('\0')) throw new TypeError('the command contains a NUL byte, which no shell command line can hold');
    if (this.ended) throw new SessionEndedError(this.id, `the shell exited with status ${this.shell.exitCode}`);
    const timeoutMs = options.timeoutMs ?? 0;
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
    const id = `cmd-${this.nextCommand++}`;
    const [stdinR, stdinW] = pipeEnds();
    const [stdoutR, stdoutW] = pipeEnds();
    const [stderrR, stderrW] = pipeEnds();
    const cmd = new SessionCommand(id, command, options.maxOutputBytes ?? this.maxOutputBytes, stdoutR, stderrR, stdinW);
    this.commandsById.set(id, cmd);
    if (timeoutMs > 0) this.timeouts.set(id, timeoutMs);
    this.channel.enqueue({ id, command, stdio: [stdinR, stdoutW, stderrW] });
    // The queue holds them now; our references would keep the pipes from ever reaching EOF.
    for (const end of [stdinR, stdoutW, stderrW]) end.unref();
    if (options.async) return cmd;
    return cmd.wait();
  }

  /** Feed a running command's stdin (a `read` in it gets this). */
  async sendInput(commandId: string, data: string | Uint8Array, options: { end?: boolean } = {}): Promise<void> {
    const cmd = this.command(commandId);
    if (!cmd.running) throw new WasmboxError('COMMAND_ENDED', `command ${commandId} has already ended`);
    await cmd.stdin.write(data);
    if (options.end) cmd.stdin.close();
  }

  commands(): SessionCommand[] {
    return [...this.commandsById.values()];
  }

  command(id: string): SessionCommand {
    const cmd = this.commandsById.get(id);
    if (!cmd) throw new WasmboxError('COMMAND_NOT_FOUND', `session ${this.id} has no command ${JSON.stringify(id)}`);
    return cmd;
  }

  /** End the session: the shell exits (it is killed if a command is still running). Idempotent. */
  async delete(): Promise<void> {
    if (!this.ended) {
      this.channel.close();
      if (this.channel.current) this.kill();
      else {
        const timer = setTimeout(() => this.kill(), KILL_SHELL_AFTER_MS);
        await this.shell.exited;
        clearTimeout(timer);
      }
    }
    await this.shell.exited;
    this.onDelete(this);
  }

  private kill(): void {
    for (const p of this.kernel.descendants(this.shell)) this.kernel.signal(p, 'SIGKILL');
    this.kernel.signal(this.shell, 'SIGKILL');
  }

  /**
   * A command past its time, counted from when the shell takes it (not from
   * when it was queued behind others): kill the processes it started, then
   * interrupt a command running inside the shell (a builtin, or a coreutil
   * in the shell's own worker); if the shell does not take the interrupt,
   * or takes it and still does not come back, it goes too and the session
   * ends.
   */
  private armTimeout(cmd: SessionCommand, timeoutMs: number): void {
    const timer = setTimeout(() => {
      if (!cmd.running) return;
      cmd.timedOut = true;
      for (const p of this.kernel.descendants(this.shell)) this.kernel.signal(p, 'SIGKILL');
      this.kernel.interrupt(this.shell, 'SIGINT');
      let attempts = 1;
      const escalate = (): void => {
        if (!cmd.running) return;
        // Still pending: the shell is stuck where it cannot take a signal.
        if (this.kernel.interruptPending(this.shell) || attempts >= INTERRUPT_ATTEMPTS) return this.kill();
        attempts++;
        this.kernel.interrupt(this.shell, 'SIGINT');
        setTimeout(escalate, KILL_SHELL_AFTER_MS);
      };
      setTimeout(escalate, KILL_SHELL_AFTER_MS);
    }, timeoutMs);
    void cmd.finished.then(() => clearTimeout(timer));
  }
}

function pipeEnds(): [PipeEnd, PipeEnd] {
  const pipe = new Pipe();
  return [new PipeEnd(pipe, 'read').retain(), new PipeEnd(pipe, 'write').retain()];
}
