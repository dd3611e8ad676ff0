/**
 * The shell's interactive mode (POSIX XCU sh "-i"; bash's "INVOCATION"):
 * `sh -i`, or `sh` with no script when stdin and stderr are terminals.
 * Read a command with a prompt (PS1, then PS2 while it is incomplete), run
 * it, repeat. Line editing, echo and ^C come from the kernel's line
 * discipline (engine/tty.ts) in canonical mode: the shell reads whole lines.
 * Jobs get their own process groups (job-control.ts). ^C at the prompt
 * discards the line and shows a fresh prompt; ^C during a command the shell
 * runs itself (a builtin, a coreutil like `sleep`) ends that command with
 * status 130 and the shell goes on. `exit` and ^D at an empty prompt end
 * the shell, printing "exit" as bash does.
 */
import { KernelSys } from '../kernel-sys.js';
import { Exit, Interrupted, restartOnSignal, rethrowInterrupted } from '../program.js';
import type { Shell } from './interpreter.js';
import { JobControl } from './job-control.js';
import { Parser, ShSyntaxError } from './parser.js';
import { DEFAULT_PS1, DEFAULT_PS2, expandPrompt } from './prompt.js';

const SIGINT_STATUS = 130;

/** Is this `sh` invocation interactive: `-i`, or no script with a terminal on stdin and stderr. */
export function wantsInteractive(shell: Shell, hasScript: boolean): boolean {
  if (hasScript) return false;
  return shell.interactive || (shell.sys.isatty(0) && shell.sys.isatty(2));
}

export function runInteractive(shell: Shell): number {
  const sys = shell.sys;
  shell.interactive = true;
  if (!shell.vars.isSet('PS1')) shell.vars.set('PS1', DEFAULT_PS1);
  if (!shell.vars.isSet('PS2')) shell.vars.set('PS2', DEFAULT_PS2);
  if (sys.isatty(0)) {
    // Lead our own group and take the terminal (bash's initialize_job_control).
    try {
      sys.setpgid(0, 0);
      sys.tcsetpgrp(0, sys.pid);
      shell.jobControl = new JobControl(sys, 0, sys.pid);
    } catch {
      // No process groups here (the in-thread harness): run without job control.
    }
  }
  // ^C unwinds what the shell runs itself instead of ending it (engine/kernel.ts interrupt).
  if (sys instanceof KernelSys) sys.setInterruptible(true, { catchInterrupts: true });
  const reader = new LineReader(shell);
  for (;;) {
    // A signal can come at any point of a round, between two of its system
    // calls too (after the line is read, before the command starts): wherever
    // it lands, it abandons this round only, never the shell.
    let source: string | null = '';
    try {
      source = readCommand(shell, reader);
      if (source === null) break;
      updateWindowSize(shell);
      shell.runSource(source);
    } catch (error) {
      if (error instanceof Exit) return leave(shell, error.status);
      if (!(error instanceof Interrupted)) throw error;
      // ^C at the prompt: the discipline echoed ^C and dropped the line; start afresh below it.
      // ^C during a command: it ends with 128 + the signal, as bash's do.
      shell.lastStatus = source === '' ? SIGINT_STATUS : 128 + error.signal;
      say(shell, '\n');
    }
  }
  return leave(shell, shell.lastStatus);
}

/** bash prints "exit" when an interactive shell ends by `exit` or ^D. */
function leave(shell: Shell, status: number): number {
  say(shell, 'exit\n');
  try {
    return shell.exit(status);
  } catch (error) {
    if (error instanceof Exit) return error.status;
    throw error;
  }
}

function write(shell: Shell, text: string): void {
  try {
    shell.sys.write(2, text);
  } catch (error) {
    rethrowInterrupted(error);
    // The terminal is gone; the next read ends the shell.
  }
}

/**
 * What the shell says as it recovers from an interrupt or leaves: another
 * ^C meanwhile does not stop it. A terminal that is gone makes the next
 * read end the shell.
 */
