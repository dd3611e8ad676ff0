/**
 * A ^C that arrives while the shell reads a command's /bin stub is not
 * lost: the syscall client throws Interrupted from that read (and clears
 * the pending signal to do so), so the lookup must let it through. It was
 * once swallowed as "unreadable", and the command then ran to its end.
 */
import { describe, expect, it } from 'vitest';
import { Interrupted } from '../../runtimes/program.js';
import { findCommand } from '../../runtimes/sh/command-lookup.js';
import type { Shell } from '../../runtimes/sh/interpreter.js';

function shellWhoseOpen(open: () => number): Shell {
  const sys = {
    tryStat: (path: string) => (path === '/bin/sleep' ? { type: 'file', mode: 0o755, ino: 7, mtimeMs: 1 } : undefined),
    open,
    read: () => 0,
    close: () => {},
  };
  return { sys, commandCache: new Map(), vars: { get: () => '/bin' } } as unknown as Shell;
}

describe('command lookup', () => {
  it('lets an interrupt during the stub read through', () => {
    const sh = shellWhoseOpen(() => {
      throw new Interrupted(2);
    });
    expect(() => findCommand(sh, 'sleep')).toThrow(Interrupted);
  });

  it('still treats an unreadable stub as an ordinary executable', () => {
    const sh = shellWhoseOpen(() => {
      throw new Error('EACCES');
    });
    expect(findCommand(sh, 'sleep')).toEqual({ path: '/bin/sleep', program: null });
  });
});
