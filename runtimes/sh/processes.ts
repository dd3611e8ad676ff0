/**
 * Everything that starts processes: external commands, forked copies of
 * the shell (subshells, pipeline stages, background jobs, command
 * substitution) and pipelines. A pipeline creates all its pipes, starts
 * every stage with its ends as fds 0/1, closes the shell's copies (or the
 * readers never see end of file) and then waits for every stage.
 *
 * Where the system cannot spawn (ENOSYS: the in-thread test harness), a
 * subshell or command substitution runs in this worker on a copy of the
 * state instead, with its fds moved into place and put back afterwards.
 */
import type { AndOr, Command, Pipeline, Redirect, Script, SimpleCommand } from './ast.js';
import { isBuiltin } from './builtins/index.js';
import { FatalError } from './errors.js';
import { expandArgs, expandWord } from './expand.js';
import { makePayload, restorePayload, type ForkPayload } from './fork.js';
import type { Shell } from './interpreter.js';
import type { JobControl } from './job-control.js';
import { statusOf } from './jobs.js';
import { applyRedirects } from './redirect.js';
import { resolveCommand, prefixEnvironment } from './command-lookup.js';
import { parseSignal } from '../../engine/signals.js';
import { Exit, Interrupted, rethrowInterrupted } from '../program.js';
import { SysError, holdSignals } from '../sys.js';

/** The child's fd table: 0-2 and every fd above 2 the script opened. */
export function childFds(sh: Shell, stdin = 0, stdout = 1): number[] {
  const fds = [stdin, stdout, 2];
  for (const fd of [...sh.openFds].sort((a, b) => a - b)) {
    if (fd > 9) continue;
    while (fds.length < fd) fds.push(-1);
    fds[fd] = fd;
  }
  return fds;
}

/** bash's wording and status for a command that exists but cannot run. */
export function reportSpawnError(sh: Shell, name: string, error: unknown): number {
  if (!(error instanceof SysError)) throw error;
  switch (error.code) {
    case 'ENOENT':
      sh.error(name.includes('/') ? `${name}: No such file or directory` : `${name}: command not found`);
      return 127;
    case 'ENOEXEC':
      sh.error(`${name}: cannot execute binary file: Exec format error`);
      return 126;
    case 'EAGAIN':
      sh.error(`fork: retry: ${error.message}`);
      return 254;
    default:
      sh.error(`${name}: ${error.message}`);
      return 126;
  }
}

export function waitStatus(sh: Shell, pid: number): number {
  try {
    return statusOf(sh.sys.wait(pid)!);
  } catch (error) {
    rethrowInterrupted(error);
    return 127;
  }
}

/**
 * Wait for a foreground job's processes; their statuses in order. With job
 * control (job-control.ts) the job gets the terminal meanwhile, and a job
 * ended by ^C leaves the cursor on a fresh line, as bash's jobs.c does.
 */
export function waitForeground(sh: Shell, pids: number[]): number[] {
  const control = sh.jobControl;
  if (!control) return pids.map((pid) => waitStatus(sh, pid));
  giveTerminal(sh, control, pids);
  let interrupted = false;
  try {
    return pids.map((pid) => {
      try {
        const w = sh.sys.wait(pid)!;
        if (w.signal === 'SIGINT') interrupted = true;
        return statusOf(w);
      } catch (error) {
        rethrowInterrupted(error);
        return 127;
      }
    });
  } finally {
    control.reclaim();
    if (interrupted) sh.sys.write(2, '\n');
  }
}

/**
 * Group the job and give it the terminal. A ^C typed meanwhile reaches the
 * terminal's group of the moment, the shell's, and may miss a process already
 * moved to the job's group; it was meant for the job, so the shell passes it
 * on (as the job would have had it a moment later) and waits as usual.
 */
function giveTerminal(sh: Shell, control: JobControl, pids: number[]): void {
  try {
    holdSignals(sh.sys, () => control.foreground(pids));
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    passOn(sh, pids, error.signal);
  }
}

/** Send the shell's interrupt to processes it started (kill(2) to each). */
function passOn(sh: Shell, pids: number[], signal: number): void {
  const name = parseSignal(signal);
  for (const pid of pids) {
    try {
      sh.sys.kill(pid, name);
    } catch (error) {
      rethrowInterrupted(error);
      // It ended already.
    }
  }
}

/** Spawn a copy of the shell running `run`; throws SysError like spawn. */
function spawnFork(sh: Shell, run: ForkPayload['run'], fds: number[], env = sh.vars.environment()): number {
  return sh.sys.spawn({ argv: ['sh'], env, fork: makePayload(sh, run), fds });
}

/**
 * Run `run` in a copy of the shell state in this worker, with `fds` as its
 * 0, 1, 2. Every user fd (0-9) is saved first and put back afterwards,
 * since the copy may `exec >file` or open and close fds for good.
 */
