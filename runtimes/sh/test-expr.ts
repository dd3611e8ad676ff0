/**
 * The `test` / `[` evaluator (POSIX test(1), with bash's extensions and
 * messages). The POSIX rules by argument count (0 to 4 arguments) come
 * first, because they make `[ "$x" = -n ]` and `[ ! -n ]` unambiguous; longer
 * expressions go through a precedence parser: `!` over `-a` over `-o`.
 * The primaries are exported for `[[ ]]`.
 */
import { rethrowInterrupted } from '../program.js';
import type { Stat, Sys } from '../sys.js';

/** A malformed expression: status 2, message printed as `sh: test: MESSAGE`. */
export class TestSyntaxError extends Error {}

/** What the primaries `-o OPTION` and `-v NAME` need from the shell. */
export interface TestContext {
  sys: Sys;
  isOptionSet(name: string): boolean;
  isVariableSet(name: string): boolean;
}

const UNARY = new Set('abcdefghkLnoprsStuvwxzGNO'.split('').map((c) => `-${c}`));
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export const isUnaryTestOperator = (op: string): boolean => UNARY.has(op);
export const isBinaryTestOperator = (op: string): boolean => BINARY.has(op);

/** test's integers: optional blanks and sign around decimal digits, within 64 bits. */
export function parseTestInteger(text: string): bigint {
  const m = /^[ \t\n]*([-+]?[0-9]+)[ \t\n]*$/.exec(text);
  if (m) {
    const value = BigInt(m[1]);
    if (value <= 0x7fffffffffffffffn && value >= -0x8000000000000000n) return value;
  }
  throw new TestSyntaxError(`${text}: integer expression expected`);
}

function statOf(sys: Sys, path: string, follow = true): Stat | undefined {
  if (path === '') return undefined;
  return sys.tryStat(path, follow);
}

/** Unary primaries. The kernel has a single user, the owner of every file, so permissions use the owner bits. */
export function unaryTest(ctx: TestContext, op: string, arg: string): boolean {
  const { sys } = ctx;
  switch (op) {
    case '-n':
      return arg !== '';
    case '-z':
      return arg === '';
    case '-o':
      return ctx.isOptionSet(arg);
    case '-v':
      return ctx.isVariableSet(arg);
    case '-t': {
      const fd = Number(arg);
      if (!/^[0-9]+$/.test(arg.trim())) throw new TestSyntaxError(`${arg}: integer expression expected`);
      try {
        return sys.isatty(fd);
      } catch (error) {
        rethrowInterrupted(error);
        return false;
      }
    }
    case '-h':
    case '-L':
      return statOf(sys, arg, false)?.type === 'symlink';
  }
  const st = statOf(sys, arg);
  if (!st) return false;
  switch (op) {
    case '-a':
    case '-e':
      return true;
    case '-f':
      return st.type === 'file';
    case '-d':
      return st.type === 'dir';
    case '-b':
      return false;
    case '-c':
      return st.type === 'char';
    case '-p':
      return st.type === 'pipe';
    case '-S':
      return false;
    case '-s':
      return st.size > 0;
    case '-r':
      return (st.mode & 0o400) !== 0;
    case '-w':
      return (st.mode & 0o200) !== 0;
    case '-x':
      return (st.mode & 0o100) !== 0 || (st.type === 'dir' && (st.mode & 0o111) !== 0);
    case '-u':
      return (st.mode & 0o4000) !== 0;
    case '-g':
      return (st.mode & 0o2000) !== 0;
    case '-k':
      return (st.mode & 0o1000) !== 0;
    case '-O':
    case '-G':
      return true;
    case '-N':
      return st.mtimeMs > st.atimeMs;
  }
  throw new TestSyntaxError(`${op}: unary operator expected`);
}

