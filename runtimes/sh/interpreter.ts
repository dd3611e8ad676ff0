/**
 * The shell: its state (shell.ts) plus the entry points the rest of the
 * interpreter and the outside world use: run source text, run a parsed
 * script, expand arithmetic, assign variables, report errors, exit.
 * Commands are executed by execute.ts, words expanded by expand.ts.
 */
import { AliasView } from './alias-view.js';
import { ArithEvaluator } from './arith.js';
import type { AndOr, ArithExpr, FunctionDef, Redirect, Script } from './ast.js';
import { FatalError, ReturnSignal } from './errors.js';
import { runList } from './execute.js';
import { expandWord } from './expand.js';
import type { ForkPayload } from './fork.js';
import { ShParser, ShSyntaxError, parse, parseArithmetic } from './parser.js';
import { applyRedirects } from './redirect.js';
import { commandSubstitution } from './processes.js';
import { ShellState, type ShellOptions } from './shell.js';
import type { TestContext } from './test-expr.js';
import { Exit, rethrowInterrupted, type ProgramContext } from '../program.js';
import { SysError } from '../sys.js';

export class Shell extends ShellState {
  /** The script text spans index into, for job command text. */
  source = '';
  lineno = 0;
  /** `source` nesting, so `return` knows it may end a sourced file. */
  sourceDepth = 0;
  /** Status of the last command substitution, the status of an assignment-only command. */
  lastSubstitutionStatus = 0;
  /** Where `getopts` is inside a bundle like `-abc`. */
  getoptsState = { optind: 1, offset: 1 };
  /** Running `sh -c STRING` at the top level (not a forked copy): bash's exit status for parameter errors differs there. */
  commandString = false;
  /** Names of the functions being run, innermost last ($FUNCNAME). */
  functionNames: string[] = [];
  /** Function definitions as written, by name. */
  functionTexts = new Map<string, string>();

  constructor(
    readonly ctx: ProgramContext,
    options: { interactive?: boolean } = {},
  ) {
    super(ctx.sys);
    this.interactive = options.interactive ?? false;
    this.importEnvironment(ctx.env);
  }

