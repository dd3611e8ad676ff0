/**
 * Running `sh -c SCRIPT` in-thread for the sh-*.test.ts files, with /bin
 * stubs for a few coreutils so that in-process program runs are covered.
 */
import { sh } from '../../runtimes/sh/main.js';
import { runProgram, type ProgramResult } from '../helpers/run-program.js';

export interface RunOptions {
  stdin?: string;
  files?: Record<string, string>;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export function run(script: string, options: RunOptions = {}): ProgramResult {
  return runProgram(sh, {
    argv: ['sh', '-c', script, 'sh', ...(options.args ?? [])],
    stdin: options.stdin,
    files: options.files,
    cwd: options.cwd,
    env: { PATH: '/bin', HOME: '/home/user', ...options.env },
  });
}
