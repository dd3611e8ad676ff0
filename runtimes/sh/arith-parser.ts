/**
 * Arithmetic expressions, bash(1) "ARITHMETIC EVALUATION": C's operators
 * and precedence on 64-bit integers, plus `**`. Precedence climbing keeps
 * the JS stack depth proportional to parenthesis nesting, not to the number
 * of precedence levels. The parser reads the shell parser's own source, so
 * `$( … )` and `${ … }` inside an expression are parsed in place.
 */
import type { ArithAssign, ArithBinary, ArithExpr, ArithVariable } from './ast.js';
import { isDigit, isNameChar, isNameStart } from './lexer.js';
import { readBackquote, readDollar } from './parse-word.js';
import type { Parser } from './parser.js';

/** A malformed expression; becomes an ArithSyntaxError node or a parse error, depending on where. */
class ArithError extends Error {}

type BinaryOp = ArithBinary['op'];
type AssignOp = ArithAssign['op'];

/** Binding strength of the binary operators (higher binds tighter); `,` `?:` and assignment are handled apart. */
const BINARY: ReadonlyMap<string, number> = new Map([
  ['||', 1], ['&&', 2], ['|', 3], ['^', 4], ['&', 5], ['==', 6], ['!=', 6],
  ['<', 7], ['<=', 7], ['>', 7], ['>=', 7], ['<<', 8], ['>>', 8],
  ['+', 9], ['-', 9], ['*', 10], ['/', 10], ['%', 10], ['**', 11],
]);

const ASSIGN: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

/** Every operator token, longest first. */
const TOKENS = [
  '<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=',
  '%=', '&=', '^=', '|=', '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '^', '|', '?', ':', ',',
  '(', ')', '[', ']',
];

class ArithParser {
  /** Start of the last token read, for bash's "(error token is …)". */
  private tokenStart: number;

  constructor(
    private readonly p: Parser,
    private readonly end: number,
    private readonly textStart: number,
  ) {
    this.tokenStart = p.pos;
  }

  /** Skips blanks, newlines, line continuations and the double quotes bash ignores here. */
  private skip(): void {
    const src = this.p.src;
    let i = this.p.pos;
    for (;;) {
      const c = src[i];
      if (i >= this.end) break;
      if (c === ' ' || c === '\t' || c === '\n' || c === '"') i++;
      else if (c === '\\' && src[i + 1] === '\n') i += 2;
      else break;
    }
    this.p.pos = i;
  }

  /** The operator token at the cursor, without consuming it. */
  private peek(): string | null {
    this.skip();
    const src = this.p.src;
    for (const t of TOKENS) {
      if (src.startsWith(t, this.p.pos) && this.p.pos + t.length <= this.end) return t;
    }
    return null;
  }

  private take(t: string): void {
    this.tokenStart = this.p.pos;
    this.p.pos += t.length;
  }

  private fail(what: string): never {
    const text = this.p.src.slice(this.textStart, this.end).trim();
    const token = this.p.src.slice(Math.min(this.tokenStart, this.end), this.end).trim();
    throw new ArithError(`${text}: ${what} (error token is "${token}")`);
  }

  atEnd(): boolean {
    this.skip();
    return this.p.pos >= this.end;
  }

  /** expr , expr */
  comma(): ArithExpr {
    let left = this.assign();
    while (this.peek() === ',') {
      this.take(',');
      left = { type: 'ArithBinary', op: ',', left, right: this.assign() };
    }
    return left;
  }

  /** Right-associative `=`, `+=`, …, whose left side must be a variable. */
  private assign(): ArithExpr {
    const left = this.ternary();
    const op = this.peek();
    if (op === null || !ASSIGN.has(op)) return left;
    if (left.type !== 'ArithVariable') {
      this.take(op);
      this.fail('attempted assignment to non-variable');
    }
    this.take(op);
    return { type: 'ArithAssign', op: op as AssignOp, target: left, value: this.assign() };
  }

  private ternary(): ArithExpr {
    const test = this.binary(1);
    if (this.peek() !== '?') return test;
    this.take('?');
    this.p.enter();
    const consequent = this.comma();
    if (this.peek() !== ':') this.fail("`:' expected for conditional expression");
    this.take(':');
    const alternate = this.assign();
    this.p.leave();
    return { type: 'ArithConditional', test, consequent, alternate };
  }

