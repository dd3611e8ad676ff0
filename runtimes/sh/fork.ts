/**
 * The shell's fork: a subshell, a pipeline stage, a background job or a
 * command substitution runs in a new process of the same program
 * (`sys.spawn({ fork })`), which rebuilds the parent's state from this JSON
 * payload and runs the given AST. The AST is posted as-is (it is plain
 * data, and carries here-document bodies and expanded aliases that a
 * re-parse would lose). Traps are reset in a subshell, as POSIX says,
 * except that ignored signals stay ignored.
 */
import type { AndOr, Command, FunctionDef } from './ast.js';
import type { Shell } from './interpreter.js';
import type { JobJson } from './jobs.js';
import type { ShellOptions } from './shell.js';
import { Variables, type VariableJson } from './variables.js';

export interface ForkPayload {
  kind: 'wasmbox-sh-fork';
  version: 1;
  vars: VariableJson[];
  functions: FunctionDef[];
  aliases: [string, string][];
  options: ShellOptions;
  shopts: string[];
  positional: string[];
  arg0: string;
  /** `$$` of the top-level shell. */
  shellPid: number;
  lastStatus: number;
  lastBackground?: number;
  /** Traps whose action is '' (ignored): inherited by subshells. */
  ignoredTraps: string[];
  umask: number;
  /** Inside a function: `return` in the subshell ends the subshell. */
  functionDepth: number;
  jobs: JobJson[];
  source: string;
  run: { body: AndOr[] } | { command: Command };
}

export function makePayload(sh: Shell, run: ForkPayload['run']): ForkPayload {
  return {
    kind: 'wasmbox-sh-fork',
    version: 1,
    vars: sh.vars.toJson(),
    functions: [...sh.functions.values()],
    aliases: [...sh.aliases],
    options: { ...sh.options },
    shopts: [...sh.shopts],
    positional: [...sh.positional],
    arg0: sh.arg0,
    shellPid: sh.shellPid,
    lastStatus: sh.lastStatus,
    lastBackground: sh.lastBackground,
    ignoredTraps: [...sh.traps].filter(([, action]) => action === '').map(([name]) => name),
    umask: sh.sys.umask,
    functionDepth: sh.functionDepth,
    jobs: sh.jobs.toJson(),
    source: sh.source,
    run,
  };
}

export function isForkPayload(value: unknown): value is ForkPayload {
  return typeof value === 'object' && value !== null && (value as ForkPayload).kind === 'wasmbox-sh-fork';
}

/** Give a fresh shell the state of its parent. */
export function restorePayload(sh: Shell, p: ForkPayload): void {
  sh.vars = Variables.fromJson(p.vars);
  sh.vars.allexport = p.options.allexport;
  sh.functions = new Map(p.functions.map((f) => [f.name, f]));
  sh.aliases = new Map(p.aliases);
  sh.options = { ...p.options };
  sh.shopts = new Set(p.shopts);
  sh.positional = [...p.positional];
  sh.arg0 = p.arg0;
  sh.shellPid = p.shellPid;
  sh.lastStatus = p.lastStatus;
  sh.lastBackground = p.lastBackground;
  sh.traps = new Map(p.ignoredTraps.map((name) => [name, '']));
  sh.functionDepth = p.functionDepth;
  sh.jobs.inherit(p.jobs);
  sh.source = p.source;
  if (sh.sys.umask !== p.umask) sh.sys.umask = p.umask;
}