/** Binary primaries; `<` and `>` compare by code point, like bash in the C locale. */
export function binaryTest(ctx: TestContext, left: string, op: string, right: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '>':
      return left > right;
    case '-eq':
      return parseTestInteger(left) === parseTestInteger(right);
    case '-ne':
      return parseTestInteger(left) !== parseTestInteger(right);
    case '-lt':
      return parseTestInteger(left) < parseTestInteger(right);
    case '-le':
      return parseTestInteger(left) <= parseTestInteger(right);
    case '-gt':
      return parseTestInteger(left) > parseTestInteger(right);
    case '-ge':
      return parseTestInteger(left) >= parseTestInteger(right);
  }
  const a = statOf(ctx.sys, left);
  const b = statOf(ctx.sys, right);
  switch (op) {
    case '-nt':
      return a !== undefined && (b === undefined || a.mtimeMs > b.mtimeMs);
    case '-ot':
      return b !== undefined && (a === undefined || a.mtimeMs < b.mtimeMs);
    case '-ef':
      return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
  }
  throw new TestSyntaxError(`${op}: binary operator expected`);
}

/** Evaluate `test ARGS...` (without the closing `]`); throws TestSyntaxError for status 2. */
export function evaluateTest(ctx: TestContext, args: string[]): boolean {
  return byCount(ctx, args);
}

/** POSIX's rules for up to four arguments. */
function byCount(ctx: TestContext, args: string[]): boolean {
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== '';
    case 2:
      if (args[0] === '!') return args[1] === '';
      if (UNARY.has(args[0])) return unaryTest(ctx, args[0], args[1]);
      throw new TestSyntaxError(`${args[0]}: unary operator expected`);
    case 3:
      if (BINARY.has(args[1])) return binaryTest(ctx, args[0], args[1], args[2]);
      if (args[1] === '-a') return args[0] !== '' && args[2] !== '';
      if (args[1] === '-o') return args[0] !== '' || args[2] !== '';
      if (args[0] === '!') return !byCount(ctx, args.slice(1));
      if (args[0] === '(' && args[2] === ')') return args[1] !== '';
      throw new TestSyntaxError(`${args[1]}: binary operator expected`);
    case 4:
      if (args[0] === '!') return !byCount(ctx, args.slice(1));
      if (args[0] === '(' && args[3] === ')') return byCount(ctx, args.slice(1, 3));
  }
  return new Parser(ctx, args).parse();
}

/** The general grammar: or := and (-o and)*; and := not (-a not)*; not := ! not | primary. */
class Parser {
  private i = 0;
  constructor(
    private readonly ctx: TestContext,
    private readonly args: string[],
  ) {}

  parse(): boolean {
    const value = this.or();
    if (this.i < this.args.length) throw new TestSyntaxError('too many arguments');
    return value;
  }

  private peek(): string | undefined {
    return this.args[this.i];
  }

  private or(): boolean {
    let value = this.and();
    while (this.peek() === '-o') {
      this.i++;
      const right = this.and();
      value = value || right;
    }
    return value;
  }

  private and(): boolean {
    let value = this.not();
    while (this.peek() === '-a') {
      this.i++;
      const right = this.not();
      value = value && right;
    }
    return value;
  }

  private not(): boolean {
    if (this.peek() === '!' && this.i + 1 < this.args.length) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const args = this.args;
    const first = args[this.i];
    if (first === undefined) throw new TestSyntaxError('argument expected');
    if (first === '(') {
      this.i++;
      const value = this.or();
      if (args[this.i] !== ')') throw new TestSyntaxError("')' expected");
      this.i++;
      return value;
    }
    if (this.i + 2 < args.length && BINARY.has(args[this.i + 1])) {
      this.i += 3;
      return binaryTest(this.ctx, first, args[this.i - 2], args[this.i - 1]);
    }
    if (UNARY.has(first) && this.i + 1 < args.length) {
      this.i += 2;
      return unaryTest(this.ctx, first, args[this.i - 1]);
    }
    this.i++;
    return first !== '';
  }
}