  private binary(minPrec: number): ArithExpr {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op === null ? undefined : BINARY.get(op);
      if (prec === undefined || prec < minPrec) return left;
      this.take(op!);
      // `**` is right-associative; the rest associate to the left.
      const right = this.binary(op === '**' ? prec : prec + 1);
      left = { type: 'ArithBinary', op: op as BinaryOp, left, right };
    }
  }

  private unary(): ArithExpr {
    const op = this.peek();
    if (op === '++' || op === '--') {
      // Only an update when a variable follows: `- -1` may be written `--1`.
      const save = this.p.pos;
      this.take(op);
      this.skip();
      if (isNameStart(this.p.src[this.p.pos])) {
        const target = this.variable();
        return { type: 'ArithUpdate', op, prefix: true, target };
      }
      this.p.pos = save;
    }
    if (op === '+' || op === '-' || op === '!' || op === '~' || op === '++' || op === '--') {
      const one = op[0] as '+' | '-' | '!' | '~';
      this.take(one);
      this.p.enter();
      const arg = this.unary();
      this.p.leave();
      return { type: 'ArithUnary', op: one, arg };
    }
    return this.postfix();
  }

  private postfix(): ArithExpr {
    const expr = this.primary();
    if (expr.type !== 'ArithVariable') return expr;
    const op = this.peek();
    if (op === '++' || op === '--') {
      this.take(op);
      return { type: 'ArithUpdate', op, prefix: false, target: expr };
    }
    return expr;
  }

  private primary(): ArithExpr {
    this.skip();
    const p = this.p;
    const src = p.src;
    const c = src[p.pos];
    if (p.pos >= this.end) this.fail('syntax error: operand expected');
    if (c === '(') {
      this.take('(');
      p.enter();
      const inner = this.comma();
      if (this.peek() !== ')') {
        this.tokenStart = p.pos;
        this.fail("missing `)'");
      }
      this.take(')');
      p.leave();
      return inner;
    }
    if (isDigit(c)) {
      this.tokenStart = p.pos;
      let end = p.pos;
      while (end < this.end && (isNameChar(src[end]) || src[end] === '#' || src[end] === '@')) end++;
      const text = src.slice(p.pos, end);
      p.pos = end;
      const value = numberValue(text);
      if (value === null) this.fail('value too great for base');
      return { type: 'ArithNumber', value };
    }
    if (isNameStart(c)) return this.variable();
    if (c === '$' || c === '`') {
      this.tokenStart = p.pos;
      const part = c === '$' ? readDollar(p, true) : readBackquote(p, true);
      if (part === null || p.pos > this.end) this.fail('syntax error: operand expected');
      return { type: 'ArithWord', word: { type: 'Word', parts: [part] } };
    }
    this.tokenStart = p.pos;
    this.fail('syntax error: operand expected');
  }

  /** `name` or `name[expr]`. */
  private variable(): ArithVariable {
    const p = this.p;
    const src = p.src;
    this.tokenStart = p.pos;
    let end = p.pos;
    while (end < this.end && isNameChar(src[end])) end++;
    const name = src.slice(p.pos, end);
    p.pos = end;
    if (src[p.pos] !== '[' || p.pos >= this.end) return { type: 'ArithVariable', name };
    this.take('[');
    p.enter();
    const index = this.comma();
    if (this.peek() !== ']') this.fail('syntax error: invalid arithmetic operator');
    this.take(']');
    p.leave();
    return { type: 'ArithVariable', name, index };
  }

  /** After a complete expression: anything left over is an error. */
  finish(): void {
    if (!this.atEnd()) {
      this.tokenStart = this.p.pos;
      this.fail('syntax error in expression');
    }
  }
}

/** Digit values for base#n: 0-9, a-z, A-Z, @, _ (bash: letters are case-blind up to base 36). */
function digitValue(c: string, base: number): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  if (code >= 65 && code <= 90) return code - 65 + (base <= 36 ? 10 : 36);
  if (c === '@') return 62;
  if (c === '_') return 63;
  return 99;
}

/** A constant as a decimal string (wrapped to signed 64 bits), or null when malformed. */
export function numberValue(text: string): string | null {
  let base = 10;
  let digits = text;
  const hash = text.indexOf('#');
  if (hash >= 0) {
    base = Number(text.slice(0, hash));
    digits = text.slice(hash + 1);
    if (!/^[0-9]+$/.test(text.slice(0, hash)) || base < 2 || base > 64) return null;
  } else if (/^0[xX]/.test(text)) {
    base = 16;
    digits = text.slice(2);
  } else if (text.length > 1 && text[0] === '0') {
    base = 8;
    digits = text.slice(1);
  }
  if (digits === '') return null;
  let v = 0n;
  const b = BigInt(base);
  for (const c of digits) {
    const d = digitValue(c, base);
    if (d >= base) return null;
    v = v * b + BigInt(d);
  }
  return BigInt.asIntN(64, v).toString();
}

/**
 * Parses `[p.pos, end)` as one whole expression and leaves the cursor at
 * `end`. A malformed expression becomes an ArithSyntaxError node, since
 * bash reports those only when they are evaluated. Blank text is 0.
 */
export function parseArithRange(p: Parser, end: number): ArithExpr {
  const start = p.pos;
  const ap = new ArithParser(p, end, start);
  let expr: ArithExpr;
  try {
    if (ap.atEnd()) expr = { type: 'ArithNumber', value: '0' };
    else {
      expr = ap.comma();
      ap.finish();
    }
  } catch (e) {
    if (!(e instanceof ArithError)) throw e;
    expr = { type: 'ArithSyntaxError', message: e.message };
  }
  p.pos = end;
  return expr;
}

/**
 * Parses an expression that ends at one of `stops` (as in `${x:off:len}`),
 * leaving the cursor on the stop character.
 */
export function parseArithUntil(p: Parser, stops: string): ArithExpr {
  const start = p.pos;
  const end = findArithEnd(p.src, start, stops);
  if (end < 0) throw p.eofError('}');
  return parseArithRange(p, end);
}

/**
 * The first of `stops` at parenthesis depth 0 from `from`, skipping quoted
 * text and nested `${ }`, or -1.
 */
export function findArithEnd(src: string, from: number, stops: string): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (depth === 0 && stops.includes(c)) return i;
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (depth === 0) return -1;
      depth--;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"' || c === '`') {
      const close = src.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/**
 * Whether `((` / `$((` whose text starts at `from` is arithmetic, i.e. its
 * parentheses close with `))` rather than `) … )` (then it is a subshell or
 * a command substitution of one). Returns the offset of the first of the
 * two closing parentheses, or -1.
 */
export function isArithmeticAt(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
      else return src[i + 1] === ')' ? i : -1;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"' || c === '`') {
      const close = src.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** Parses a whole string as an expression (`let`, `(( ))` at run time, variable values). */
export function parseArithText(p: Parser): ArithExpr {
  return parseArithRange(p, p.src.length);
}