function runForkInProcess(sh: Shell, run: ForkPayload['run'], fds: number[]): number {
  const sys = sh.sys;
  const cwd = sys.cwd;
  const umask = sys.umask;
  const saved: number[] = [];
  for (let fd = 0; fd < 10; fd++) {
    let copy = -1;
    try {
      copy = sys.dup(fd, 10);
    } catch (error) {
      rethrowInterrupted(error);
      // Not open: closed again afterwards.
    }
    saved.push(copy);
  }
  for (let fd = 0; fd < 3; fd++) if (fds[fd] !== fd) sys.dup2(fds[fd], fd);
  const child = sh.spawnChildShell();
  restorePayload(child, makePayload(sh, run));
  try {
    return child.runForked(run);
  } catch (error) {
    if (error instanceof Exit) return error.status;
    throw error;
  } finally {
    holdSignals(sys, () => {
      sys.flush();
      saved.forEach((copy, fd) => {
        try {
          if (copy >= 0) {
            sys.dup2(copy, fd);
            sys.close(copy);
          } else sys.close(fd);
        } catch {
          // Already closed.
        }
      });
      if (sys.cwd !== cwd) sys.chdir(cwd);
      if (sys.umask !== umask) sys.umask = umask;
    });
  }
}

/** Run `run` in a forked shell and wait for it. */
function runForked(sh: Shell, run: ForkPayload['run'], fds: number[]): number {
  let pid: number;
  try {
    pid = spawnFork(sh, run, fds);
  } catch (error) {
    if (error instanceof SysError && error.code === 'ENOSYS') return runForkInProcess(sh, run, fds);
    return reportSpawnError(sh, 'sh', error);
  }
  return waitForeground(sh, [pid])[0]!;
}

export function runSubshell(sh: Shell, cmd: Extract<Command, { type: 'Subshell' }>): number {
  const restore = applyRedirects(sh, cmd.redirects);
  if (!restore) return 1;
  try {
    return runForked(sh, { body: cmd.body }, childFds(sh));
  } finally {
    restore();
  }
}

/**
 * A simple command that can be spawned directly, without a copy of the
 * shell: its name is plain text that is not a function or builtin, and it
 * has no redirections. Its words are expanded here, in the parent.
 */
function directCommand(sh: Shell, cmd: Command): SimpleCommand | undefined {
  if (cmd.type !== 'SimpleCommand' || cmd.redirects.length > 0 || cmd.words.length === 0) return undefined;
  const first = cmd.words[0];
  if (first.parts.length !== 1 || first.parts[0].type !== 'Literal') return undefined;
  const name = first.parts[0].value;
  if (sh.functions.has(name) || isBuiltin(name) || sh.aliases.has(name)) return undefined;
  return cmd;
}

/** A stage or background command: its pid, or a status when it could not start. */
type Started = { pid: number } | { status: number };

/** Start one stage or background command. */
function startCommand(sh: Shell, cmd: Command, fds: number[]): Started {
  const direct = directCommand(sh, cmd);
  if (direct) {
    const { args } = expandArgs(sh, direct.words);
    const env = prefixEnvironment(sh, direct.assignments);
    if (args.length === 0) return { status: 0 };
    const found = resolveCommand(sh, args[0]);
    if ('status' in found) return { status: found.status };
    try {
      return { pid: sh.sys.spawn({ argv: args, env, fds }) };
    } catch (error) {
      return { status: reportSpawnError(sh, args[0], error) };
    }
  }
  try {
    return { pid: spawnFork(sh, { command: cmd }, fds) };
  } catch (error) {
    return { status: reportSpawnError(sh, 'sh', error) };
  }
}

/** Start every stage with its pipe ends as fds 0/1 and close the shell's copies; `started` gets each stage as it starts. */
function startStages(sh: Shell, commands: Command[], started: Started[]): void {
  const sys = sh.sys;
  const pipes: [number, number][] = [];
  try {
    for (let i = 0; i < commands.length - 1; i++) pipes.push(sys.pipe());
    for (let i = 0; i < commands.length; i++) {
      const stdin = i === 0 ? 0 : pipes[i - 1][0];
      const stdout = i === commands.length - 1 ? 1 : pipes[i][1];
      started.push(startCommand(sh, commands[i], childFds(sh, stdin, stdout)));
    }
  } finally {
    // Every copy must close, or a reader never sees end of file.
    holdSignals(sys, () => {
      for (const [r, w] of pipes) {
        sys.close(r);
        sys.close(w);
      }
    });
  }
}

const pidsOf = (started: Started[]): number[] => started.flatMap((s) => ('pid' in s ? [s.pid] : []));

export function runPipelineStages(sh: Shell, pipeline: Pipeline): number {
  const started: Started[] = [];
  try {
    startStages(sh, pipeline.commands, started);
  } catch (error) {
    // ^C while the stages start: it reached the shell's group, where the stages then running
    // were; one whose spawn was under way as it came is passed it too, so none runs on.
    if (error instanceof Interrupted) passOn(sh, pidsOf(started), error.signal);
    throw error;
  }
  const waited = waitForeground(sh, pidsOf(started));
  const statuses = started.map((s) => ('pid' in s ? waited.shift()! : s.status));
  sh.vars.setArray('PIPESTATUS', new Map(statuses.map((s, i) => [i, String(s)])));
  if (sh.options.pipefail) {
    for (let i = statuses.length - 1; i >= 0; i--) if (statuses[i] !== 0) return statuses[i];
    return 0;
  }
  return statuses[statuses.length - 1];
}

