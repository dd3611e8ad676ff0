/**
 * Builtins over variables and options: `export`, `readonly`, `unset`,
 * `local`, `declare`/`typeset`, `set`, `shift`, `let`. Listings use bash's
 * formats (`declare -x NAME="value"`, `set` prints `NAME=value` quoted).
 */
import type { Builtin, BuiltinExtra } from './index.js';
import { FatalError } from '../errors.js';
import type { Shell } from '../interpreter.js';
import { singleQuote } from '../quote.js';
import { OPTION_LETTERS, type ShellOptions } from '../shell.js';
import { performAssignment } from '../simple-command.js';
import { elementsOf, isName, keysOf, type Variable } from '../variables.js';

function doubleQuoted(text: string): string {
  return `"${text.replace(/["\\$`]/g, '\\$&')}"`;
}

function flagsOf(v: Variable): string {
  let f = '';
  if (v.value instanceof Map) f += v.assoc ? 'A' : 'a';
  if (v.integer) f += 'i';
  if (v.readonly) f += 'r';
  if (v.exported) f += 'x';
  return f || '-';
}

/** `declare -p` form of one variable. */
export function declareLine(name: string, v: Variable): string {
  const head = `declare -${flagsOf(v)} ${name}`;
  if (v.value === undefined) return head;
  if (typeof v.value === 'string') return `${head}=${doubleQuoted(v.value)}`;
  const keys = keysOf(v);
  const values = elementsOf(v);
  const body = keys.map((k, i) => `[${v.assoc ? k : k}]=${doubleQuoted(values[i])}`).join(' ');
  return `${head}=(${body}${v.assoc && body ? ' ' : ''})`;
}

function invalidName(sh: Shell, builtin: string, arg: string): number {
  sh.error(`${builtin}: \`${arg}': not a valid identifier`);
  return 1;
}

/** Split `name=value` / `name+=value` arguments. */
function splitArg(arg: string): { name: string; value?: string; append: boolean } {
  const m = /^([^=]*?)(\+?)=(.*)$/s.exec(arg);
  if (!m) return { name: arg, append: false };
  return { name: m[1], value: m[3], append: m[2] === '+' };
}

interface Attributes {
  letterCase?: 'upper' | 'lower';
  exported?: boolean;
  readonly?: boolean;
  integer?: boolean;
  indexed?: boolean;
  assoc?: boolean;
}

/** Declare/assign each argument with the given attributes; `local` scope when asked. */
function declareArgs(sh: Shell, builtin: string, args: string[], start: number, extra: BuiltinExtra, attrs: Attributes, local: boolean, unexport = false): number {
  let status = 0;
  for (let i = start; i < args.length; i++) {
    const { name, value, append } = splitArg(args[i]);
    const base = name.replace(/\[.*\]$/s, '');
    if (!isName(base)) {
      status = invalidName(sh, builtin, args[i]);
      continue;
    }
    const v = local ? sh.vars.declareLocal(base) : sh.vars.declare(base);
    if (v.readonly && (value !== undefined || extra.assignments.get(i)?.array)) {
      sh.error(`${builtin}: ${base}: readonly variable`);
      status = 1;
      continue;
    }
    if (attrs.assoc && !(v.value instanceof Map)) {
      v.assoc = true;
      v.value = new Map<string, string>();
    } else if (attrs.indexed && !(v.value instanceof Map)) {
      v.value = v.value === undefined ? new Map<number, string>() : new Map([[0, v.value as string]]);
    }
    if (attrs.integer) v.integer = true;
    if (attrs.letterCase) v.letterCase = attrs.letterCase;
    const assignment = extra.assignments.get(i);
    if (assignment) performAssignment(sh, assignment);
    else if (value !== undefined) {
      if (name !== base) performAssignment(sh, { type: 'Assignment', name: base, append, index: { type: 'Word', parts: [{ type: 'Literal', value: name.slice(base.length + 1, -1) }] }, value: { type: 'Word', parts: [{ type: 'SingleQuoted', value }] } });
      else sh.assign(base, value, append);
    }
    if (attrs.exported) v.exported = true;
    if (unexport) v.exported = false;
    if (attrs.readonly) v.readonly = true;
  }
  return status;
}

