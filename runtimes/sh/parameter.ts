/**
 * Parameter expansion (bash(1) "Parameter Expansion"): special and
 * positional parameters, variables and array elements, and every `${…}`
 * operator of the AST. A parameter is a scalar or, for `$@ $* ${a[@]}`, a
 * list whose elements become separate fields when quoted with `@`.
 */
import type { ParameterExpansion, Word } from './ast.js';
import { decodeEscapes } from './escapes.js';
import { FatalError } from './errors.js';
import { emitParts, expandPattern, expandWord, ifsOf, type EmitContext } from './expand.js';
import type { FieldBuilder } from './fields.js';
import type { Shell } from './interpreter.js';
import { compilePattern, removeAffix, replacePattern } from './pattern.js';
import { singleQuote } from './quote.js';
import { elementsOf, isName, keysOf, scalarOf } from './variables.js';

type ParamValue = { kind: 'scalar'; value: string | undefined } | { kind: 'list'; values: string[]; star: boolean };

const scalar = (value: string | undefined): ParamValue => ({ kind: 'scalar', value });

/** The text a parameter is written as, for error messages. */
function display(pe: ParameterExpansion): string {
  if (pe.index === '@' || pe.index === '*') return `${pe.name}[${pe.index}]`;
  return pe.name;
}

/** Subscript of an indexed array: arithmetic, negative from the end. */
function arrayIndex(sh: Shell, name: string, index: Word): number | string {
  const v = sh.vars.lookup(name);
  if (v?.assoc) return expandWord(sh, index);
  let n = Number(sh.arithmeticText(expandWord(sh, index)));
  if (n < 0) {
    const keys = keysOf(v).map(Number);
    n += keys.length ? keys[keys.length - 1] + 1 : 0;
    if (n < 0) throw new FatalError(`${name}: bad array subscript`);
  }
  return n;
}

/** The value of `name` (with optional subscript) without any operator. */
export function lookupParameter(sh: Shell, name: string, index?: Word | '@' | '*'): ParamValue {
  switch (name) {
    case '@':
      return { kind: 'list', values: sh.positional, star: false };
    case '*':
      return { kind: 'list', values: sh.positional, star: true };
    case '#':
      return scalar(String(sh.positional.length));
    case '?':
      return scalar(String(sh.lastStatus));
    case '$':
      return scalar(String(sh.shellPid));
    case '!':
      return scalar(sh.lastBackground === undefined ? undefined : String(sh.lastBackground));
    case '-':
      return scalar(sh.flags());
    case '0':
      return scalar(sh.arg0);
  }
  if (/^[0-9]+$/.test(name)) return scalar(sh.positional[Number(name) - 1]);
  if (name === 'FUNCNAME' && sh.functionNames.length > 0) {
    // An array computed from the call stack, innermost first.
    const names = [...sh.functionNames].reverse();
    if (index === '@' || index === '*') return { kind: 'list', values: names, star: index === '*' };
    return scalar(index === undefined ? names[0] : names[Number(sh.arithmeticText(expandWord(sh, index)))]);
  }
  if (index === '@' || index === '*') {
    return { kind: 'list', values: elementsOf(sh.vars.lookup(name)), star: index === '*' };
  }
  if (index !== undefined) {
    const v = sh.vars.lookup(name);
    const key = arrayIndex(sh, name, index);
    if (!v || v.value === undefined) return scalar(undefined);
    if (typeof v.value === 'string') return scalar(key === 0 || key === '0' ? v.value : undefined);
    return scalar((v.value as Map<number | string, string>).get(key));
  }
  const dynamic = sh.dynamicVariable(name);
  if (dynamic !== undefined) return scalar(dynamic);
  return scalar(scalarOf(sh.vars.lookup(name)));
}

