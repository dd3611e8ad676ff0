/**
 * The find(1) expression language parsed into a tree: tests, actions,
 * `!`/-not, -a/-and (also implied by juxtaposition), -o/-or, `,`-less
 * GNU grammar with parentheses, and the global options -maxdepth,
 * -mindepth and -depth. Errors are worded as GNU findutils 4.9 words them.
 */
import { compilePattern } from '../sh/pattern.js';
import { parseMode } from './file-mode.js';

export type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; expr: Node }
  | { kind: 'true' | 'false' | 'print' | 'print0' | 'prune' | 'delete' | 'quit' | 'empty' }
  | { kind: 'name'; regex: RegExp; whole: boolean }
  | { kind: 'type'; types: string }
  | { kind: 'newer'; file: string }
  | { kind: 'size'; cmp: Cmp; n: number; unit: number }
  | { kind: 'time'; field: 'mtimeMs' | 'atimeMs' | 'ctimeMs'; cmp: Cmp; n: number; unitMs: number }
  | { kind: 'perm'; how: 'exact' | 'all' | 'any'; mode: number }
  | { kind: 'exec'; argv: string[]; batch: boolean; id: number };

/** '+N' more than, '-N' less than, 'N' exactly. */
export type Cmp = 'gt' | 'lt' | 'eq';

export interface Parsed {
  expr: Node;
  /** No action in the expression: each match is printed (an implied -print). */
  implicitPrint: boolean;
  maxDepth: number;
  minDepth: number;
  depthFirst: boolean;
}

/** An invalid expression; `message` is GNU's text without "find: ". */
export class FindSyntaxError extends Error {}

