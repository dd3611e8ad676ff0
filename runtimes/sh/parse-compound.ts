/**
 * Compound commands (XCU 2.9.4, bash(1) "Compound Commands") and function
 * definitions. Each parser starts at its opening keyword or parenthesis,
 * reads up to the closing one and then the command's own redirections.
 */
import type {
  AndOr, ArithCommand, ArithExpr, ArithFor, Case, CaseItem, Command, CompoundCommand, For, FunctionDef, If, Loc,
  Loop, Word,
} from './ast.js';
import { findArithEnd, isArithmeticAt, parseArithRange } from './arith-parser.js';
import { endsToken, isMeta, isNameChar, isNameStart } from './lexer.js';
import { parseCondition } from './parse-cond.js';
import { readWord } from './parse-word.js';
import type { Parser } from './parser.js';

const kws = (...words: string[]): ReadonlySet<string> => new Set(words);
const THEN = kws('then');
const AFTER_THEN = kws('elif', 'else', 'fi');
const FI = kws('fi');
const DO = kws('do');
const DONE = kws('done');
const ESAC = kws('esac');
const RBRACE = kws('}');
const NONE = kws();

/** The compound command (or `function` definition) starting at the cursor, or null if none does. */
export function parseCompound(p: Parser, keyword: string | null): CompoundCommand | FunctionDef | null {
  const start = p.pos;
  const line = p.lineAt(start);
  const loc = (): Loc => ({ start, end: p.pos, line });
  let node: CompoundCommand;
  switch (keyword) {
    case '{':
    case 'if':
    case 'while':
    case 'until':
    case 'for':
    case 'case':
    case '[[':
      p.enter();
      p.pos += keyword.length;
      node = parseKeywordCompound(p, keyword, loc);
      break;
    case 'function':
      p.pos += keyword.length;
      return parseFunctionKeyword(p, loc);
    default: {
      if (p.peekOp() !== '(') return null;
      p.enter();
      if (p.src[p.pos + 1] === '(') {
        const close = isArithmeticAt(p.src, p.pos + 2);
        if (close >= 0) {
          p.pos += 2;
          const expr = parseArithRange(p, close);
          p.pos = close + 2;
          node = { type: 'ArithCommand', expr, redirects: [], ...loc() } satisfies ArithCommand;
          break;
        }
      }
      p.pos++;
      const body = p.parseList(NONE);
      p.skipBlanks();
      if (p.atEnd()) throw p.eofError(')');
      if (!p.eatOp(')')) throw p.unexpected();
      node = { type: 'Subshell', body, redirects: [], ...loc() };
    }
  }
  p.leave();
  p.parseTrailingRedirects(node.redirects);
  node.end = p.pos;
  return node;
}

function parseKeywordCompound(p: Parser, keyword: string, loc: () => Loc): CompoundCommand {
  switch (keyword) {
    case '{': {
      const body = p.parseList(RBRACE);
      p.expectKeyword('}');
      return { type: 'BraceGroup', body, redirects: [], ...loc() };
    }
    case 'if':
      return parseIf(p, loc);
    case 'while':
    case 'until': {
      const condition = p.parseList(DO);
      const body = doGroup(p);
      const type = keyword === 'while' ? 'While' : 'Until';
      return { type, condition, body, redirects: [], ...loc() } satisfies Loop;
    }
    case 'for':
      return parseFor(p, loc);
    case 'case':
      return parseCase(p, loc);
    default: {
      const expr = parseCondition(p);
      return { type: 'DoubleBracket', expr, redirects: [], ...loc() };
    }
  }
}

/** `do list done` */
function doGroup(p: Parser): AndOr[] {
  p.expectKeyword('do');
  const body = p.parseList(DONE);
  p.expectKeyword('done');
  return body;
}

function parseIf(p: Parser, loc: () => Loc): If {
  const clauses: If['clauses'] = [];
  let elseBody: AndOr[] | undefined;
  do {
    const condition = p.parseList(THEN);
    p.expectKeyword('then');
    clauses.push({ condition, body: p.parseList(AFTER_THEN) });
  } while (p.eatKeyword('elif'));
  if (p.eatKeyword('else')) elseBody = p.parseList(FI);
  p.expectKeyword('fi');
  const node: If = { type: 'If', clauses, redirects: [], ...loc() };
  if (elseBody) node.else = elseBody;
  return node;
}

