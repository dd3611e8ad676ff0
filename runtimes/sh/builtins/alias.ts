/** `alias` and `unalias`. Aliases are expanded by the parser when it reads later input. */
import type { Builtin } from './index.js';
import { singleQuote } from '../quote.js';

const alias: Builtin = (sh, args) => {
  const operands = args.slice(1).filter((a, i) => !(i === 0 && a === '-p'));
  if (operands.length === 0) {
    for (const [name, value] of [...sh.aliases].sort(([a], [b]) => (a < b ? -1 : 1))) {
      sh.sys.write(1, `alias ${name}=${singleQuote(value) === value ? `'${value}'` : singleQuote(value)}\n`);
    }
    return 0;
  }
  let status = 0;
  for (const op of operands) {
    const eq = op.indexOf('=');
    if (eq > 0) {
      sh.aliases.set(op.slice(0, eq), op.slice(eq + 1));
      continue;
    }
    const value = sh.aliases.get(op);
    if (value === undefined) {
      sh.error(`alias: ${op}: not found`);
      status = 1;
    } else sh.sys.write(1, `alias ${op}=${singleQuote(value) === value ? `'${value}'` : singleQuote(value)}\n`);
  }
  return status;
};

const unalias: Builtin = (sh, args) => {
  if (args[1] === '-a') {
    sh.aliases.clear();
    return 0;
  }
  if (args.length < 2) {
    sh.error('unalias: usage: unalias [-a] name [name ...]');
    return 2;
  }
  let status = 0;
  for (const name of args.slice(1)) {
    if (!sh.aliases.delete(name)) {
      sh.error(`unalias: ${name}: not found`);
      status = 1;
    }
  }
  return status;
};

export const ALIAS_BUILTINS: Record<string, Builtin> = { alias, unalias };