const SIZE_UNITS: Record<string, number> = { c: 1, w: 2, b: 512, k: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const ACTIONS = new Set(['print', 'print0', 'delete', 'exec', 'quit']);

export function parseExpression(args: string[]): Parsed {
  const result: Parsed = { expr: { kind: 'true' }, implicitPrint: true, maxDepth: Infinity, minDepth: 0, depthFirst: false };
  let pos = 0;
  let execCount = 0;
  const peek = (): string | undefined => args[pos];
  const take = (): string => args[pos++];
  const needArg = (name: string): string => {
    if (pos >= args.length) throw new FindSyntaxError(`missing argument to \`${name}'`);
    return take();
  };

  const parseOr = (): Node => {
    let left = parseAnd();
    while (peek() === '-o' || peek() === '-or') {
      take();
      if (pos >= args.length || peek() === ')') throw new FindSyntaxError("expected an expression after '-o'");
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Node => {
    let left = parseNot();
    for (;;) {
      const next = peek();
      if (next === undefined || next === ')' || next === '-o' || next === '-or') return left;
      if (next === '-a' || next === '-and') {
        take();
        if (pos >= args.length) throw new FindSyntaxError("expected an expression after '-a'");
      }
      left = { kind: 'and', left, right: parseNot() };
    }
  };
  const parseNot = (): Node => {
    if (peek() === '!' || peek() === '-not') {
      take();
      if (pos >= args.length) throw new FindSyntaxError("expected an expression after '!'");
      return { kind: 'not', expr: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const token = take();
    if (token === '(') {
      if (peek() === ')') throw new FindSyntaxError("invalid expression; empty parentheses are not allowed.");
      const inner = parseOr();
      if (take() !== ')') {
        throw new FindSyntaxError("invalid expression; I was expecting to find a ')' somewhere but did not see one.");
      }
      return inner;
    }
    if (token === ')') throw new FindSyntaxError("invalid expression; you have too many ')'");
    if (!token.startsWith('-') || token === '-') throw new FindSyntaxError(`paths must precede expression: \`${token}'`);
    const name = token.slice(1);
    if (ACTIONS.has(name)) result.implicitPrint = false;
    switch (name) {
      case 'true':
      case 'false':
      case 'print':
      case 'print0':
      case 'prune':
      case 'quit':
      case 'empty':
        return { kind: name };
      case 'delete':
        result.depthFirst = true;
        return { kind: 'delete' };
      case 'depth':
        result.depthFirst = true;
        return { kind: 'true' };
      case 'maxdepth':
      case 'mindepth': {
        const value = needArg(token);
        if (!/^\d+$/.test(value)) throw new FindSyntaxError(`Expected a positive decimal integer argument to ${token}, but got ‘${value}’`);
        if (name === 'maxdepth') result.maxDepth = Number(value);
        else result.minDepth = Number(value);
        return { kind: 'true' };
      }
      case 'name':
      case 'iname':
      case 'path':
      case 'ipath':
      case 'wholename':
      case 'iwholename': {
        const pattern = needArg(token);
        const nocase = name.startsWith('i');
        return { kind: 'name', regex: compilePattern(pattern, { nocase }), whole: !name.endsWith('name') || name.endsWith('wholename') };
      }
      case 'type': {
        const types = needArg(token);
        const letters = types.split(',');
        if (letters.some((t) => !/^[fdlpcbs]$/.test(t))) throw new FindSyntaxError(`Unknown argument to -type: ${types}`);
        return { kind: 'type', types: letters.join('') };
      }
      case 'newer':
        return { kind: 'newer', file: needArg(token) };
      case 'size': {
        const value = needArg(token);
        const m = /^([-+]?)(\d+)([a-zA-Z]?)$/.exec(value);
        if (!m) throw new FindSyntaxError(`invalid argument \`${value}' to \`-size'`);
        if (m[3] && !(m[3] in SIZE_UNITS)) throw new FindSyntaxError(`invalid -size type \`${m[3]}'`);
        return { kind: 'size', cmp: cmpOf(m[1]), n: Number(m[2]), unit: SIZE_UNITS[m[3] || 'b'] };
      }
      case 'mtime':
      case 'atime':
      case 'ctime':
      case 'mmin':
      case 'amin':
      case 'cmin': {
        const value = needArg(token);
        const m = /^([-+]?)(\d+)$/.exec(value);
        if (!m) throw new FindSyntaxError(`invalid argument \`${value}' to \`${token}'`);
        const field = name[0] === 'm' ? 'mtimeMs' : name[0] === 'a' ? 'atimeMs' : 'ctimeMs';
        const unitMs = name.endsWith('min') ? 60_000 : 86_400_000;
        return { kind: 'time', field, cmp: cmpOf(m[1]), n: Number(m[2]), unitMs };
      }
      case 'perm': {
        const value = needArg(token);
        const how = value[0] === '-' ? 'all' : value[0] === '/' ? 'any' : 'exact';
        const change = parseMode(how === 'exact' ? value : value.slice(1));
        if (!change) throw new FindSyntaxError(`invalid mode ‘${value}’`);
        return { kind: 'perm', how, mode: change.apply(0, false, 0) };
      }
      case 'exec': {
        const argv: string[] = [];
        for (;;) {
          if (pos >= args.length) throw new FindSyntaxError(`missing argument to \`${token}'`);
          const word = take();
          if (word === ';') break;
          // `{} +` ends a batching -exec only when `{}` is the word just before.
          if (word === '+' && argv[argv.length - 1] === '{}') {
            if (argv.length < 2) throw new FindSyntaxError(`missing argument to \`${token}'`);
            return { kind: 'exec', argv: argv.slice(0, -1), batch: true, id: execCount++ };
          }
          argv.push(word);
        }
        if (argv.length === 0) throw new FindSyntaxError(`missing argument to \`${token}'`);
        return { kind: 'exec', argv, batch: false, id: execCount++ };
      }
      default:
        throw new FindSyntaxError(`unknown predicate \`${token}'`);
    }
  };

  if (args.length > 0) {
    result.expr = parseOr();
    if (pos < args.length) {
      const extra = args[pos];
      throw new FindSyntaxError(extra === ')' ? "invalid expression; you have too many ')'" : `paths must precede expression: \`${extra}'`);
    }
  }
  return result;
}

function cmpOf(sign: string): Cmp {
  return sign === '+' ? 'gt' : sign === '-' ? 'lt' : 'eq';
}