function parseFor(p: Parser, loc: () => Loc): For | ArithFor {
  p.skipBlanks();
  if (p.src.startsWith('((', p.pos)) return parseArithFor(p, loc);
  const src = p.src;
  const nameStart = p.pos;
  let end = nameStart;
  while (isNameChar(src[end])) end++;
  if (!isNameStart(src[nameStart]) || !endsToken(src[end])) {
    if (end === nameStart) throw p.unexpected();
    while (end < src.length && !isMeta(src[end]!)) end++;
    throw p.error(`\`${src.slice(nameStart, end)}': not a valid identifier`);
  }
  const name = src.slice(nameStart, end);
  p.pos = end;
  p.linebreak();
  let items: Word[] | undefined;
  if (p.eatKeyword('in')) {
    items = [];
    for (;;) {
      p.skipBlanks();
      const op = p.peekOp();
      if (op === ';') p.pos++;
      else if (op === '\n') p.consumeNewline();
      else if (op !== null || p.atEnd()) throw p.unexpected();
      else {
        items.push(readWord(p, 'normal'));
        continue;
      }
      break;
    }
  } else p.eatOp(';');
  p.linebreak();
  const body = loopBody(p);
  const node: For = { type: 'For', name, body, redirects: [], ...loc() };
  if (items) node.items = items;
  return node;
}

/** `for ((init; test; update))`, at the `((`. */
function parseArithFor(p: Parser, loc: () => Loc): ArithFor {
  const src = p.src;
  const from = p.pos + 2;
  const close = isArithmeticAt(src, from);
  const semi1 = findArithEnd(src, from, ';');
  const semi2 = semi1 < 0 ? -1 : findArithEnd(src, semi1 + 1, ';');
  if (close < 0 || semi2 < 0 || semi2 > close) throw p.unexpected();
  const part = (a: number, b: number): ArithExpr | undefined => {
    if (src.slice(a, b).trim() === '') return undefined;
    p.pos = a;
    return parseArithRange(p, b);
  };
  const node: ArithFor = { type: 'ArithFor', body: [], redirects: [], ...loc() };
  const init = part(from, semi1);
  const test = part(semi1 + 1, semi2);
  const update = part(semi2 + 1, close);
  if (init) node.init = init;
  if (test) node.test = test;
  if (update) node.update = update;
  p.pos = close + 2;
  p.skipBlanks();
  p.eatOp(';');
  p.linebreak();
  node.body = loopBody(p);
  return node;
}

/** `do list done`, or `{ list }`, which bash also accepts after `for`. */
function loopBody(p: Parser): AndOr[] {
  if (!p.eatKeyword('{')) return doGroup(p);
  const body = p.parseList(RBRACE);
  p.expectKeyword('}');
  return body;
}

function parseCase(p: Parser, loc: () => Loc): Case {
  p.skipBlanks();
  const word = readWord(p, 'normal');
  if (word.parts.length === 0) throw p.unexpected();
  p.linebreak();
  p.expectKeyword('in');
  const items: CaseItem[] = [];
  for (;;) {
    p.linebreak();
    if (p.eatKeyword('esac')) break;
    p.eatOp('(');
    const patterns: Word[] = [];
    do {
      p.skipBlanks();
      const pattern = readWord(p, 'normal');
      if (pattern.parts.length === 0) throw p.unexpected();
      patterns.push(pattern);
    } while (p.eatOp('|'));
    if (!p.eatOp(')')) throw p.unexpected();
    const body = p.parseList(ESAC, true);
    p.skipBlanks();
    const op = p.peekOp();
    if (op === ';;' || op === ';&' || op === ';;&') {
      p.pos += op.length;
      items.push({ patterns, body, terminator: op });
    } else {
      items.push({ patterns, body, terminator: ';;' });
      p.expectKeyword('esac');
      break;
    }
  }
  return { type: 'Case', word, items, redirects: [], ...loc() };
}

/** `function name [()] body`, after the keyword. */
function parseFunctionKeyword(p: Parser, loc: () => Loc): FunctionDef {
  p.skipBlanks();
  const src = p.src;
  const nameStart = p.pos;
  let end = nameStart;
  while (end < src.length && !isMeta(src[end]!)) end++;
  if (end === nameStart) throw p.unexpected();
  const name = src.slice(nameStart, end);
  p.pos = end;
  p.skipBlanks();
  if (src[p.pos] === '(') {
    p.pos++;
    p.skipBlanks();
    if (src[p.pos] !== ')') throw p.unexpected();
    p.pos++;
  }
  p.linebreak();
  const body = parseFunctionBody(p);
  return { type: 'FunctionDef', name, body, ...loc() };
}

/** A function body must be a compound command (XCU 2.9.5). */
export function parseFunctionBody(p: Parser): CompoundCommand {
  p.skipBlanks();
  const kw = p.peekKeyword();
  const command: Command | null = kw === 'function' ? null : parseCompound(p, kw);
  if (command === null || command.type === 'FunctionDef') throw p.unexpected();
  return command;
}
