/**
 * Words: quoting, expansions and their nesting (POSIX XCU 2.2 "Quoting",
 * 2.6 "Word Expansions"; bash(1) "QUOTING", "EXPANSION"). Each reader
 * starts at `p.pos` and leaves it after what it consumed. Quote removal is
 * not applied: the part types record what was quoted, for the interpreter.
 */
import type {
  CommandSubstitution, DoubleQuoted, DoubleQuotedPart, ParameterExpansion, ParameterOp, Word, WordPart,
} from './ast.js';
import { isArithmeticAt, parseArithRange, parseArithUntil } from './arith-parser.js';
import { decodeAnsiC } from './ansi-c.js';
import { isDigit, isMeta, isNameChar, isNameStart } from './lexer.js';
import type { Parser } from './parser.js';

/**
 * Where a word is being read, which decides what ends it and what `~`, `(`
 * and quotes mean there.
 * - normal: a command word or redirection target; ends at a metacharacter.
 * - assign: an assignment value; also tilde-expands after each `:`.
 * - regex: the right side of `[[ =~ ]]`; `( ) | < >` belong to the word.
 * - param: the word in `${x:-word}`; ends at `}`, blanks belong to it.
 * - pattern: the pattern in `${x/pattern/r}`; ends at `/` or `}`.
 * - index: an array subscript; ends at the matching `]`.
 * - text: a whole string (`parseWord`); nothing ends it but the end.
 */
export type WordMode = 'normal' | 'assign' | 'regex' | 'param' | 'pattern' | 'index' | 'text';

/** Characters that may need attention in some mode; everything else is plain text. */
const SPECIAL = new Uint8Array(128);
for (const c of ' \t\n;&|()<>\\\'"$`}/[]:~=') SPECIAL[c.charCodeAt(0)] = 1;

function isSpecial(code: number): boolean {
  return code < 128 && SPECIAL[code] === 1;
}

/** Accumulates parts, merging adjacent literal text. */
class Parts<T extends WordPart> {
  readonly parts: T[] = [];
  private text = '';
  lit(s: string): void {
    this.text += s;
  }
  push(part: T): void {
    this.flush();
    this.parts.push(part);
  }
  get pendingText(): string {
    return this.text;
  }
  done(): T[] {
    this.flush();
    return this.parts;
  }
  private flush(): void {
    if (this.text !== '') {
      this.parts.push({ type: 'Literal', value: this.text } as T);
      this.text = '';
    }
  }
}

/** Reads one word in `mode`; it may be empty (the caller decides whether that is allowed). */
export function readWord(p: Parser, mode: WordMode, inDq = false): Word {
  return { type: 'Word', parts: readParts(p, mode, inDq) };
}

function readParts(p: Parser, mode: WordMode, inDq: boolean): WordPart[] {
  const src = p.src;
  const b = new Parts<WordPart>();
  const start = p.pos;
  let depth = 0;
  // Tilde expansion applies at the word's start and, in assignments (and
  // arguments shaped like one, as bash does), after `=` and each `:`.
  let assignLike = mode === 'assign';
  let tildeOk = mode !== 'index' && mode !== 'pattern' && !inDq;
  for (;;) {
    const at = p.pos;
    const code = src.charCodeAt(at);
    if (Number.isNaN(code)) break;
    if (!isSpecial(code)) {
      let end = at + 1;
      while (end < src.length && !isSpecial(src.charCodeAt(end))) end++;
      b.lit(src.slice(at, end));
      p.pos = end;
      tildeOk = false;
      continue;
    }
    const c = src[at]!;
    if (tildeOk && c === '~' && readTilde(p, b, mode, assignLike)) {
      tildeOk = false;
      continue;
    }
    tildeOk = false;
    // What ends the word in this mode.
    if (mode === 'param' || mode === 'pattern') {
      if (c === '}' || (mode === 'pattern' && c === '/')) break;
    } else if (mode === 'index') {
      if (c === ']' && depth === 0) break;
    } else if (mode === 'regex') {
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || (c === '&' && src[at + 1] === '&')) {
        if (depth === 0) break;
      }
      if (c === ')' && depth === 0) break;
    } else if (mode !== 'text' && isMeta(c)) {
      if ((c === '<' || c === '>') && src[at + 1] === '(') {
        p.pos = at + 2;
        b.push({ type: 'ProcessSubstitution', direction: c, script: p.parseSubstitutionBody() });
        continue;
      }
      break;
    }
    switch (c) {
      case '\\': {
        const n = src[at + 1];
        if (n === '\n') p.pos = at + 2;
        else if (n === undefined) {
          b.lit('\\');
          p.pos = at + 1;
        } else {
          p.pos = at + 2;
          if (inDq && !'$`"\\}'.includes(n)) b.lit('\\' + n);
          else b.push({ type: 'Escaped', value: n });
        }
        break;
      }
      case "'":
        // Inside "${x:-…}" single quotes are ordinary characters (bash).
        if (inDq) {
          b.lit(c);
          p.pos++;
          break;
        }
        b.push({ type: 'SingleQuoted', value: readSingleQuoted(p) });
        break;
      case '"':
        p.pos++;
        b.push(readDoubleQuoted(p));
        break;
      case '$': {
        const part = readDollar(p, inDq);
        if (part) b.push(part);
        else {
          b.lit('$');
          p.pos++;
        }
        break;
      }
      case '`':
        b.push(readBackquote(p, inDq));
        break;
      case '[':
        if (mode === 'index') depth++;
        b.lit(c);
        p.pos++;
        break;
      case ']':
        if (mode === 'index') depth--;
        b.lit(c);
        p.pos++;
        break;
      case '(':
      case ')':
        if (mode === 'regex') depth += c === '(' ? 1 : -1;
        b.lit(c);
        p.pos++;
        break;
      case '=':
        b.lit(c);
        p.pos++;
        if (mode === 'normal' && !assignLike && b.parts.length === 0 && isName(b.pendingText.slice(0, -1))) {
          assignLike = true;
          tildeOk = true;
        }
        break;
      case ':':
        b.lit(c);
        p.pos++;
        tildeOk = assignLike && !inDq;
        break;
      default:
        b.lit(c);
        p.pos++;
    }
  }
  if (p.pos === start && mode === 'normal') return [];
  return b.done();
}

