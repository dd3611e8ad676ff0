/**
 * Executing lists, and-or lists, pipelines and compound commands (POSIX
 * 2.9). `set -e` follows bash: a failing pipeline ends the shell unless it
 * is part of an if/while/until condition, a non-final part of `&&`/`||`, or
 * negated with `!` (errexitSuppressed counts those contexts, including in
 * functions called from them).
 */
import type { AndOr, Case, Command, CondExpr, DoubleBracket, For, Loop, Pipeline, Redirect, Word } from './ast.js';
import { BreakSignal, ContinueSignal, FatalError } from './errors.js';
import { expandFields, expandPattern, expandWord } from './expand.js';
import type { Shell } from './interpreter.js';
import { compilePattern } from './pattern.js';
import { runBackground, runPipelineStages, runSubshell } from './processes.js';
import { applyRedirects } from './redirect.js';
import { runSimpleCommand } from './simple-command.js';
import { TestSyntaxError, binaryTest, unaryTest } from './test-expr.js';

export function runList(sh: Shell, list: readonly AndOr[]): number {
  let status = sh.lastStatus;
  for (const item of list) status = runAndOr(sh, item);
  return status;
}

export function runAndOr(sh: Shell, node: AndOr): number {
  sh.lineno = node.line;
  if (node.async) {
    runBackground(sh, node);
    sh.lastStatus = 0;
    return 0;
  }
  const pipelines = [node.first, ...node.rest.map((r) => r.pipeline)];
  let status = 0;
  let ranLast = false;
  for (let i = 0; i < pipelines.length; i++) {
    if (i > 0) {
      const op = node.rest[i - 1].op;
      if ((op === '&&') !== (status === 0)) continue;
    }
    const last = i === pipelines.length - 1;
    if (!last) sh.errexitSuppressed++;
    try {
      status = runPipeline(sh, pipelines[i]);
    } finally {
      if (!last) sh.errexitSuppressed--;
    }
    sh.lastStatus = status;
    ranLast = last;
  }
  const negated = pipelines[pipelines.length - 1].negated;
  if (status !== 0 && ranLast && !negated && sh.errexitSuppressed === 0) {
    // The ERR trap and `set -e` fire under the same conditions (bash(1) "trap").
    sh.runErrTrap(status);
    if (sh.options.errexit) sh.exit(status);
  }
  return status;
}

export function runPipeline(sh: Shell, pipeline: Pipeline): number {
  if (pipeline.negated) sh.errexitSuppressed++;
  let status: number;
  try {
    status = pipeline.commands.length === 1 ? runCommand(sh, pipeline.commands[0]) : runPipelineStages(sh, pipeline);
  } finally {
    if (pipeline.negated) sh.errexitSuppressed--;
  }
  return pipeline.negated ? (status === 0 ? 1 : 0) : status;
}

/** Run `fn` with redirections applied, undoing them afterwards; status 1 if they fail. */
export function withRedirects(sh: Shell, redirects: readonly Redirect[], fn: () => number): number {
  if (redirects.length === 0) return fn();
  const restore = applyRedirects(sh, redirects);
  if (!restore) return 1;
  try {
    return fn();
  } finally {
    restore();
  }
}

/** Run a loop body; returns 'break' or 'continue' when a signal ends this iteration at this level. */
function loopBody(sh: Shell, body: readonly AndOr[]): { status: number; control?: 'break' | 'continue' } {
  // A loop of builtins makes no system call, and a signal for an
  // interruptible shell (^C on its terminal, a session command's timeout)
  // is taken at a system call: sleep(0) takes it here, as a cancellation point.
  if (sh.sys.pendingSignal?.()) sh.sys.sleep(0);
  try {
    return { status: runList(sh, body) };
  } catch (error) {
    if (error instanceof BreakSignal || error instanceof ContinueSignal) {
      if (--error.levels > 0) throw error;
      return { status: 0, control: error instanceof BreakSignal ? 'break' : 'continue' };
    }
    throw error;
  }
}

function condition(sh: Shell, list: readonly AndOr[]): number {
  sh.errexitSuppressed++;
  try {
    return runList(sh, list);
  } finally {
    sh.errexitSuppressed--;
  }
}

function runLoop(sh: Shell, cmd: Loop): number {
  let status = 0;
  sh.loopDepth++;
  try {
    for (;;) {
      const c = condition(sh, cmd.condition);
      if (cmd.type === 'While' ? c !== 0 : c === 0) break;
      const r = loopBody(sh, cmd.body);
      status = r.status;
      if (r.control === 'break') break;
    }
  } finally {
    sh.loopDepth--;
  }
  return status;
}

function runFor(sh: Shell, cmd: For): number {
  const items = cmd.items ? cmd.items.flatMap((w) => expandFields(sh, w)) : [...sh.positional];
  let status = 0;
  sh.loopDepth++;
  try {
    for (const item of items) {
      sh.assign(cmd.name, item);
      const r = loopBody(sh, cmd.body);
      status = r.status;
      if (r.control === 'break') break;
    }
  } finally {
    sh.loopDepth--;
  }
  return status;
}

function runCase(sh: Shell, cmd: Case): number {
  const word = expandWord(sh, cmd.word);
  let status = 0;
  let fallthrough = false;
  for (const item of cmd.items) {
    const nocase = sh.shopts.has('nocasematch');
    if (!fallthrough && !item.patterns.some((p) => compilePattern(expandPattern(sh, p), { nocase }).test(word))) continue;
    status = runList(sh, item.body);
    if (item.terminator === ';;') return status;
    fallthrough = item.terminator === ';&';
  }
  return status;
}

