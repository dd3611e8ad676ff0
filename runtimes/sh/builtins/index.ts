/**
 * The shell's builtin commands by name. A builtin runs in the shell's own
 * state with its redirections already applied to fds 0-2, and returns its
 * status; errors are printed as `sh: NAME: message`.
 */
import type { Assignment } from '../ast.js';
import type { Shell } from '../interpreter.js';
import { ALIAS_BUILTINS } from './alias.js';
import { BASIC_BUILTINS } from './basic.js';
import { CONTROL_BUILTINS } from './control.js';
import { DIRECTORY_BUILTINS } from './directory.js';
import { GETOPTS_BUILTINS } from './getopts.js';
import { JOB_BUILTINS } from './jobs.js';
import { MAPFILE_BUILTINS } from './mapfile.js';
import { READ_BUILTINS } from './read.js';
import { SHOPT_BUILTINS } from './shopt.js';
import { VARIABLE_BUILTINS } from './variables.js';

export interface BuiltinExtra {
  /** For declaration builtins: arguments that were written as assignments (`local a=(1 2)`), by index. */
  assignments: Map<number, Assignment>;
}

export type Builtin = (sh: Shell, args: string[], extra: BuiltinExtra) => number;

const BUILTINS: Readonly<Record<string, Builtin>> = {
  ...BASIC_BUILTINS,
  ...CONTROL_BUILTINS,
  ...VARIABLE_BUILTINS,
  ...DIRECTORY_BUILTINS,
  ...READ_BUILTINS,
  ...JOB_BUILTINS,
  ...ALIAS_BUILTINS,
  ...GETOPTS_BUILTINS,
  ...SHOPT_BUILTINS,
  ...MAPFILE_BUILTINS,
};

export function lookupBuiltin(name: string): Builtin | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}

export function isBuiltin(name: string): boolean {
  return Object.hasOwn(BUILTINS, name);
}

/** POSIX special builtins (`type` says "special shell builtin"). */
export const SPECIAL_BUILTINS = new Set([
  'break', ':', '.', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'times', 'trap', 'unset',
]);