  private importEnvironment(env: Record<string, string>): void {
    for (const [name, value] of Object.entries(env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      this.vars.set(name, value);
      this.vars.declare(name).exported = true;
    }
    const pwd = this.sys.cwd;
    this.vars.set('PWD', pwd);
    this.vars.declare('PWD').exported = true;
    if (!this.vars.isSet('IFS')) this.vars.set('IFS', ' \t\n');
    if (!this.vars.isSet('PS4')) this.vars.set('PS4', '+ ');
    if (!this.vars.isSet('OPTIND')) this.vars.set('OPTIND', '1');
  }

  /** `sh: MESSAGE` on stderr. */
  error(message: string): void {
    try {
      this.sys.write(2, `sh: ${message}\n`);
    } catch (error) {
      rethrowInterrupted(error);
      // stderr closed: nothing to report to.
    }
  }

  /** Message of a SysError for `sh: NAME: ...` lines. */
  static describe(error: unknown): string {
    if (error instanceof SysError) return error.message;
    return error instanceof Error ? error.message : String(error);
  }

  /**
   * Parse and run `source` in this shell's state, a line at a time as bash
   * does (an alias defined on one line applies from the next); returns
   * `$?`. `exit` throws Exit (after the EXIT trap). A syntax error or a
   * fatal error sets the status and, in a non-interactive shell, exits.
   */
  runSource(source: string): number {
    const parser = new ShParser(source, this.aliasView());
    const previous = this.source;
    try {
      for (;;) {
        let lines: AndOr[] | null;
        try {
          lines = parser.next();
        } catch (error) {
          if (!(error instanceof ShSyntaxError)) throw error;
          this.error(`line ${error.line}: ${error.message}`);
          this.lastStatus = 2;
          if (!this.interactive) this.exit(2);
          return 2;
        }
        if (lines === null) break;
        this.source = parser.source;
        this.runTopLevel(lines);
      }
    } finally {
      this.source = previous;
    }
    return this.lastStatus;
  }

  /** Run a list at the top level: fatal errors end a non-interactive shell. */
  runTopLevel(list: readonly AndOr[]): number {
    try {
      this.lastStatus = runList(this, list);
    } catch (error) {
      if (error instanceof FatalError) {
        this.error(error.message);
        this.lastStatus = error.parameter && this.commandString ? 127 : error.status;
        if (!this.interactive) this.exit(this.lastStatus);
      } else if (error instanceof ReturnSignal) {
        // `return` at the top level of a sourced file or a forked function body ends it.
        this.lastStatus = error.status;
      } else throw error;
    }
    return this.lastStatus;
  }

  /**
   * `eval` and `source`: parse `text` whole and run it in the current
   * context, where break/continue/return and fatal errors pass through to
   * the enclosing command. A syntax error is status 2.
   */
  runNested(text: string): number {
    let script: Script;
    try {
      script = parse(text, this.aliasView());
    } catch (error) {
      if (!(error instanceof ShSyntaxError)) throw error;
      this.error(`line ${error.line}: ${error.message}`);
      return 2;
    }
    const previous = this.source;
    this.source = script.source ?? text;
    try {
      return runList(this, script.body);
    } finally {
      this.source = previous;
    }
  }

  /** Aliases as the parser should see them: only when interactive or with `shopt -s expand_aliases`. */
  aliasView(): AliasView {
    return new AliasView(this.aliases, () => this.interactive || this.shopts.has('expand_aliases'));
  }

  /** Run a trap's action; `$?` is kept across it unless it exits. */
  runTrap(action: string): void {
    const status = this.lastStatus;
    this.runNested(action);
    this.lastStatus = status;
  }

  /** Run the ERR trap after a failed command, keeping `$?`. */
  runErrTrap(status: number): void {
    const action = this.traps.get('ERR');
    if (!action || this.inErrTrap) return;
    this.inErrTrap = true;
    try {
      this.runNested(action);
    } finally {
      this.inErrTrap = false;
      this.lastStatus = status;
    }
  }

  private inErrTrap = false;

  /** A fresh shell for a subshell run in this worker (fork.ts fills in the state). */
  spawnChildShell(): Shell {
    const child = new Shell(this.ctx);
    child.functionTexts = new Map(this.functionTexts);
    return child;
  }

  /** Run what a fork payload asks for, then exit (running this shell's EXIT trap). */
  runForked(run: ForkPayload['run']): never {
    const list: AndOr[] =
      'body' in run ? run.body : [{ type: 'AndOr', first: { type: 'Pipeline', negated: false, commands: [run.command], start: 0, end: 0, line: run.command.line }, rest: [], async: false, start: 0, end: 0, line: run.command.line }];
    this.runTopLevel(list);
    return this.exit(this.lastStatus);
  }

  /** `exec` with only redirections: they stay for the rest of the shell. */
  execRedirects(redirects: readonly Redirect[]): number {
    return applyRedirects(this, redirects, true) ? 0 : 1;
  }

  /** A function's definition as written, for `type` and `declare -f`. */
  functionSource(fn: FunctionDef): string {
    return this.functionTexts.get(fn.name) ?? `${fn.name} () { … }`;
  }

  /** Run the EXIT trap (once) and end the shell. */
  exit(status: number): never {
    if (!this.exiting) {
      this.exiting = true;
      const action = this.traps.get('EXIT');
      if (action) {
        this.traps.delete('EXIT');
        this.lastStatus = status;
        // `exit N` inside the trap throws Exit with N, which wins.
        this.runSource(action);
      }
    }
    this.sys.flush();
    throw new Exit(status & 0xff);
  }

  testContext(): TestContext {
    return {
      sys: this.sys,
      isOptionSet: (name) => (name in this.options ? this.options[name as keyof ShellOptions] : false),
      isVariableSet: (name) => this.vars.isSet(name),
    };
  }

  commandSubstitution(script: Script): string {
    return commandSubstitution(this, script);
  }

  private evaluator(source: string): ArithEvaluator {
    return new ArithEvaluator({
      source,
      read: (name, index) => {
        if (index === undefined) return this.dynamicVariable(name) ?? this.vars.get(name);
        const v = this.vars.lookup(name);
        if (!v || v.value === undefined) return undefined;
        if (typeof v.value === 'string') return String(index) === '0' ? v.value : undefined;
        return (v.value as Map<number | string, string>).get(v.assoc ? String(index) : Number(index));
      },
      write: (name, index, value) => {
        if (index === undefined) this.assign(name, value);
        else this.vars.setElement(name, typeof index === 'bigint' ? Number(index) : index, value);
      },
      isAssoc: (name) => this.vars.lookup(name)?.assoc === true,
      expandWord: (word) => expandWord(this, word),
      parse: parseArithmetic,
    });
  }

  arithmetic(expr: ArithExpr, source = ''): bigint {
    return this.evaluator(source).run(expr);
  }

  /** Evaluate arithmetic given as text (`let`, array subscripts, integer variables). */
  arithmeticText(text: string): bigint {
    return this.evaluator(text).text(text);
  }

  /** Variables computed on every read. */
  dynamicVariable(name: string): string | undefined {
    switch (name) {
      case 'RANDOM':
        return String(this.random());
      case 'SECONDS':
        return String(Math.floor((this.sys.now() - this.startMs) / 1000));
      case 'LINENO':
        return String(this.lineno);
      case 'BASHPID':
        return String(this.sys.pid);
      case 'FUNCNAME':
        return this.functionNames[this.functionNames.length - 1];
      default:
        return undefined;
    }
  }

  /** `name=value` with attributes: integer variables evaluate the value. */
  assign(name: string, value: string, append = false): void {
    if (name === 'RANDOM') this.randomState = Number(value) >>> 0;
    const v = this.vars.lookup(name);
    if (v?.integer) {
      let n = this.arithmeticText(value);
      if (append) n += this.arithmeticText(this.vars.get(name) ?? '0');
      this.vars.set(name, BigInt.asIntN(64, n).toString());
      return;
    }
    this.vars.set(name, append ? (this.vars.get(name) ?? '') + value : value);
  }
}