function listVariables(sh: Shell, filter: (v: Variable) => boolean, format: (name: string, v: Variable) => string): void {
  const names = [...sh.vars.visible()].filter(([, v]) => filter(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const [name, v] of names) out += `${format(name, v)}\n`;
  if (out) sh.sys.write(1, out);
}

/** Parse leading `-abc`/`+abc` option words; returns the flags and the index of the first operand. */
function options(args: string[], allowed: string): { on: Set<string>; off: Set<string>; index: number; bad?: string } {
  const on = new Set<string>();
  const off = new Set<string>();
  let i = 1;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (!allowed.includes(c)) return { on, off, index: i, bad: `${a[0]}${c}` };
      (a[0] === '-' ? on : off).add(c);
    }
  }
  return { on, off, index: i };
}

const exportBuiltin: Builtin = (sh, args, extra) => {
  const o = options(args, 'fnp');
  if (o.bad) {
    sh.error(`export: ${o.bad}: invalid option`);
    sh.error('export: usage: export [-fn] [name[=value] ...] or export -p');
    return 2;
  }
  if (o.index >= args.length) {
    listVariables(sh, (v) => v.exported === true, declareLine);
    return 0;
  }
  return declareArgs(sh, 'export', args, o.index, extra, { exported: !o.on.has('n') }, false, o.on.has('n'));
};

const readonly: Builtin = (sh, args, extra) => {
  const o = options(args, 'aApf');
  if (o.bad) {
    sh.error(`readonly: ${o.bad}: invalid option`);
    return 2;
  }
  if (o.index >= args.length) {
    listVariables(sh, (v) => v.readonly === true, declareLine);
    return 0;
  }
  return declareArgs(sh, 'readonly', args, o.index, extra, { readonly: true, indexed: o.on.has('a'), assoc: o.on.has('A') }, false);
};