function isName(s: string): boolean {
  if (!isNameStart(s[0])) return false;
  for (let i = 1; i < s.length; i++) if (!isNameChar(s[i])) return false;
  return true;
}

/** `~user` up to `/` (or `:` in assignments); only when none of it is quoted or expanded. */
function readTilde(p: Parser, b: Parts<WordPart>, mode: WordMode, assignLike: boolean): boolean {
  const src = p.src;
  let end = p.pos + 1;
  for (; end < src.length; end++) {
    const c = src[end]!;
    if (c === '/' || (assignLike && c === ':')) break;
    if (mode === 'param' && c === '}') break;
    if (mode !== 'param' && isMeta(c)) break;
    if (c === '\\' || c === "'" || c === '"' || c === '$' || c === '`') return false;
  }
  b.push({ type: 'TildePrefix', user: src.slice(p.pos + 1, end) });
  p.pos = end;
  return true;
}

/** After `'`: the text up to the closing quote. */
function readSingleQuoted(p: Parser): string {
  const close = p.src.indexOf("'", p.pos + 1);
  if (close < 0) throw p.eofError("'");
  const value = p.src.slice(p.pos + 1, close);
  p.pos = close + 1;
  return value;
}

/** After the opening `"`: up to and including the closing one. */
export function readDoubleQuoted(p: Parser): DoubleQuoted {
  const src = p.src;
  const b = new Parts<DoubleQuotedPart>();
  for (;;) {
    const at = p.pos;
    const c = src[at];
    if (c === undefined) throw p.eofError('"');
    if (c === '"') {
      p.pos++;
      return { type: 'DoubleQuoted', parts: b.done() };
    }
    if (c === '\\') {
      const n = src[at + 1];
      p.pos = at + 2;
      if (n === '\n') continue;
      // Only $ ` " \ are escapable in double quotes (XCU 2.2.3).
      if (n === '$' || n === '`' || n === '"' || n === '\\') b.lit(n);
      else if (n === undefined) throw p.eofError('"');
      else b.lit('\\' + n);
    } else if (c === '$') {
      const part = readDollar(p, true) as DoubleQuotedPart | null;
      if (part) b.push(part);
      else {
        b.lit('$');
        p.pos++;
      }
    } else if (c === '`') b.push(readBackquote(p, true));
    else {
      let end = at + 1;
      while (end < src.length) {
        const e = src[end];
        if (e === '"' || e === '\\' || e === '$' || e === '`') break;
        end++;
      }
      b.lit(src.slice(at, end));
      p.pos = end;
    }
  }
}

/**
 * An unquoted here-document body (the whole of `p.src`): `\` escapes only
 * `$`, `` ` ``, `\` and newline, and `"` is an ordinary character
 * (XCU 2.7.4).
 */