/** `${!x}`: x's value names the parameter (possibly `a[1]`). */
function indirect(sh: Shell, pe: ParameterExpansion): ParamValue {
  const target = lookupParameter(sh, pe.name, pe.index);
  const ref = target.kind === 'scalar' ? target.value : target.values.join(' ');
  if (ref === undefined || ref === '') {
    if (sh.options.nounset) throw new FatalError(`${pe.name}: unbound variable`, 1, true);
    return scalar(undefined);
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/s.exec(ref);
  if (m) {
    if (m[2] === '@' || m[2] === '*') return lookupParameter(sh, m[1], m[2]);
    return lookupParameter(sh, m[1], { type: 'Word', parts: [{ type: 'Literal', value: m[2] }] });
  }
  if (!isName(ref) && !/^([0-9]+|[@*#?$!-])$/.test(ref)) throw new FatalError(`${ref}: invalid indirect expansion`);
  return lookupParameter(sh, ref);
}

function isUnset(v: ParamValue): boolean {
  return v.kind === 'scalar' ? v.value === undefined : v.values.length === 0;
}

function isNull(v: ParamValue): boolean {
  return v.kind === 'scalar' ? !v.value : v.values.join('') === '';
}

function mapValue(v: ParamValue, fn: (s: string) => string): ParamValue {
  if (v.kind === 'scalar') return scalar(v.value === undefined ? undefined : fn(v.value));
  return { ...v, values: v.values.map(fn) };
}

function emitValue(sh: Shell, b: FieldBuilder, v: ParamValue, ctx: EmitContext): void {
  if (v.kind === 'scalar') {
    if (v.value === undefined) return;
    if (ctx.quoted) b.quoted(v.value);
    else b.split(v.value);
    return;
  }
  if (ctx.quoted && v.star) {
    const ifs = ifsOf(sh);
    b.quoted(v.values.join(ifs === '' ? '' : ifs[0]));
    return;
  }
  v.values.forEach((value, i) => {
    if (i > 0) b.breakField();
    if (ctx.quoted) b.quoted(value);
    else b.split(value);
  });
}

function caseChange(text: string, op: string, matcher: RegExp | null): string {
  const chars = [...text];
  const upper = op.startsWith('^');
  const all = op.length === 2;
  return chars
    .map((c, i) => {
      if (!all && i > 0) return c;
      if (matcher && !matcher.test(c)) return c;
      return upper ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

function substring(sh: Shell, v: ParamValue, pe: ParameterExpansion, offsetExpr: bigint, lengthExpr: bigint | undefined): ParamValue {
  if (v.kind === 'list') {
    // For $@ offset 0 is $0; for arrays it is the first element.
    const values = pe.name === '@' || pe.name === '*' ? [sh.arg0, ...v.values] : v.values;
    let start = Number(offsetExpr);
    if (start < 0) start += values.length;
    if (start < 0) return { ...v, values: [] };
    let end = values.length;
    if (lengthExpr !== undefined) {
      if (lengthExpr < 0n) throw new FatalError(`${lengthExpr}: substring expression < 0`);
      end = Math.min(end, start + Number(lengthExpr));
    }
    return { ...v, values: values.slice(start, end) };
  }
  if (v.value === undefined) return v;
  const text = v.value;
  let start = Number(offsetExpr);
  if (start < 0) start = Math.max(text.length + start, 0);
  if (start > text.length) return scalar('');
  let end = text.length;
  if (lengthExpr !== undefined) {
    const len = Number(lengthExpr);
    end = len < 0 ? text.length + len : start + len;
    if (end < start) {
      if (len < 0) throw new FatalError(`${len}: substring expression < 0`);
      end = start;
    }
  }
  return scalar(text.slice(start, end));
}

function attributes(sh: Shell, name: string): string {
  const v = sh.vars.lookup(name);
  if (!v) return '';
  let out = '';
  if (v.value instanceof Map) out += v.assoc ? 'A' : 'a';
  if (v.integer) out += 'i';
  if (v.readonly) out += 'r';
  if (v.exported) out += 'x';
  return out;
}

function transform(sh: Shell, pe: ParameterExpansion, v: ParamValue, op: string): ParamValue {
  switch (op) {
    case 'Q':
      return mapValue(v, (s) => (singleQuote(s) === s ? `'${s}'` : singleQuote(s)));
    case 'E':
      return mapValue(v, (s) => decodeEscapes(s, 'b').text);
    case 'U':
      return mapValue(v, (s) => s.toUpperCase());
    case 'L':
      return mapValue(v, (s) => s.toLowerCase());
    case 'u':
      return mapValue(v, (s) => s.charAt(0).toUpperCase() + s.slice(1));
    case 'a':
      return mapValue(v, () => attributes(sh, pe.name));
    case 'A':
      return mapValue(v, (s) => `${pe.name}=${singleQuote(s) === s ? `'${s}'` : singleQuote(s)}`);
    default:
      return v;
  }
}

function checkUnbound(sh: Shell, pe: ParameterExpansion, v: ParamValue): void {
  if (!sh.options.nounset || !isUnset(v)) return;
  if (v.kind === 'list' && (pe.name === '@' || pe.name === '*')) return;
  throw new FatalError(`${display(pe)}: unbound variable`, 1, true);
}

export function emitParameter(sh: Shell, b: FieldBuilder, pe: ParameterExpansion, ctx: EmitContext): void {
  const op = pe.op;
  if (op?.kind === 'names') {
    const names = [...sh.vars.visible().keys()].filter((n) => n.startsWith(pe.name)).sort();
    emitValue(sh, b, { kind: 'list', values: names, star: op.op === '*' }, ctx);
    return;
  }
  if (op?.kind === 'keys') {
    const keys = keysOf(sh.vars.lookup(pe.name));
    emitValue(sh, b, { kind: 'list', values: keys, star: pe.index === '*' }, ctx);
    return;
  }
  let v = pe.indirect ? indirect(sh, pe) : lookupParameter(sh, pe.name, pe.index);
  if (!op) {
    checkUnbound(sh, pe, v);
    emitValue(sh, b, v, ctx);
    return;
  }
  switch (op.kind) {
    case 'length': {
      checkUnbound(sh, pe, v);
      const n = v.kind === 'list' ? v.values.length : [...(v.value ?? '')].length;
      emitValue(sh, b, scalar(String(n)), ctx);
      return;
    }
    case 'default': {
      const missing = op.op.startsWith(':') ? isNull(v) : isUnset(v);
      const kind = op.op.replace(':', '');
      if (kind === '+') {
        if (!missing) emitParts(sh, b, op.word.parts, { quoted: ctx.quoted, nested: true });
        else if (ctx.quoted) b.markPresent();
        return;
      }
      if (!missing) {
        emitValue(sh, b, v, ctx);
        return;
      }
      if (kind === '-') {
        if (ctx.quoted) b.markPresent();
        emitParts(sh, b, op.word.parts, { quoted: ctx.quoted, nested: true });
        return;
      }
      const text = expandWord(sh, op.word);
      if (kind === '?') {
        const message = text || (op.op === ':?' ? 'parameter null or not set' : 'parameter not set');
        throw new FatalError(`${display(pe)}: ${message}`, 1, true);
      }
      // ':=' / '='
      if (!isName(pe.name)) throw new FatalError(`$${pe.name}: cannot assign in this way`);
      sh.assign(pe.name, text);
      emitValue(sh, b, scalar(text), ctx);
      return;
    }
    case 'remove': {
      checkUnbound(sh, pe, v);
      const pattern = expandPattern(sh, op.pattern);
      const side = op.op.startsWith('#') ? 'prefix' : 'suffix';
      v = mapValue(v, (s) => removeAffix(s, pattern, side, op.op.length === 2));
      break;
    }
    case 'replace': {
      checkUnbound(sh, pe, v);
      const pattern = expandPattern(sh, op.pattern);
      const replacement = op.replacement ? expandWord(sh, op.replacement) : '';
      const anchor = op.op === '/#' ? '#' : op.op === '/%' ? '%' : undefined;
      v = mapValue(v, (s) => replacePattern(s, pattern, replacement, { all: op.op === '//', anchor }));
      break;
    }
    case 'substring': {
      checkUnbound(sh, pe, v);
      const offset = sh.arithmetic(op.offset);
      const length = op.length ? sh.arithmetic(op.length) : undefined;
      v = substring(sh, v, pe, offset, length);
      break;
    }
    case 'case': {
      checkUnbound(sh, pe, v);
      const matcher = op.pattern ? compilePattern(expandPattern(sh, op.pattern)) : null;
      v = mapValue(v, (s) => caseChange(s, op.op, matcher));
      break;
    }
    case 'transform':
      checkUnbound(sh, pe, v);
      v = transform(sh, pe, v, op.op);
      break;
  }
  emitValue(sh, b, v, ctx);
}