const unset: Builtin = (sh, args) => {
  const o = options(args, 'fvn');
  if (o.bad) {
    sh.error(`unset: ${o.bad}: invalid option`);
    return 2;
  }
  let status = 0;
  for (const name of args.slice(o.index)) {
    if (o.on.has('f')) {
      sh.functions.delete(name);
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(name);
    try {
      if (m) {
        const v = sh.vars.lookup(m[1]);
        const key = v?.assoc ? m[2] : String(sh.arithmeticText(m[2]));
        sh.vars.unsetElement(m[1], key);
      } else if (!isName(name)) {
        status = invalidName(sh, 'unset', name);
      } else if (sh.vars.lookup(name)) sh.vars.unset(name);
      else if (!o.on.has('v')) sh.functions.delete(name);
    } catch (error) {
      if (!(error instanceof FatalError)) throw error;
      sh.error(error.message);
      status = 1;
    }
  }
  return status;
};

function declareBuiltin(name: string): Builtin {
  return (sh, args, extra) => {
    const o = options(args, 'aAfFgilnprtuxI');
    if (o.bad) {
      sh.error(`${name}: ${o.bad}: invalid option`);
      return 2;
    }
    if (o.on.has('f') || o.on.has('F')) {
      const names = o.index < args.length ? args.slice(o.index) : [...sh.functions.keys()].sort();
      let status = 0;
      for (const fname of names) {
        const fn = sh.functions.get(fname);
        if (!fn) {
          status = 1;
          continue;
        }
        sh.sys.write(1, o.on.has('F') ? `declare -f ${fname}\n` : `${sh.functionSource(fn)}\n`);
      }
      return status;
    }
    if (o.on.has('p') || o.index >= args.length) {
      if (o.index >= args.length) {
        listVariables(sh, (v) => (!o.on.has('x') || v.exported === true) && (!o.on.has('r') || v.readonly === true), declareLine);
        return 0;
      }
      let status = 0;
      for (const vname of args.slice(o.index)) {
        const v = sh.vars.lookup(vname);
        if (!v) {
          sh.error(`${name}: ${vname}: not found`);
          status = 1;
        } else sh.sys.write(1, `${declareLine(vname, v)}\n`);
      }
      return status;
    }
    const local = sh.functionDepth > 0 && !o.on.has('g');
    return declareArgs(
      sh,
      name,
      args,
      o.index,
      extra,
      attributesFrom(o.on),
      local,
      o.off.has('x'),
    );
  };
}

/** The attributes that declare/typeset/local flags turn on. */
function attributesFrom(on: Set<string>) {
  return {
    exported: on.has('x'),
    readonly: on.has('r'),
    integer: on.has('i'),
    indexed: on.has('a'),
    assoc: on.has('A'),
    letterCase: on.has('u') ? ('upper' as const) : on.has('l') ? ('lower' as const) : undefined,
  };
}

const local: Builtin = (sh, args, extra) => {
  if (sh.functionDepth === 0) {
    sh.error('local: can only be used in a function');
    return 1;
  }
  const o = options(args, 'aAilnrtux');
  if (o.bad) {
    sh.error(`local: ${o.bad}: invalid option`);
    return 2;
  }
  return declareArgs(
    sh,
    'local',
    args,
    o.index,
    extra,
    attributesFrom(o.on),
    true,
  );
};

const LONG_OPTIONS: Record<string, keyof ShellOptions> = {
  allexport: 'allexport',
  errexit: 'errexit',
  noglob: 'noglob',
  noexec: 'noexec',
  nounset: 'nounset',
  verbose: 'verbose',
  xtrace: 'xtrace',
  noclobber: 'noclobber',
  pipefail: 'pipefail',
  notify: 'notify',
  ignoreeof: 'ignoreeof',
};

/** Options `set -o` accepts and lists but that change nothing here. */
const INERT_OPTIONS = ['braceexpand', 'hashall', 'interactive-comments', 'monitor', 'posix', 'emacs', 'vi', 'histexpand', 'history', 'nolog', 'functrace', 'errtrace', 'privileged', 'keyword', 'physical', 'onecmd'];

export function setOption(sh: Shell, name: keyof ShellOptions, on: boolean): void {
  sh.options[name] = on;
  if (name === 'allexport') sh.vars.allexport = on;
}

const set: Builtin = (sh, args) => {
  if (args.length === 1) {
    listVariables(sh, (v) => v.value !== undefined, (name, v) => (typeof v.value === 'string' ? `${name}=${singleQuote(v.value)}` : declareLine(name, v).replace(/^declare -\S+ /, '')));
    return 0;
  }
  let i = 1;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      sh.positional = args.slice(i + 1);
      return 0;
    }
    if (a === '-' || a === '+') {
      // `set -`: turn off -x and -v; the rest are positional parameters.
      if (a === '-') {
        sh.options.xtrace = false;
        sh.options.verbose = false;
      }
      i++;
      break;
    }
    if (!/^[-+]/.test(a)) break;
    const on = a[0] === '-';
    for (const c of a.slice(1)) {
      if (c === 'o') {
        const optName = args[++i];
        if (optName === undefined) {
          for (const [long, key] of Object.entries(LONG_OPTIONS).sort()) {
            sh.sys.write(1, on ? `${long.padEnd(15)}\t${sh.options[key] ? 'on' : 'off'}\n` : `set ${sh.options[key] ? '-' : '+'}o ${long}\n`);
          }
          continue;
        }
        const key = LONG_OPTIONS[optName];
        if (key) setOption(sh, key, on);
        else if (!INERT_OPTIONS.includes(optName)) {
          sh.error(`set: ${optName}: invalid option name`);
          return 2;
        }
        continue;
      }
      const entry = OPTION_LETTERS.find(([, letter]) => letter === c);
      if (entry) setOption(sh, entry[0], on);
      else if (!'hBHmPTE'.includes(c)) {
        sh.error(`set: ${a[0]}${c}: invalid option`);
        sh.error('set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]');
        return 2;
      }
    }
  }
  if (i < args.length) sh.positional = args.slice(i);
  return 0;
};

const shift: Builtin = (sh, args) => {
  const n = args[1] === undefined ? 1 : Number(args[1]);
  if (!Number.isInteger(n) || n < 0) {
    sh.error(`shift: ${args[1]}: numeric argument required`);
    return 1;
  }
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
};

const letBuiltin: Builtin = (sh, args) => {
  if (args.length < 2) {
    sh.error('let: expression expected');
    return 1;
  }
  let last = 0n;
  try {
    for (const expr of args.slice(1)) last = sh.arithmeticText(expr);
  } catch (error) {
    if (!(error instanceof FatalError)) throw error;
    sh.error(`let: ${error.message}`);
    return 1;
  }
  return last !== 0n ? 0 : 1;
};

export const VARIABLE_BUILTINS: Record<string, Builtin> = {
  export: exportBuiltin,
  readonly,
  unset,
  local,
  declare: declareBuiltin('declare'),
  typeset: declareBuiltin('typeset'),
  set,
  shift,
  let: letBuiltin,
};