function say(shell: Shell, text: string): void {
  try {
    restartOnSignal(() => shell.sys.write(2, text));
  } catch {
    // See above.
  }
}

/**
 * Prompt and read lines until they form whole commands (or the input ends).
 * Null at end of input with nothing typed.
 */
function readCommand(shell: Shell, reader: LineReader): string | null {
  reportDoneJobs(shell);
  let text = '';
  let prompt = 'PS1';
  for (;;) {
    write(shell, promptText(shell, prompt));
    const line = reader.readLine();
    if (line === null) {
      if (text === '') return null;
      // End of input inside a command: run what there is; its syntax error says why.
      return text;
    }
    text += line;
    if (complete(text)) return text;
    prompt = 'PS2';
  }
}

/**
 * Whether `text` is whole commands. Not yet when it stops too soon: an open
 * quote or compound command, a here-document without its delimiter, a
 * backslash before the final newline (XCU 2.2.1). Any other syntax error
 * is complete: running it reports the error.
 */
function complete(text: string): boolean {
  const trailing = /(\\+)\n$/.exec(text);
  if (trailing && trailing[1]!.length % 2 === 1) return false;
  const parser = new Parser(text, {});
  try {
    parser.parseProgram();
  } catch (error) {
    return !(error instanceof ShSyntaxError && error.atEnd);
  }
  return parser.unterminatedHeredocs === 0;
}

function promptText(shell: Shell, name: 'PS1' | 'PS2' | string): string {
  const template = shell.vars.get(name) ?? '';
  const home = shell.vars.get('HOME');
  return expandPrompt(template, {
    user: shell.vars.get('USER') ?? shell.vars.get('LOGNAME') ?? 'user',
    home: home === '' ? undefined : home,
    cwd: shell.sys.cwd,
    jobs: shell.jobs.list().length,
    now: new Date(shell.sys.now()),
    uid: 1000,
  });
}

/** bash's checkwinsize: COLUMNS and LINES follow the terminal, so the command about to run sees a resize. */
function updateWindowSize(shell: Shell): void {
  let size: { rows: number; cols: number };
  try {
    size = shell.sys.winsize(0);
  } catch (error) {
    rethrowInterrupted(error);
    return;
  }
  if (size.cols > 0) shell.vars.set('COLUMNS', String(size.cols));
  if (size.rows > 0) shell.vars.set('LINES', String(size.rows));
}

/** Before a prompt, bash tells which background jobs have finished since the last one. */
function reportDoneJobs(shell: Shell): void {
  const jobs = shell.jobs;
  jobs.poll(shell.sys);
  const list = [...jobs.list()];
  list.forEach((job, i) => {
    if (!jobs.isDone(job)) return;
    const mark = i === list.length - 1 ? '+' : i === list.length - 2 ? '-' : ' ';
    const status = jobs.statusOf(job);
    const state = status === 0 ? 'Done' : `Exit ${status}`;
    write(shell, `[${job.id}]${mark}  ${state.padEnd(24)}${job.command}\n`);
    jobs.remove(job);
  });
}

/** Lines from fd 0: a terminal in canonical mode returns one per read. */
class LineReader {
  private readonly buffer = new Uint8Array(4096);
  private readonly decoder = new TextDecoder();

  constructor(private readonly shell: Shell) {}

  /** The next line with its newline; null at end of input. A line ended by ^D comes without one. */
  readLine(): string | null {
    let line = '';
    for (;;) {
      const n = this.shell.sys.read(0, this.buffer);
      if (n === 0) {
        // ^D after some text ends that text as a line (bash runs it); ^D alone is end of input.
        return line === '' ? null : `${line}\n`;
      }
      line += this.decoder.decode(this.buffer.subarray(0, n), { stream: true });
      if (line.endsWith('\n')) return line;
    }
  }
}
