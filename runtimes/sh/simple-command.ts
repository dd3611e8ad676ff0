/**
 * Simple commands (POSIX 2.9.1): expand the words, then run a function, a
 * builtin or an external command, in that order. Prefix assignments
 * (`A=1 cmd`) live only for that command, as in bash's default mode, even
 * for special builtins; with no command name they set shell variables.
 * wasmbox's own programs run in this worker when they are a foreground
 * command of this shell, with the redirections applied to the real fds.
 */
import type { Assignment, FunctionDef, SimpleCommand } from './ast.js';
import { lookupBuiltin, type Builtin } from './builtins/index.js';
import { FatalError, ReturnSignal } from './errors.js';
import { expandArgs, expandFields, expandWord } from './expand.js';
import { runCommand, withRedirects } from './execute.js';
import type { Shell } from './interpreter.js';
import { childFds, reportSpawnError, waitForeground } from './processes.js';
import { singleQuote } from './quote.js';
import { resolveCommand } from './command-lookup.js';
import { MAX_FUNCTION_DEPTH } from './shell.js';
import { lookupProgram } from '../programs.js';
import { Exit } from '../program.js';
import { SysError } from '../sys.js';
import { isName } from './variables.js';

/** Assign `a` in the shell (used for bare assignments and `declare`-style words). */
export function performAssignment(sh: Shell, a: Assignment): void {
  if (a.array) {
    const assoc = sh.vars.lookup(a.name)?.assoc === true;
    const map = new Map<number | string, string>();
    if (a.append) {
      const v = sh.vars.lookup(a.name);
      if (v?.value instanceof Map) for (const [k, val] of v.value) map.set(k, val);
      else if (typeof v?.value === 'string') map.set(assoc ? '0' : 0, v.value);
    }
    let next = 0;
    for (const k of map.keys()) if (typeof k === 'number' && k >= next) next = k + 1;
    for (const el of a.array) {
      if (!el.index && !assoc) {
        // `a=(*.txt $x)`: elements without a subscript are split and globbed like arguments.
        for (const field of expandFields(sh, el.value)) map.set(next++, field);
        continue;
      }
      const value = expandWord(sh, el.value);
      if (el.index) {
        const key = assoc ? expandWord(sh, el.index) : Number(sh.arithmeticText(expandWord(sh, el.index)));
        map.set(key, value);
        if (typeof key === 'number') next = key + 1;
      } else if (assoc) {
        throw new FatalError(`${a.name}: ${value}: must use subscript when assigning associative array`);
      } else map.set(next++, value);
    }
    sh.vars.setArray(a.name, map as Map<number, string>, assoc);
    return;
  }
  const value = a.value ? expandWord(sh, a.value) : '';
  if (a.index) {
    const v = sh.vars.lookup(a.name);
    const key = v?.assoc ? expandWord(sh, a.index) : Number(sh.arithmeticText(expandWord(sh, a.index)));
    const old = a.append ? ((v?.value instanceof Map ? (v.value as Map<number | string, string>).get(key) : undefined) ?? '') : '';
    sh.vars.setElement(a.name, key, old + value);
    return;
  }
  sh.assign(a.name, value, a.append);
}

function trace(sh: Shell, assignments: readonly Assignment[], args: string[]): void {
  if (!sh.options.xtrace) return;
  const ps4 = sh.vars.get('PS4') ?? '+ ';
  const parts = assignments.map((a) => `${a.name}${a.append ? '+=' : '='}${singleQuote(a.value ? expandWord(sh, a.value) : '')}`);
  parts.push(...args.map(singleQuote));
  sh.sys.write(2, `${ps4}${parts.join(' ')}\n`);
}

/** Prefix assignments for a builtin or function: a temporary scope, exported to anything they run. */
function withTemporaryAssignments(sh: Shell, assignments: readonly Assignment[], fn: () => number): number {
  if (assignments.length === 0) return fn();
  const values = assignments.map((a) => ({ name: a.name, value: a.value ? expandWord(sh, a.value) : '', append: a.append }));
  sh.vars.pushScope();
  try {
    for (const { name, value, append } of values) {
      const old = append ? (sh.vars.get(name) ?? '') : '';
      const v = sh.vars.declareLocal(name);
      v.value = old + value;
      v.exported = true;
    }
    return fn();
  } finally {
    sh.vars.popScope();
  }
}