export function readHeredocBody(p: Parser): DoubleQuoted {
  const src = p.src;
  const b = new Parts<DoubleQuotedPart>();
  while (p.pos < src.length) {
    const at = p.pos;
    const c = src[at]!;
    if (c === '\\') {
      const n = src[at + 1];
      if (n === '$' || n === '`' || n === '\\') {
        b.lit(n);
        p.pos = at + 2;
      } else if (n === '\n') p.pos = at + 2;
      else {
        b.lit('\\');
        p.pos = at + 1;
      }
    } else if (c === '$') {
      const part = readDollar(p, true) as DoubleQuotedPart | null;
      if (part) b.push(part);
      else {
        b.lit('$');
        p.pos++;
      }
    } else if (c === '`') b.push(readBackquote(p, true));
    else {
      let end = at + 1;
      while (end < src.length && src[end] !== '\\' && src[end] !== '$' && src[end] !== '`') end++;
      b.lit(src.slice(at, end));
      p.pos = end;
    }
  }
  return { type: 'DoubleQuoted', parts: b.done() };
}

const SPECIAL_PARAMS = '@*#?-$!';

/** At `$`: an expansion, or null when this `$` is literal text. */
export function readDollar(p: Parser, inDq: boolean): WordPart | null {
  const src = p.src;
  const at = p.pos;
  const n = src[at + 1];
  if (n === '(') {
    if (src[at + 2] === '(') {
      const close = isArithmeticAt(src, at + 3);
      if (close >= 0) {
        p.pos = at + 3;
        const expr = parseArithRange(p, close);
        p.pos = close + 2;
        return { type: 'ArithmeticExpansion', expr };
      }
    }
    p.pos = at + 2;
    return { type: 'CommandSubstitution', script: p.parseSubstitutionBody(), backquote: false };
  }
  if (n === '{') return readBraced(p, inDq);
  if (n === "'" && !inDq) {
    p.pos = at + 2;
    const close = findAnsiCEnd(p);
    const value = decodeAnsiC(src.slice(at + 2, close));
    p.pos = close + 1;
    return { type: 'AnsiC', value };
  }
  // $"…" is a locale-translated string; with no message catalogs it is "…".
  if (n === '"' && !inDq) {
    p.pos = at + 2;
    return readDoubleQuoted(p);
  }
  if (isNameStart(n)) {
    let end = at + 2;
    while (isNameChar(src[end])) end++;
    p.pos = end;
    return { type: 'Parameter', name: src.slice(at + 1, end) };
  }
  if (isDigit(n) || (n !== undefined && SPECIAL_PARAMS.includes(n))) {
    p.pos = at + 2;
    return { type: 'Parameter', name: n! };
  }
  return null;
}

function findAnsiCEnd(p: Parser): number {
  const src = p.src;
  for (let i = p.pos; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === "'") return i;
  }
  throw p.eofError("'");
}

/**
 * At `` ` ``: the text up to the closing backquote with `\$`, `` \` ``, `\\`
 * (and `\"` inside double quotes) un-escaped, parsed as its own script
 * (XCU 2.6.3).
 */
export function readBackquote(p: Parser, inDq: boolean): CommandSubstitution {
  const src = p.src;
  const start = p.pos;
  let text = '';
  let i = start + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined) throw p.eofError('`');
    if (c === '`') break;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === '$' || n === '`' || n === '\\' || (inDq && n === '"')) {
        text += n;
        i += 2;
        continue;
      }
    }
    text += c;
    i++;
  }
  p.pos = i + 1;
  return { type: 'CommandSubstitution', script: p.parseDerivedScript(text, p.lineAt(start) - 1), backquote: true };
}

/** `${…}`, at the `$`. */
function readBraced(p: Parser, inDq: boolean): ParameterExpansion {
  const src = p.src;
  const open = p.pos;
  p.pos += 2;
  p.enter();
  const exp = readBracedInner(p, inDq, open);
  if (src[p.pos] !== '}') {
    if (p.pos >= src.length) throw p.eofError('}');
    throw badSubstitution(p, open);
  }
  p.pos++;
  p.leave();
  return exp;
}

