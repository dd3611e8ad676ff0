/** `true`, `false`, `:`, `echo`, `printf`, `test` and `[`. */
import type { Builtin } from './index.js';
import { decodeEscapes } from '../escapes.js';
import { formatPrintf } from '../printf-format.js';
import { TestSyntaxError, evaluateTest } from '../test-expr.js';
import { isName } from '../variables.js';
import { SysError } from '../../sys.js';

/** bash's echo: leading words made only of -n/-e/-E letters are options; escapes only with -e. */
const echo: Builtin = (sh, args) => {
  let newline = true;
  let escapes = false;
  let i = 1;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const decoded = decodeEscapes(text, 'echo');
    text = decoded.text;
    if (decoded.stop) newline = false;
  }
  if (sh.closedFds.has(1)) throw new SysError('EBADF', 'write');
  sh.sys.write(1, newline ? `${text}\n` : text);
  return 0;
};

const printf: Builtin = (sh, args) => {
  let i = 1;
  let variable: string | undefined;
  if (args[i] === '-v') {
    variable = args[i + 1];
    i += 2;
    if (variable === undefined || !isName(variable.replace(/\[.*\]$/, ''))) {
      sh.error(`printf: \`${variable ?? ''}': not a valid identifier`);
      return 2;
    }
  }
  if (args[i] === '--') i++;
  if (i >= args.length) {
    sh.error('printf: usage: printf [-v var] format [arguments]');
    return 2;
  }
  const result = formatPrintf(args[i], args.slice(i + 1), 'bash');
  for (const e of result.errors) sh.error(`printf: ${e}`);
  if (variable !== undefined) sh.assign(variable, result.output);
  else if (result.output) {
    if (sh.closedFds.has(1)) throw new SysError('EBADF', 'write');
    sh.sys.write(1, result.output);
  }
  return result.status;
};

function runTest(sh: Parameters<Builtin>[0], name: string, args: string[]): number {
  try {
    return evaluateTest(sh.testContext(), args) ? 0 : 1;
  } catch (error) {
    if (error instanceof TestSyntaxError) {
      sh.error(`${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

export const BASIC_BUILTINS: Record<string, Builtin> = {
  true: () => 0,
  false: () => 1,
  ':': () => 0,
  echo,
  printf,
  test: (sh, args) => runTest(sh, 'test', args.slice(1)),
  '[': (sh, args) => {
    if (args[args.length - 1] !== ']') {
      sh.error("[: missing `]'");
      return 2;
    }
    return runTest(sh, '[', args.slice(1, -1));
  },
};
