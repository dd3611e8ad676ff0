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
import { sh } from '../../runtimes/sh/main.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

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

function runScript(signalAt?: number): ProgramResult & { calls: Op[] } {
  const calls: Op[] = [];
  const result = runProgram(sh, {
    argv: ['sh', '-c', SCRIPT],
    files: { '/tmp/a': 'line one\nline two\n' },
    env: { PATH: '/bin', HOME: '/home/user' },
    signalDuring: (op) => {
      calls.push(op);
      return calls.length === signalAt;
    },
  });
  return { ...result, calls };
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