function readBracedInner(p: Parser, inDq: boolean, open: number): ParameterExpansion {
  const src = p.src;
  const c = src[p.pos];
  if (c === '#' && src[p.pos + 1] !== '}') {
    const save = p.pos;
    p.pos++;
    const name = readParamName(p);
    if (name !== null) {
      const index = readIndex(p);
      if (src[p.pos] === '}') return withIndex({ type: 'Parameter', name, op: { kind: 'length' } }, index);
    }
    p.pos = save;
  }
  if (c === '!' && src[p.pos + 1] !== '}') {
    p.pos++;
    const name = readParamName(p);
    if (name === null) throw badSubstitution(p, open);
    const s = src[p.pos];
    if ((s === '*' || s === '@') && src[p.pos + 1] === '}') {
      p.pos++;
      return { type: 'Parameter', name, op: { kind: 'names', op: s } };
    }
    const index = readIndex(p);
    if ((index === '@' || index === '*') && src[p.pos] === '}') {
      return { type: 'Parameter', name, index, op: { kind: 'keys' } };
    }
    const exp = withIndex({ type: 'Parameter', name, indirect: true }, index);
    return withOp(exp, readParamOp(p, inDq, open));
  }
  const name = readParamName(p);
  if (name === null) throw badSubstitution(p, open);
  const exp = withIndex({ type: 'Parameter', name }, readIndex(p));
  return withOp(exp, readParamOp(p, inDq, open));
}

function withIndex(exp: ParameterExpansion, index: ParameterExpansion['index']): ParameterExpansion {
  if (index !== undefined) exp.index = index;
  return exp;
}

function withOp(exp: ParameterExpansion, op: ParameterOp | undefined): ParameterExpansion {
  if (op) exp.op = op;
  return exp;
}

/** A name, a positional number (several digits allowed in braces) or a special parameter. */
function readParamName(p: Parser): string | null {
  const src = p.src;
  const start = p.pos;
  const c = src[start];
  let end = start;
  if (isNameStart(c)) while (isNameChar(src[end])) end++;
  else if (isDigit(c)) while (isDigit(src[end])) end++;
  else if (c !== undefined && SPECIAL_PARAMS.includes(c)) end++;
  if (end === start) return null;
  p.pos = end;
  return src.slice(start, end);
}

function readIndex(p: Parser): ParameterExpansion['index'] {
  const src = p.src;
  if (src[p.pos] !== '[') return undefined;
  const s = src[p.pos + 1];
  if ((s === '@' || s === '*') && src[p.pos + 2] === ']') {
    p.pos += 3;
    return s;
  }
  p.pos++;
  const word = readWord(p, 'index');
  if (src[p.pos] !== ']') throw p.eofError(']');
  p.pos++;
  return word;
}

function readParamOp(p: Parser, inDq: boolean, open: number): ParameterOp | undefined {
  const src = p.src;
  const c = src[p.pos];
  const n = src[p.pos + 1];
  switch (c) {
    case '}':
      return undefined;
    case ':':
      if (n === '-' || n === '=' || n === '?' || n === '+') {
        p.pos += 2;
        return { kind: 'default', op: `:${n}`, word: readWord(p, 'param', inDq) };
      }
      p.pos++;
      return readSubstring(p);
    case '-':
    case '=':
    case '?':
    case '+':
      p.pos++;
      return { kind: 'default', op: c, word: readWord(p, 'param', inDq) };
    case '#':
    case '%': {
      const op = n === c ? (`${c}${c}` as '##' | '%%') : c;
      p.pos += op.length;
      // Patterns honour quotes even inside "…" (bash).
      return { kind: 'remove', op, pattern: readWord(p, 'param') };
    }
    case '/': {
      const op = n === '/' || n === '#' || n === '%' ? (`/${n}` as '//' | '/#' | '/%') : '/';
      p.pos += op.length;
      const pattern = readWord(p, 'pattern');
      if (src[p.pos] !== '/') return { kind: 'replace', op, pattern };
      p.pos++;
      return { kind: 'replace', op, pattern, replacement: readWord(p, 'param', inDq) };
    }
    case '^':
    case ',': {
      const op = n === c ? (`${c}${c}` as '^^' | ',,') : c;
      p.pos += op.length;
      if (src[p.pos] === '}') return { kind: 'case', op };
      return { kind: 'case', op, pattern: readWord(p, 'param') };
    }
    case '@':
      if (n !== undefined && 'QEPAKaUuL'.includes(n) && src[p.pos + 2] === '}') {
        p.pos += 2;
        return { kind: 'transform', op: n as 'Q' };
      }
  }
  if (c === undefined) throw p.eofError('}');
  throw badSubstitution(p, open);
}

/** `${x:offset}` / `${x:offset:length}`, after the first `:`. */
function readSubstring(p: Parser): ParameterOp {
  const offset = parseArithUntil(p, ':}');
  if (p.src[p.pos] !== ':') return { kind: 'substring', offset };
  p.pos++;
  return { kind: 'substring', offset, length: parseArithUntil(p, '}') };
}

function badSubstitution(p: Parser, open: number): Error {
  const close = p.src.indexOf('}', open);
  if (close < 0) return p.eofError('}');
  const text = p.src.slice(open, close + 1);
  return p.error(`${text}: bad substitution`, open);
}
