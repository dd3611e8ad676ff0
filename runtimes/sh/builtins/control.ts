/**
 * Builtins that change the flow of the shell: `exit`, `return`, `break`,
 * `continue`, `eval`, `source`/`.`, `exec`, `command`, `type`, `trap`,
 * `times`.
 */
import type { Builtin } from './index.js';
import { SPECIAL_BUILTINS, isBuiltin, lookupBuiltin } from './index.js';
import { findCommand } from '../command-lookup.js';
import { BreakSignal, ContinueSignal, ReturnSignal } from '../errors.js';
import type { Shell } from '../interpreter.js';
import { singleQuote } from '../quote.js';
import { execExternal, runBuiltin } from '../simple-command.js';
import { SysError } from '../../sys.js';

const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in',
  'function', 'time', '{', '}', '!', '[[', ']]', 'coproc',
]);

/** Signals `trap` accepts, by name without SIG. */
const SIGNALS: Record<string, number> = {
  EXIT: 0, HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11,
  USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22,
  ERR: -1, DEBUG: -2, RETURN: -3,
};

export function signalName(spec: string): string | undefined {
  if (/^[0-9]+$/.test(spec)) return Object.keys(SIGNALS).find((k) => SIGNALS[k] === Number(spec));
  const name = spec.toUpperCase().replace(/^SIG/, '');
  return name in SIGNALS ? name : undefined;
}

/** A status argument: an integer, taken modulo 256. */
function statusArg(sh: Shell, name: string, arg: string | undefined): number | undefined {
  if (arg === undefined) return sh.lastStatus;
  if (!/^[-+]?[0-9]+$/.test(arg.trim())) {
    sh.error(`${name}: ${arg}: numeric argument required`);
    return undefined;
  }
  return Number(BigInt.asUintN(8, BigInt(arg.trim())));
}

function loopCount(sh: Shell, name: string, arg: string | undefined): number | undefined {
  if (arg === undefined) return 1;
  if (!/^[0-9]+$/.test(arg) || Number(arg) < 1) {
    sh.error(`${name}: ${arg}: loop count out of range`);
    return undefined;
  }
  return Number(arg);
}

const exit: Builtin = (sh, args) => {
  const status = statusArg(sh, 'exit', args[1]);
  if (args.length > 2) {
    sh.error('exit: too many arguments');
    return 1;
  }
  return sh.exit(status ?? 2);
};

const ret: Builtin = (sh, args) => {
  if (sh.functionDepth === 0 && sh.sourceDepth === 0) {
    sh.error("return: can only `return' from a function or sourced script");
    return 2;
  }
  const status = statusArg(sh, 'return', args[1]);
  throw new ReturnSignal(status ?? 2);
};