export function callFunction(sh: Shell, fn: FunctionDef, args: string[]): number {
  if (sh.functionDepth >= MAX_FUNCTION_DEPTH) {
    throw new FatalError(`${fn.name}: maximum function nesting level exceeded (${MAX_FUNCTION_DEPTH})`);
  }
  const positional = sh.positional;
  sh.positional = args.slice(1);
  sh.functionDepth++;
  sh.functionNames.push(fn.name);
  sh.vars.pushScope();
  const loopDepth = sh.loopDepth;
  sh.loopDepth = 0;
  try {
    return runCommand(sh, fn.body);
  } catch (error) {
    if (error instanceof ReturnSignal) return error.status;
    // The JS stack can run out before MAX_FUNCTION_DEPTH when each level is a deep construct.
    if (error instanceof RangeError) throw new FatalError(`${fn.name}: maximum function nesting level exceeded`);
    throw error;
  } finally {
    sh.loopDepth = loopDepth;
    sh.vars.popScope();
    sh.functionNames.pop();
    sh.functionDepth--;
    sh.positional = positional;
  }
}

export function runBuiltin(sh: Shell, name: string, builtin: Builtin, args: string[], assignments?: Map<number, Assignment>): number {
  try {
    return builtin(sh, args, { assignments: assignments ?? new Map() });
  } catch (error) {
    if (error instanceof SysError) {
      // Output to a closed fd or a full disk: bash reports the write error and fails.
      sh.error(`${name}: write error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Run a wasmbox program in this worker; `Exit` is its status. */
function runInProcess(sh: Shell, program: string, args: string[], env: Record<string, string>): number | undefined {
  const fn = lookupProgram(program);
  if (!fn) return undefined;
  try {
    return fn({ argv: args, env, sys: sh.sys }) & 0xff;
  } catch (error) {
    if (error instanceof Exit) return error.status & 0xff;
    if (error instanceof SysError && error.code === 'EPIPE') return 141;
    throw error;
  } finally {
    sh.sys.flush();
  }
}

/**
 * Run an external command with the fds as they are now: a wasmbox program
 * in this worker, anything else as a child process. `context` prefixes
 * the not-found message (`exec`).
 */
export function execExternal(sh: Shell, args: string[], env: Record<string, string>): number {
  const found = resolveCommand(sh, args[0], env.PATH);
  if ('status' in found) return found.status;
  if (found.program !== null) {
    const status = runInProcess(sh, found.program, args, env);
    if (status !== undefined) return status;
  }
  let pid: number;
  try {
    pid = sh.sys.spawn({ argv: args, env, fds: childFds(sh) });
  } catch (error) {
    return reportSpawnError(sh, args[0], error);
  }
  return waitForeground(sh, [pid])[0]!;
}

function runExternal(sh: Shell, cmd: SimpleCommand, args: string[]): number {
  const env = sh.vars.environment();
  for (const a of cmd.assignments) {
    const value = a.value ? expandWord(sh, a.value) : '';
    env[a.name] = a.append ? (env[a.name] ?? sh.vars.get(a.name) ?? '') + value : value;
  }
  // A `PATH=… cmd` prefix is searched (bash does); the redirections happen even when
  // the command is not found (bash creates `>out`), so `2>/dev/null` hides the message.
  return withRedirects(sh, cmd.redirects, () => execExternal(sh, args, env));
}

export function runSimpleCommand(sh: Shell, cmd: SimpleCommand): number {
  sh.lastSubstitutionStatus = 0;
  const { args, assignments } = expandArgs(sh, cmd.words);
  if (args.length === 0) {
    // Assignments only: they stay; the status is that of the last command substitution.
    for (const a of cmd.assignments) {
      if (!isName(a.name)) throw new FatalError(`${a.name}: not a valid identifier`);
      performAssignment(sh, a);
    }
    trace(sh, cmd.assignments, []);
    const status = withRedirects(sh, cmd.redirects, () => 0);
    return status !== 0 ? status : sh.lastSubstitutionStatus;
  }
  trace(sh, cmd.assignments, args);
  if (sh.options.noexec) return 0;
  const name = args[0];
  const fn = sh.functions.get(name);
  if (fn) {
    return withRedirects(sh, cmd.redirects, () => withTemporaryAssignments(sh, cmd.assignments, () => callFunction(sh, fn, args)));
  }
  const builtin = lookupBuiltin(name);
  if (builtin) {
    // `exec` with only redirections makes them permanent: it handles its own.
    if (name === 'exec' && args.length === 1) return sh.execRedirects(cmd.redirects);
    return withRedirects(sh, cmd.redirects, () =>
      withTemporaryAssignments(sh, cmd.assignments, () => runBuiltin(sh, name, builtin, args, assignments)),
    );
  }
  return runExternal(sh, cmd, args);
}
