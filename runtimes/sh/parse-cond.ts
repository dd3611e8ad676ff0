/**
 * The inside of `[[ … ]]`, bash(1) "CONDITIONAL EXPRESSIONS": `||` binds
 * loosest, then `&&`, then `!`; parentheses group. Words are not split or
 * globbed; `<` and `>` compare strings here instead of redirecting; the
 * right side of `=~` is read with `( ) |` as part of the word.
 */
import type { CondExpr, Word } from './ast.js';
import { endsToken } from './lexer.js';
import { readWord } from './parse-word.js';
import type { Parser } from './parser.js';

const UNARY: ReadonlySet<string> = new Set(
  'a b c d e f g h k p r s t u w x G L N O S z n o v R'.split(' ').map((c) => `-${c}`),
);

const BINARY: ReadonlySet<string> = new Set([
  '==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef',
]);

/** After `[[`: the expression, and the closing `]]`. */
export function parseCondition(p: Parser): CondExpr {
  const expr = or(p);
  skip(p);
  if (!atClose(p)) throw condError(p);
  p.pos += 2;
  return expr;
}

/** Blanks and newlines are both just separators inside `[[ ]]`. */
function skip(p: Parser): void {
  for (;;) {
    p.skipBlanks();
    if (p.src[p.pos] !== '\n') return;
    p.consumeNewline();
  }
}

function atClose(p: Parser): boolean {
  return p.src.startsWith(']]', p.pos) && endsToken(p.src[p.pos + 2]);
}

function condError(p: Parser): Error {
  if (p.atEnd()) return p.error('unexpected EOF while looking for `]]\'');
  let end = p.pos;
  while (end < p.src.length && !' \t\n'.includes(p.src[end]!)) end++;
  return p.error(`syntax error in conditional expression: unexpected token \`${p.src.slice(p.pos, Math.max(end, p.pos + 1))}'`);
}

function or(p: Parser): CondExpr {
  let left = and(p);
  for (;;) {
    skip(p);
    if (!p.src.startsWith('||', p.pos)) return left;
    p.pos += 2;
    left = { type: 'CondOr', left, right: and(p) };
  }
}

function and(p: Parser): CondExpr {
  let left = not(p);
  for (;;) {
    skip(p);
    if (!p.src.startsWith('&&', p.pos)) return left;
    p.pos += 2;
    left = { type: 'CondAnd', left, right: not(p) };
  }
}

function not(p: Parser): CondExpr {
  skip(p);
  if (p.src[p.pos] === '!' && endsToken(p.src[p.pos + 1])) {
    p.pos++;
    p.enter();
    const expr = not(p);
    p.leave();
    return { type: 'CondNot', expr };
  }
  return primary(p);
}

function primary(p: Parser): CondExpr {
  skip(p);
  const src = p.src;
  if (src[p.pos] === '(') {
    p.pos++;
    p.enter();
    const inner = or(p);
    skip(p);
    if (src[p.pos] !== ')') throw condError(p);
    p.pos++;
    p.leave();
    return inner;
  }
  if (atClose(p)) throw condError(p);
  const start = p.pos;
  const left = operand(p);
  const raw = src.slice(start, p.pos);
  skip(p);
  if (UNARY.has(raw) && !atClose(p) && !isOperatorAhead(p)) {
    return { type: 'CondUnary', op: raw, arg: operand(p) };
  }
  const op = binaryOp(p);
  if (op === null) return { type: 'CondWord', word: left };
  p.pos += op.length;
  skip(p);
  if (atClose(p)) throw condError(p);
  const right = op === '=~' ? readWord(p, 'regex') : operand(p);
  if (right.parts.length === 0) throw condError(p);
  return { type: 'CondBinary', op, left, right };
}

/** A word operand; an empty one (at `)`, `&&`, `<`, …) is an error. */
function operand(p: Parser): Word {
  skip(p);
  const word = readWord(p, 'normal');
  if (word.parts.length === 0) throw condError(p);
  return word;
}

/** `-f == x` compares the string "-f": a unary operator followed by a binary one is a word. */
function isOperatorAhead(p: Parser): boolean {
  return binaryOp(p) !== null;
}

/** The binary operator at the cursor, if one stands there as a token. */
function binaryOp(p: Parser): string | null {
  const src = p.src;
  const c = src[p.pos];
  if ((c === '<' || c === '>') && src[p.pos + 1] !== c) return c;
  let end = p.pos;
  while (end < src.length && !endsToken(src[end])) end++;
  const word = src.slice(p.pos, end);
  return BINARY.has(word) ? word : null;
}