/** `[[ … ]]`: patterns on the right of == and !=, regexes for =~ (setting BASH_REMATCH). */
function condition2(sh: Shell, e: CondExpr): boolean {
  switch (e.type) {
    case 'CondAnd':
      return condition2(sh, e.left) && condition2(sh, e.right);
    case 'CondOr':
      return condition2(sh, e.left) || condition2(sh, e.right);
    case 'CondNot':
      return !condition2(sh, e.expr);
    case 'CondWord':
      return expandWord(sh, e.word) !== '';
    case 'CondUnary':
      return unaryTest(sh.testContext(), e.op, expandWord(sh, e.arg));
    case 'CondBinary': {
      const left = expandWord(sh, e.left);
      switch (e.op) {
        case '==':
        case '=':
          return compilePattern(expandPattern(sh, e.right), { nocase: sh.shopts.has('nocasematch') }).test(left);
        case '!=':
          return !compilePattern(expandPattern(sh, e.right), { nocase: sh.shopts.has('nocasematch') }).test(left);
        case '=~':
          return regexMatch(sh, left, e.right);
        case '-eq':
        case '-ne':
        case '-lt':
        case '-le':
        case '-gt':
        case '-ge': {
          const a = sh.arithmeticText(left);
          const b = sh.arithmeticText(expandWord(sh, e.right));
          return binaryTest(sh.testContext(), a.toString(), e.op, b.toString());
        }
        default:
          return binaryTest(sh.testContext(), left, e.op, expandWord(sh, e.right));
      }
    }
  }
}

/** `=~`: POSIX ERE approximated by a JavaScript RegExp; quoted parts match literally. */
function regexMatch(sh: Shell, text: string, right: Word): boolean {
  let source = '';
  for (const part of right.parts) {
    if (part.type === 'Literal') source += part.value;
    else {
      const value = expandWord(sh, { type: 'Word', parts: [part] });
      source += part.type === 'Parameter' ? value : value.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(source.replace(/\[\[:(\w+):\]\]/g, (_, c: string) => posixClassRegex(c)));
  } catch {
    return false;
  }
  const m = re.exec(text);
  if (!m) {
    sh.vars.setArray('BASH_REMATCH', new Map());
    return false;
  }
  sh.vars.setArray('BASH_REMATCH', new Map(m.map((g, i) => [i, g ?? ''])));
  return true;
}

function posixClassRegex(name: string): string {
  const classes: Record<string, string> = {
    alpha: '[a-zA-Z]',
    digit: '[0-9]',
    alnum: '[0-9a-zA-Z]',
    upper: '[A-Z]',
    lower: '[a-z]',
    space: '\\s',
    blank: '[ \\t]',
    punct: '[!-\\/:-@\\[-`{-~]',
    xdigit: '[0-9A-Fa-f]',
    word: '\\w',
  };
  return classes[name] ?? '(?!)';
}

function runDoubleBracket(sh: Shell, cmd: DoubleBracket): number {
  try {
    return condition2(sh, cmd.expr) ? 0 : 1;
  } catch (error) {
    if (error instanceof TestSyntaxError) {
      sh.error(error.message);
      return 2;
    }
    throw error;
  }
}

function arithStatus(sh: Shell, fn: () => bigint): number {
  try {
    return fn() !== 0n ? 0 : 1;
  } catch (error) {
    if (error instanceof FatalError) {
      sh.error(error.message);
      return 1;
    }
    throw error;
  }
}

export function runCommand(sh: Shell, cmd: Command): number {
  sh.lineno = cmd.line;
  switch (cmd.type) {
    case 'SimpleCommand':
      return runSimpleCommand(sh, cmd);
    case 'FunctionDef':
      sh.functions.set(cmd.name, cmd);
      sh.functionTexts.set(cmd.name, sh.source.slice(cmd.start, cmd.end));
      return 0;
    case 'Subshell':
      return runSubshell(sh, cmd);
    case 'BraceGroup':
      return withRedirects(sh, cmd.redirects, () => runList(sh, cmd.body));
    case 'If':
      return withRedirects(sh, cmd.redirects, () => {
        for (const clause of cmd.clauses) {
          if (condition(sh, clause.condition) === 0) return runList(sh, clause.body);
        }
        return cmd.else ? runList(sh, cmd.else) : 0;
      });
    case 'While':
    case 'Until':
      return withRedirects(sh, cmd.redirects, () => runLoop(sh, cmd));
    case 'For':
      return withRedirects(sh, cmd.redirects, () => runFor(sh, cmd));
    case 'ArithFor':
      return withRedirects(sh, cmd.redirects, () => {
        if (cmd.init) sh.arithmetic(cmd.init);
        let status = 0;
        sh.loopDepth++;
        try {
          while (!cmd.test || sh.arithmetic(cmd.test) !== 0n) {
            const r = loopBody(sh, cmd.body);
            status = r.status;
            if (r.control === 'break') break;
            if (cmd.update) sh.arithmetic(cmd.update);
          }
        } finally {
          sh.loopDepth--;
        }
        return status;
      });
    case 'Case':
      return withRedirects(sh, cmd.redirects, () => runCase(sh, cmd));
    case 'DoubleBracket':
      return withRedirects(sh, cmd.redirects, () => runDoubleBracket(sh, cmd));
    case 'ArithCommand':
      return withRedirects(sh, cmd.redirects, () => arithStatus(sh, () => sh.arithmetic(cmd.expr)));
  }
}
