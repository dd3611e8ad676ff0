/** The /bin stubs and the worker runtime's registry of programs agree. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROGRAMS } from '../../engine/program-files.js';
import { HIDDEN_PROGRAMS, programNames } from '../../runtimes/programs.js';
import { runProgram } from '../helpers/run-program.js';

const run = () => runProgram(() => 0, { argv: ['t'] });

describe('program registry', () => {
  it('has a program for every /bin stub, and a stub for every visible program', () => {
    const visible = programNames().filter((n) => !HIDDEN_PROGRAMS.includes(n));
    expect([...visible].sort()).toEqual([...BUILTIN_PROGRAMS].sort());
  });

  it('installs stubs in /bin that name their program', () => {
    const r = run();
    expect(r.readFile('/bin/ls')).toBe('#!wasmbox:ls\n');
    expect(r.readFile('/bin/bash')).toBe('#!wasmbox:sh\n');
    expect(r.sys.stat('/bin/sh').mode).toBe(0o755);
  });
});