function loopControl(kind: 'break' | 'continue'): Builtin {
  return (sh, args) => {
    const n = loopCount(sh, kind, args[1]);
    if (n === undefined) return 1;
    if (sh.loopDepth === 0) {
      sh.error(`${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    const levels = Math.min(n, sh.loopDepth);
    throw kind === 'break' ? new BreakSignal(levels) : new ContinueSignal(levels);
  };
}

const source: Builtin = (sh, args) => {
  const name = args[0];
  const file = args[1];
  if (file === undefined) {
    sh.error(`${name}: filename argument required`);
    return 2;
  }
  let path = file;
  if (!file.includes('/')) {
    const dirs = (sh.vars.get('PATH') ?? '').split(':');
    const hit = dirs.map((d) => `${d || '.'}/${file}`).find((p) => sh.sys.tryStat(p)?.type === 'file');
    if (hit) path = hit;
  }
  let text: string;
  try {
    text = new TextDecoder().decode(new Uint8Array(sh.sys.readFile(path)));
  } catch (error) {
    sh.error(`${file}: ${error instanceof SysError ? error.message : String(error)}`);
    return 1;
  }
  const positional = sh.positional;
  if (args.length > 2) sh.positional = args.slice(2);
  sh.sourceDepth++;
  try {
    return sh.runNested(text);
  } catch (error) {
    if (error instanceof ReturnSignal) return error.status;
    throw error;
  } finally {
    sh.sourceDepth--;
    if (args.length > 2) sh.positional = positional;
  }
};

const exec: Builtin = (sh, args) => {
  let i = 1;
  if (args[i] === '--') i++;
  if (i >= args.length) return 0;
  const status = execExternal(sh, args.slice(i), sh.vars.environment());
  return sh.exit(status);
};

function describe(sh: Shell, name: string, verbose: boolean, typeOnly = false): string | undefined {
  const alias = sh.aliases.get(name);
  if (alias !== undefined) return typeOnly ? 'alias' : verbose ? `${name} is aliased to \`${alias}'` : `alias ${name}=${singleQuote(alias)}`;
  if (KEYWORDS.has(name)) return typeOnly ? 'keyword' : verbose ? `${name} is a shell keyword` : name;
  const fn = sh.functions.get(name);
  if (fn) {
    if (typeOnly) return 'function';
    if (!verbose) return name;
    const text = sh.functionSource(fn);
    return `${name} is a function\n${text}`;
  }
  if (isBuiltin(name)) {
    if (typeOnly) return 'builtin';
    return verbose ? `${name} is a ${SPECIAL_BUILTINS.has(name) ? 'special ' : ''}shell builtin` : name;
  }
  const found = findCommand(sh, name);
  if (found) return typeOnly ? 'file' : verbose ? `${name} is ${found.path}` : found.path;
  return undefined;
}

const command: Builtin = (sh, args) => {
  let i = 1;
  let mode: 'run' | 'v' | 'V' = 'run';
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    if (args[i] === '--') {
      i++;
      break;
    }
    for (const c of args[i].slice(1)) {
      if (c === 'v') mode = 'v';
      else if (c === 'V') mode = 'V';
      else if (c !== 'p') {
        sh.error(`command: -${c}: invalid option`);
        sh.error('command: usage: command [-pVv] command [arg ...]');
        return 2;
      }
    }
  }
  if (i >= args.length) return 0;
  if (mode !== 'run') {
    let status = 0;
    for (const name of args.slice(i)) {
      const text = describe(sh, name, mode === 'V');
      if (text === undefined) {
        if (mode === 'V') sh.error(`command: ${name}: not found`);
        status = 1;
      } else sh.sys.write(1, `${text}\n`);
    }
    return status;
  }
  const rest = args.slice(i);
  const builtin = lookupBuiltin(rest[0]);
  if (builtin) return runBuiltin(sh, rest[0], builtin, rest);
  return execExternal(sh, rest, sh.vars.environment());
};

const type: Builtin = (sh, args) => {
  let i = 1;
  let flag = '';
  for (; i < args.length && /^-[atpP]+$/.test(args[i]); i++) flag += args[i].slice(1);
  let status = 0;
  for (const name of args.slice(i)) {
    if (flag.includes('p') || flag.includes('P')) {
      const found = flag.includes('P') || (!sh.functions.has(name) && !isBuiltin(name) && !sh.aliases.has(name)) ? findCommand(sh, name) : undefined;
      if (found) sh.sys.write(1, `${found.path}\n`);
      else status = 1;
      continue;
    }
    const text = describe(sh, name, true, flag.includes('t'));
    if (text === undefined) {
      if (!flag.includes('t')) sh.error(`type: ${name}: not found`);
      status = 1;
    } else sh.sys.write(1, `${text}\n`);
  }
  return status;
};

/** `trap`: EXIT runs when the shell ends; other signals are recorded (and listed) but never delivered to a handler, since a wasmbox signal ends the worker. */
const trap: Builtin = (sh, args) => {
  let i = 1;
  if (args[i] === '--') i++;
  const list = (names?: string[]) => {
    for (const [name, action] of sh.traps) {
      if (names && !names.includes(name)) continue;
      const shown = name === 'EXIT' || name === 'ERR' || name === 'DEBUG' || name === 'RETURN' ? name : `SIG${name}`;
      sh.sys.write(1, `trap -- ${singleQuote(action) === action && action !== '' ? `'${action}'` : singleQuote(action)} ${shown}\n`);
    }
  };
  if (i >= args.length || args[i] === '-p') {
    list(args[i] === '-p' && args.length > i + 1 ? args.slice(i + 1).map((s) => signalName(s) ?? s) : undefined);
    return 0;
  }
  if (args[i] === '-l') {
    sh.sys.write(1, `${Object.entries(SIGNALS).filter(([, n]) => n > 0).map(([k, n]) => `${n}) SIG${k}`).join('\n')}\n`);
    return 0;
  }
  let action: string | null = args[i];
  let signals = args.slice(i + 1);
  // `trap 2` or `trap INT`: a lone signal (number) resets it.
  if (signals.length === 0 || /^[0-9]+$/.test(action)) {
    if (signals.length === 0) signals = [action];
    else signals = [action, ...signals];
    action = null;
  } else if (action === '-') action = null;
  let status = 0;
  for (const spec of signals) {
    const name = signalName(spec);
    if (name === undefined) {
      sh.error(`trap: ${spec}: invalid signal specification`);
      status = 1;
      continue;
    }
    if (action === null) sh.traps.delete(name);
    else sh.traps.set(name, action);
  }
  return status;
};

/** `builtin NAME args`: the builtin even when a function has its name. */
const builtin: Builtin = (sh, args) => {
  if (args.length < 2) return 0;
  const fn = lookupBuiltin(args[1]);
  if (!fn) {
    sh.error(`builtin: ${args[1]}: not a shell builtin`);
    return 1;
  }
  return runBuiltin(sh, args[1], fn, args.slice(1));
};

export const CONTROL_BUILTINS: Record<string, Builtin> = {
  builtin,
  exit,
  return: ret,
  break: loopControl('break'),
  continue: loopControl('continue'),
  eval: (sh, args) => (args.length > 1 ? sh.runNested(args.slice(1).join(' ')) : 0),
  source,
  '.': source,
  exec,
  command,
  type,
  trap,
  times: (sh) => {
    sh.sys.write(1, '0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
    return 0;
  },
};
