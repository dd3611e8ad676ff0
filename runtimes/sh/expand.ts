/**
 * Word expansion in bash's order (bash(1) "EXPANSION"): brace expansion,
 * then tilde, parameter, command substitution and arithmetic left to right,
 * then field splitting, pathname expansion and quote removal. The result of
 * each part goes into a FieldBuilder that knows whether it was quoted.
 */
import type { Assignment, Word, WordPart } from './ast.js';
import { expandBraces } from './braces.js';
import { FatalError } from './errors.js';
import { FieldBuilder, type Field } from './fields.js';
import type { Shell } from './interpreter.js';
import { emitParameter } from './parameter.js';
import { expandPathname } from './pathname.js';
import { hasGlobChars } from './pattern.js';

/** How a part's text enters the field: as quoted text, or unquoted (split for expansion results). */
export interface EmitContext {
  quoted: boolean;
  /** Inside `${x:-word}`: unquoted literal text is split too, as bash does. */
  nested: boolean;
}

export function ifsOf(sh: Shell): string {
  return sh.vars.get('IFS') ?? ' \t\n';
}

function home(sh: Shell, user: string): string | undefined {
  if (user === '') return sh.vars.get('HOME') ?? '/';
  if (user === '+') return sh.vars.get('PWD');
  if (user === '-') return sh.vars.get('OLDPWD');
  if (user === 'root') return '/root';
  return undefined;
}

/** Emit the result of an expansion: quoted text whole, unquoted text split. */
export function emitText(b: FieldBuilder, text: string, ctx: EmitContext): void {
  if (ctx.quoted) b.quoted(text);
  else b.split(text);
}

export function emitParts(sh: Shell, b: FieldBuilder, parts: readonly WordPart[], ctx: EmitContext): void {
  for (const part of parts) emitPart(sh, b, part, ctx);
}

function isListParameter(part: WordPart): boolean {
  return part.type === 'Parameter' && (part.name === '@' || part.index === '@') && part.op?.kind !== 'length';
}

function emitPart(sh: Shell, b: FieldBuilder, part: WordPart, ctx: EmitContext): void {
  switch (part.type) {
    case 'Literal':
      if (ctx.quoted) b.quoted(part.value);
      else if (ctx.nested) b.split(part.value);
      else b.literal(part.value);
      return;
    case 'SingleQuoted':
    case 'AnsiC':
    case 'Escaped':
      b.quoted(part.value);
      return;
    case 'DoubleQuoted':
      // "" makes an empty field; "$@" with no parameters makes none.
      if (!part.parts.some(isListParameter)) b.markPresent();
      emitParts(sh, b, part.parts, { quoted: true, nested: ctx.nested });
      return;
    case 'TildePrefix': {
      const dir = home(sh, part.user);
      b.quoted(dir ?? `~${part.user}`);
      return;
    }
    case 'Parameter':
      emitParameter(sh, b, part, ctx);
      return;
    case 'CommandSubstitution':
      emitText(b, sh.commandSubstitution(part.script), ctx);
      return;
    case 'ArithmeticExpansion':
      emitText(b, sh.arithmetic(part.expr).toString(), ctx);
      return;
    case 'ProcessSubstitution':
      throw new FatalError('process substitution is not supported');
  }
}

/** Expand without splitting or globbing: assignment values, here-documents, `case` words, redirection targets. */
export function expandWord(sh: Shell, word: Word): string {
  const b = new FieldBuilder(null);
  emitParts(sh, b, word.parts, { quoted: false, nested: false });
  return b.joined().text;
}

/** Expand as a pattern: quoted characters escaped, so they match literally. */
export function expandPattern(sh: Shell, word: Word): string {
  const b = new FieldBuilder(null);
  emitParts(sh, b, word.parts, { quoted: false, nested: false });
  return b.joined().pattern;
}

function globField(sh: Shell, field: Field, out: string[]): void {
  if (!sh.options.noglob && hasGlobChars(field.pattern)) {
    const matches = expandPathname(sh.sys, field.pattern, {
      dotglob: sh.shopts.has('dotglob'),
      nocase: sh.shopts.has('nocaseglob'),
      globstar: sh.shopts.has('globstar'),
    });
    if (matches) {
      out.push(...matches);
      return;
    }
    if (sh.shopts.has('failglob')) throw new FatalError(`no match: ${field.text}`);
    if (sh.shopts.has('nullglob')) return;
  }
  out.push(field.text);
}

/** Full expansion of one word into fields. */
export function expandFields(sh: Shell, word: Word): string[] {
  const out: string[] = [];
  const ifs = ifsOf(sh);
  for (const w of expandBraces(word)) {
    const b = new FieldBuilder(ifs);
    emitParts(sh, b, w.parts, { quoted: false, nested: false });
    for (const field of b.finish()) globField(sh, field, out);
  }
  return out;
}

export interface ExpandedArgs {
  args: string[];
  /** Arguments of declaration builtins shaped like an assignment, by argument index. */
  assignments: Map<number, Assignment>;
}

/** Expand a command's words. Declaration-builtin assignments (`local x=$y`) expand like assignments. */
export function expandArgs(sh: Shell, words: readonly Word[]): ExpandedArgs {
  const args: string[] = [];
  const assignments = new Map<number, Assignment>();
  for (const word of words) {
    if (word.assign) {
      assignments.set(args.length, word.assign);
      const a = word.assign;
      const value = a.value ? expandWord(sh, a.value) : '';
      args.push(`${a.name}${a.append ? '+=' : '='}${a.array ? '' : value}`);
      continue;
    }
    args.push(...expandFields(sh, word));
  }
  return { args, assignments };
}
