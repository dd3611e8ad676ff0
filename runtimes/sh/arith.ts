/**
 * Arithmetic evaluation (bash(1) "ARITHMETIC EVALUATION"): 64-bit signed
 * integers with wrap-around, C operators and precedence (already in the
 * tree), variables whose values are themselves expressions. Errors are
 * FatalErrors with bash's wording, e.g. `1/0: division by 0 (error token is "0")`.
 */
import type { ArithExpr, ArithVariable, Word } from './ast.js';
import { FatalError } from './errors.js';

export interface ArithHost {
  /** The variable's value (an element for `a[i]`), undefined when unset. */
  read(name: string, index: bigint | string | undefined): string | undefined;
  write(name: string, index: bigint | string | undefined, value: string): void;
  /** Whether `name` is an associative array (its subscripts are strings, not arithmetic). */
  isAssoc(name: string): boolean;
  expandWord(word: Word): string;
  parse(text: string): ArithExpr;
  /** The original text, for error messages. */
  readonly source: string;
}

const MAX_DEPTH = 1024;

/**
 * An expression written back as text, for error messages: the tree does
 * not keep the source of `$(( … ))`, so bash's "1/0 : division by 0" comes
 * out as "1/0: division by 0".
 */
export function arithText(e: ArithExpr): string {
  switch (e.type) {
    case 'ArithNumber':
      return e.value;
    case 'ArithVariable':
      return e.index ? `${e.name}[${arithText(e.index)}]` : e.name;
    case 'ArithWord':
      return '$…';
    case 'ArithUnary':
      return `${e.op}${arithText(e.arg)}`;
    case 'ArithUpdate':
      return e.prefix ? `${e.op}${arithText(e.target)}` : `${arithText(e.target)}${e.op}`;
    case 'ArithBinary':
      return `${arithText(e.left)}${e.op === ',' ? ', ' : e.op}${arithText(e.right)}`;
    case 'ArithConditional':
      return `${arithText(e.test)}?${arithText(e.consequent)}:${arithText(e.alternate)}`;
    case 'ArithAssign':
      return `${arithText(e.target)}${e.op}${arithText(e.value)}`;
    case 'ArithSyntaxError':
      return '';
  }
}

function wrap(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

export class ArithEvaluator {
  private depth = 0;

  constructor(private readonly host: ArithHost) {}

  evaluate(expr: ArithExpr): bigint {
    switch (expr.type) {
      case 'ArithNumber':
        return wrap(BigInt(expr.value));
      case 'ArithVariable':
        return this.variable(expr);
      case 'ArithWord':
        return this.text(this.host.expandWord(expr.word));
      case 'ArithUnary': {
        const v = this.evaluate(expr.arg);
        switch (expr.op) {
          case '+':
            return v;
          case '-':
            return wrap(-v);
          case '!':
            return v === 0n ? 1n : 0n;
          case '~':
            return wrap(~v);
        }
        break;
      }
      case 'ArithUpdate': {
        const old = this.variable(expr.target);
        const next = wrap(expr.op === '++' ? old + 1n : old - 1n);
        this.store(expr.target, next);
        return expr.prefix ? next : old;
      }
      case 'ArithBinary':
        return this.binary(expr.op, expr.left, expr.right);
      case 'ArithConditional':
        return this.evaluate(expr.test) !== 0n ? this.evaluate(expr.consequent) : this.evaluate(expr.alternate);
      case 'ArithAssign': {
        let value = this.evaluate(expr.value);
        if (expr.op !== '=') value = this.apply(expr.op.slice(0, -1), this.variable(expr.target), value);
        this.store(expr.target, value);
        return value;
      }
      case 'ArithSyntaxError':
        throw new FatalError(expr.message);
    }
    throw new FatalError(`${this.host.source}: syntax error in expression`);
  }

  /** A string as an expression: a plain integer directly, otherwise parsed. */
  text(value: string): bigint {
    const trimmed = value.trim();
    if (trimmed === '') return 0n;
    if (/^-?[0-9]+$/.test(trimmed) && !/^-?0[0-9]/.test(trimmed)) return wrap(BigInt(trimmed));
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      throw new FatalError(`${trimmed}: expression recursion level exceeded (error token is "${trimmed}")`);
    }
    try {
      return this.evaluate(this.host.parse(trimmed));
    } finally {
      this.depth--;
    }
  }

  private index(target: ArithVariable): bigint | string | undefined {
    if (!target.index) return undefined;
    if (this.host.isAssoc(target.name) && target.index.type === 'ArithVariable' && !target.index.index) {
      return target.index.name;
    }
    return this.evaluate(target.index);
  }

  private variable(target: ArithVariable): bigint {
    return this.text(this.host.read(target.name, this.index(target)) ?? '');
  }

  private store(target: ArithVariable, value: bigint): void {
    this.host.write(target.name, this.index(target), value.toString());
  }

  /** The text of the expression being evaluated, for messages. */
  private current: ArithExpr | undefined;

  /** Evaluate a whole expression, remembering it for error messages. */
  run(expr: ArithExpr): bigint {
    this.current = expr;
    return this.evaluate(expr);
  }

  private binary(op: string, left: ArithExpr, right: ArithExpr): bigint {
    if (op === '&&') return this.evaluate(left) !== 0n && this.evaluate(right) !== 0n ? 1n : 0n;
    if (op === '||') return this.evaluate(left) !== 0n || this.evaluate(right) !== 0n ? 1n : 0n;
    if (op === ',') {
      this.evaluate(left);
      return this.evaluate(right);
    }
    const a = this.evaluate(left);
    const b = this.evaluate(right);
    this.rightOperand = right;
    return this.apply(op, a, b);
  }

  private rightOperand: ArithExpr | undefined;

  private apply(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) throw new FatalError(`${this.sourceText()}: division by 0 (error token is "${this.errorToken()}")`);
        // INT64_MIN / -1 overflows in C; bash yields INT64_MIN for / and 0 for %.
        return wrap(op === '/' ? a / b : a % b);
      case '**':
        if (b < 0n) throw new FatalError(`${this.sourceText()}: exponent less than 0 (error token is "${this.errorToken()}")`);
        return this.power(a, b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return wrap(a >> (b & 63n));
      case '<':
        return a < b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
    }
    throw new FatalError(`${this.host.source}: syntax error: invalid arithmetic operator`);
  }

  private power(base: bigint, exp: bigint): bigint {
    let result = 1n;
    let b = base;
    let e = exp;
    while (e > 0n) {
      if (e & 1n) result = wrap(result * b);
      b = wrap(b * b);
      e >>= 1n;
    }
    return result;
  }

  private sourceText(): string {
    return this.host.source || (this.current ? arithText(this.current) : '');
  }

  /** bash names the rest of the expression from the failing operand. */
  private errorToken(): string {
    return this.rightOperand ? arithText(this.rightOperand) : '';
  }
}