/** `cmd &`: stdin from /dev/null (no job control), recorded as a job. */
export function runBackground(sh: Shell, node: AndOr): void {
  const sys = sh.sys;
  let devNull = -1;
  try {
    devNull = sys.open('/dev/null', 'r');
  } catch (error) {
    rethrowInterrupted(error);
    // No /dev/null: the job shares the shell's stdin.
  }
  const stdin = devNull >= 0 ? devNull : 0;
  const text = sh.source.slice(node.start, node.end).replace(/\s*&?\s*$/, '');
  const pids: number[] = [];
  try {
    const single = node.rest.length === 0 && !node.first.negated ? node.first.commands : null;
    if (single && single.length === 1) {
      const r = startCommand(sh, single[0], childFds(sh, stdin));
      if ('pid' in r) pids.push(r.pid);
    } else {
      try {
        pids.push(spawnFork(sh, { body: [{ ...node, async: false }] }, childFds(sh, stdin)));
      } catch (error) {
        reportSpawnError(sh, 'sh', error);
      }
    }
  } finally {
    if (devNull >= 0) sys.close(devNull);
  }
  if (pids.length === 0) return;
  sh.jobControl?.background(pids);
  sh.jobs.add(pids, text);
  sh.lastBackground = pids[pids.length - 1];
  if (sh.interactive) sh.sys.write(2, `[${sh.jobs.current()!.id}] ${sh.lastBackground}\n`);
}

function readAll(sh: Shell, fd: number): string {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(64 * 1024);
  let out = '';
  for (;;) {
    const n = sh.sys.read(fd, buffer);
    if (n === 0) break;
    out += decoder.decode(buffer.subarray(0, n), { stream: true });
  }
  return out + decoder.decode();
}

/** In-process `$(…)`: output collects in an unlinked temp file, so a large output cannot fill a pipe with no reader. */
function substituteInProcess(sh: Shell, script: Script): string {
  const sys = sh.sys;
  const path = `/tmp/sh-cmdsub-${sys.pid}-${sh.random()}-${Math.floor(sys.now())}`;
  let fd: number;
  try {
    fd = sys.open(path, 'w+', 0o600);
    sys.unlink(path);
  } catch (error) {
    rethrowInterrupted(error);
    throw new FatalError(`cannot make a file for command substitution: ${error instanceof Error ? error.message : error}`);
  }
  try {
    sh.lastSubstitutionStatus = runForkInProcess(sh, { body: script.body }, childFds(sh, 0, fd));
    sys.seek(fd, 0, 'set');
    return readAll(sh, fd);
  } finally {
    sys.close(fd);
  }
}

/** bash's `$(< file)`: the file's contents, read by the shell itself. */
function fileShortcut(script: Script): Redirect | undefined {
  if (script.body.length !== 1) return undefined;
  const node = script.body[0];
  if (node.rest.length > 0 || node.async || node.first.negated || node.first.commands.length !== 1) return undefined;
  const cmd = node.first.commands[0];
  if (cmd.type !== 'SimpleCommand' || cmd.words.length > 0 || cmd.assignments.length > 0) return undefined;
  return cmd.redirects.length === 1 && cmd.redirects[0].op === '<' ? cmd.redirects[0] : undefined;
}

function readFileShortcut(sh: Shell, redirect: Redirect): string {
  const path = expandWord(sh, redirect.target);
  try {
    sh.lastSubstitutionStatus = 0;
    return new TextDecoder().decode(new Uint8Array(sh.sys.readFile(path))).replace(/\n+$/, '');
  } catch (error) {
    rethrowInterrupted(error);
    sh.error(`${path}: ${error instanceof Error ? error.message : error}`);
    sh.lastSubstitutionStatus = 1;
    return '';
  }
}

/** `$(…)`: run the script with stdout into a pipe, read it to the end, strip trailing newlines. */
export function commandSubstitution(sh: Shell, script: Script): string {
  const shortcut = fileShortcut(script);
  if (shortcut) return readFileShortcut(sh, shortcut);
  const sys = sh.sys;
  const [r, w] = sys.pipe();
  let pid: number;
  try {
    pid = spawnFork(sh, { body: script.body }, childFds(sh, 0, w));
  } catch (error) {
    sys.close(r);
    sys.close(w);
    if (error instanceof SysError && error.code === 'ENOSYS') return substituteInProcess(sh, script).replace(/\n+$/, '');
    sh.lastSubstitutionStatus = reportSpawnError(sh, 'sh', error);
    return '';
  }
  sys.close(w);
  let output: string;
  try {
    output = readAll(sh, r);
  } finally {
    sys.close(r);
  }
  sh.lastSubstitutionStatus = waitStatus(sh, pid);
  return output.replace(/\n+$/, '');
}
