/**
 * A signal for an interruptible shell (a session command's timeout, ^C in
 * an interactive shell) unwinds whatever the shell is running, wherever it
 * arrives. The syscall client clears the signal as it throws `Interrupted`,
 * so a `catch` that shrugs off a failed call would lose it and the command
 * would run on: that happened for a command's /bin stub read, globbing's
 * readdir, redirections' fstat and the waits. This test sends the signal
 * during each system call of a script in turn (runtimes/syscall-client.ts
 * takes it as the next call starts).
 */
import { describe, expect, it } from 'vitest';
import { Op } from '../../engine/abi.js';
import { Errno } from '../../engine/errno.js';
import { sh } from '../../runtimes/sh/main.js';
import { shSession } from '../../runtimes/sh/session-loop.js';
import { runProgram, type ProgramResult, type RunProgramOptions } from '../helpers/run-program.js';
import type { Program } from '../../runtimes/program.js';

const SCRIPT = [
  'x=$(echo hi)',
  'echo /tmp/* > /tmp/out',
  'read line < /tmp/a',
  '[ -t 0 ]',
  '{ echo grouped; echo more >&2; } >> /tmp/out 2>&1',
  'cat /tmp/a > /dev/null',
  'no-such-command 2>/dev/null',
  'for f in /tmp/*; do test -f "$f"; done',
  'echo after > /tmp/marker',
].join('\n');


/** Run `program` with a SIGINT during its call number `signalAt` (none when undefined); also returns every call it made. */
function runSignalled(program: Program, options: Omit<RunProgramOptions, 'signalDuring'>, signalAt?: number): ProgramResult & { calls: Op[] } {
  const calls: Op[] = [];
  const result = runProgram(program, {
    ...options,
    signalDuring: (op) => {
      calls.push(op);
      return calls.length === signalAt;
    },
  });
  return { ...result, calls };
}

function runScript(signalAt?: number): ProgramResult & { calls: Op[] } {
  return runSignalled(sh, { argv: ['sh', '-c', SCRIPT], files: { '/tmp/a': 'line one\nline two\n' }, env: { PATH: '/bin', HOME: '/home/user' } }, signalAt);
}

describe('an interrupt in the shell', () => {
  it('runs the script whole when no signal comes', () => {
    const r = runScript();
    expect(r.readFile('/tmp/marker')).toBe('after\n');
    expect(r.exitCode).toBe(0);
    expect(r.readFile('/tmp/out')).toBe('/tmp/a\ngrouped\nmore\n');
    expect(r.calls.length).toBeGreaterThan(20);
  });

  it('unwinds the script from every system call it makes, with status 130', () => {
    const { calls } = runScript();
    // Up to the call that makes the marker file; a signal during that one comes too late.
    const last = calls.lastIndexOf(Op.Open);
    const lost: string[] = [];
    for (let at = 1; at <= last; at++) {
      const r = runScript(at);
      if (r.exists('/tmp/marker') || r.exitCode !== 130) lost.push(`call ${at} (op ${calls[at - 1]}): exit ${r.exitCode}, stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr)}`);
    }
    expect(lost).toEqual([]);
  });
});

describe('an interrupt in the interactive shell', () => {
  const INPUT = 'x=$(echo hi); echo "$x" > /tmp/out; cat /tmp/a > /dev/null\n';

  function runInteractive(signalAt?: number): ProgramResult & { calls: Op[] } {
    return runSignalled(sh, { argv: ['sh', '-i'], stdin: INPUT, files: { '/tmp/a': 'line one\n' }, env: { PATH: '/bin', HOME: '/home/user', PS1: '$ ' } }, signalAt);
  }

  it('runs the line and leaves at the end of input when no signal comes', () => {
    const r = runInteractive();
    expect(r.readFile('/tmp/out')).toBe('hi\n');
    expect(r.stderr).toBe('$ $ exit\n');
    expect(r.exitCode).toBe(0);
  });

  // The CI failure this guards against: a ^C just after the line was read, before its command
  // started, escaped the shell's loop and ended the shell with 130.
  it('abandons at most the command, wherever the signal lands, and reads on', () => {
    const { calls } = runInteractive();
    const ended: string[] = [];
    // From its sigaction on; before it, a SIGINT ends the shell (the kernel terminates it).
    for (let at = calls.indexOf(Op.CatchInterrupts) + 1; at <= calls.length; at++) {
      const r = runInteractive(at);
      // Reading on finds the end of input, and the shell leaves as bash does, saying "exit".
      if (!r.stderr.endsWith('exit\n')) ended.push(`call ${at} (op ${calls[at - 1]}): exit ${r.exitCode}, stderr ${JSON.stringify(r.stderr)}`);
    }
    expect(ended).toEqual([]);
  });
});

describe("an interrupt in a session's shell", () => {
  /** One session command, then the session closes; the statuses the shell reported. */
  function runSession(signalAt?: number): ProgramResult & { calls: Op[]; done: number[]; asked: number } {
    const done: number[] = [];
    let asked = 0;
    const result = runSignalled(
      shSession,
      {
        argv: ['sh'],
        files: { '/tmp/a': 'line one\n' },
        env: { PATH: '/bin', HOME: '/home/user' },
        // The kernel's side of engine/session-channel.ts: a command, then "closing".
        processes: (op, req, res) => {
          if (op === Op.SessionNext) {
            asked++;
            if (asked === 1) res.u32(1).str('c1').str('x=$(echo hi); echo "$x" > /tmp/out; cd /tmp');
            else res.u32(0);
            return Errno.OK;
          }
          if (op === Op.SessionDone) {
            done.push(req.readU32());
            return Errno.OK;
          }
          return undefined;
        },
      },
      signalAt,
    );
    return { ...result, done, asked };
  }

  it('runs the command, reports it and ends when the session closes', () => {
    const r = runSession();
    expect(r.readFile('/tmp/out')).toBe('hi\n');
    expect(r.done).toEqual([0]);
    expect(r.exitCode).toBe(0);
  });

  // A command's timeout that fires as the command ends is taken as the shell reports it: the
  // report must still be made, or the shell, and the session with it, ends.
  it('reports the command and goes on, wherever the signal lands', () => {
    const { calls } = runSession();
    const lost: string[] = [];
    for (let at = 1; at <= calls.length; at++) {
      const r = runSession(at);
      const reported = r.done.length === 1 && (r.done[0] === 0 || r.done[0] === 130);
      if (!reported || r.asked !== 2 || r.exitCode !== 0) lost.push(`call ${at} (op ${calls[at - 1]}): exit ${r.exitCode}, done ${JSON.stringify(r.done)}, asked ${r.asked}`);
    }
    expect(lost).toEqual([]);
  });
});

describe('an interrupt and buffered output', () => {
  // printf's bytes wait in the worker's stdio buffer (no newline) until the next call flushes them.
  const run = (signalAt?: number) =>
    runSignalled(sh, { argv: ['sh', '-c', 'cd /tmp; printf partial; cat /tmp/a > /dev/null; echo after > /tmp/marker'], files: { '/tmp/a': 'x\n' }, env: { PATH: '/bin', HOME: '/home/user' } }, signalAt);

  it('writes out what the program wrote before the signal, then unwinds', () => {
    const clean = run();
    expect(clean.stdout).toBe('partial');
    // The signal comes during the call before the flush's write, and is taken as that write starts.
    const flushAt = clean.calls.indexOf(Op.Write) + 1;
    expect(flushAt).toBeGreaterThan(1);
    const r = run(flushAt - 1);
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toBe('partial');
    expect(r.exists('/tmp/marker')).toBe(false);
  });
});
