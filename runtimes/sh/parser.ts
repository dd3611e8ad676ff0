/**
 * The shell parser: a hand-written recursive-descent parser for POSIX sh
 * (XCU 2.10 "Shell Grammar") with the bash extensions in ast.ts. It is
 * synchronous and linear; each construct is read where the grammar expects
 * it, so keywords are only keywords in command position and here-document
 * bodies are picked up at the next newline.
 *
 * Public entry points: `parse`, `ShParser` (one input line at a time, as
 * bash executes scripts), `parseArithmetic`, `parseWord`. Errors are
 * `ShSyntaxError` with bash's wording.
 */
import type {
  AndOr, ArithExpr, Assignment, Command, FunctionDef, Pipeline, Redirect, RedirectOp,
  Script, SimpleCommand, Word,
} from './ast.js';
import { parseArithText } from './arith-parser.js';
import { tryAssignment } from './parse-assignment.js';
import { parseCompound, parseFunctionBody } from './parse-compound.js';
import { readHeredocBody, readWord } from './parse-word.js';
import {
  isDigit, isMeta, isNameChar, isNameStart, endsToken, Lexer, MAX_DEPTH, REDIRECT_OPS, ShSyntaxError,
} from './lexer.js';

export { ShSyntaxError } from './lexer.js';

export interface ParseOptions {
  /**
   * Aliases to expand (bash(1) "ALIASES"): the first word of a simple
   * command, when unquoted and a key here, is replaced by its value as text
   * and lexing goes on through the replacement; a value ending in a blank
   * makes the next word a candidate too. The map is read at the moment each
   * line is parsed, so with `ShParser` an `alias` run on one line applies
   * from the next line on, as in bash.
   */
  aliases?: ReadonlyMap<string, string>;
}

/** `declare`-like builtins whose assignment-shaped arguments are parsed as assignments. */
const DECLARATION: ReadonlySet<string> = new Set(['declare', 'typeset', 'local', 'export', 'readonly']);

/** Keywords that end a statement list; seeing one where a command should start is an error elsewhere. */
const CLOSERS: ReadonlySet<string> = new Set(['}', 'then', 'fi', 'do', 'done', 'elif', 'else', 'esac']);

const NO_STOPS: ReadonlySet<string> = new Set();

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

export class Parser extends Lexer {
  private depth: number;
  private pending: PendingHeredoc[] = [];
  /** Aliases being expanded and where their replacement text ends (no recursion inside it). */
  private activeAliases: { name: string; end: number }[] = [];
  /**
   * Where the replacement of an alias whose value ends in a blank ends: the
   * word there is checked for an alias too (-1: none).
   */
  private aliasNextAt = -1;
  /**
   * Inside `$( )` / `<( )` nested in a word. Alias substitution rewrites the
   * source text, and the word readers around a substitution hold offsets
   * into it, so aliases are not expanded there (bash would); backquoted
   * commands are parsed from their own text and do expand them.
   */
  private substitutionDepth = 0;
  /** Set once the first Script of a derived source has been given that source. */
  private sourceGiven: boolean;
  /** Here-documents the input ended inside (their delimiter never came): an interactive shell reads on (PS2). */
  unterminatedHeredocs = 0;

  constructor(
    src: string,
    readonly options: ParseOptions,
    lineBase = 0,
    depth = 0,
    /** Text derived from a larger input (backquotes, here-documents): its Scripts carry `source`. */
    derived = false,
    readonly warnings: string[] = [],
  ) {
    super(src, lineBase);
    this.depth = depth;
    this.sourceGiven = !derived;
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error('syntax error: too deeply nested');
  }

  leave(): void {
    this.depth--;
  }

  // -------------------------------------------------------------------------
  // Whole inputs
  // -------------------------------------------------------------------------

  /** The and-or lists of the next input line (more when a compound spans lines), or null at the end. */
  nextLine(): AndOr[] | null {
    for (;;) {
      this.skipBlanks();
      if (this.src[this.pos] === '\n') this.consumeNewline();
      else break;
    }
    if (this.atEnd()) {
      this.finishHeredocs();
      return null;
    }
    const items: AndOr[] = [];
    for (;;) {
      const item = this.parseAndOr();
      items.push(item);
      this.skipBlanks();
      const op = this.peekOp();
      if (op === '&' || op === ';') {
        this.pos++;
        if (op === '&') item.async = true;
        this.skipBlanks();
      } else if (op !== '\n' && !this.atEnd()) throw this.unexpected();
      if (this.atEnd()) break;
      if (this.src[this.pos] === '\n') {
        this.consumeNewline();
        break;
      }
    }
    if (this.atEnd()) this.finishHeredocs();
    return items;
  }

  parseProgram(): Script {
    const body: AndOr[] = [];
    for (let line = this.nextLine(); line !== null; line = this.nextLine()) body.push(...line);
    return { type: 'Script', body, source: this.src };
  }

  /** After `$(` or `<(`: the script up to and including the matching `)`. */
  parseSubstitutionBody(): Script {
    this.enter();
    this.substitutionDepth++;
    const body = this.parseList(NO_STOPS, true);
    this.skipBlanks();
    if (this.atEnd()) throw this.eofError(')');
    if (!this.eatOp(')')) throw this.unexpected();
    this.substitutionDepth--;
    this.leave();
    return this.script(body);
  }

  /** A script parsed from text derived from this input (a backquoted command's un-escaped text). */
  parseDerivedScript(text: string, lineBase: number): Script {
    const sub = new Parser(text, this.options, lineBase, this.depth + 1, true, this.warnings);
    return sub.parseProgram();
  }

  private script(body: AndOr[]): Script {
    if (this.sourceGiven) return { type: 'Script', body };
    this.sourceGiven = true;
    return { type: 'Script', body, source: this.src };
  }

  // -------------------------------------------------------------------------
  // Lists, and-or lists, pipelines
  // -------------------------------------------------------------------------

  /**
   * Statements up to (not including) one of `stops` in command position, a
   * `)`, a case terminator or the end. An empty list is an error unless
   * `allowEmpty` (bash rejects `if then`, `{ }`, `( )`).
   */
  parseList(stops: ReadonlySet<string>, allowEmpty = false): AndOr[] {
    const items: AndOr[] = [];
    for (;;) {
      this.linebreak();
      if (this.atEnd()) break;
      const op = this.peekOp();
      if (op === ')' || op === ';;' || op === ';&' || op === ';;&') break;
      const kw = this.peekKeyword();
      if (kw !== null && stops.has(kw)) break;
      const item = this.parseAndOr();
      items.push(item);
      this.skipBlanks();
      const sep = this.peekOp();
      if (sep === '&' || sep === ';') {
        this.pos++;
        if (sep === '&') item.async = true;
      } else if (sep === '\n') this.consumeNewline();
      else break;
    }
    if (items.length === 0 && !allowEmpty) throw this.unexpected();
    return items;
  }

  /** Skips blanks, comments and newlines (reading any here-document bodies due). */
  linebreak(): void {
    for (;;) {
      this.skipBlanks();
      if (this.src[this.pos] !== '\n') return;
      this.consumeNewline();
    }
  }

  /** At a newline: consumes it, then the bodies of here-documents started on that line. */
  consumeNewline(): void {
    this.pos++;
    if (this.pending.length > 0) this.readHeredocs();
  }

  private parseAndOr(): AndOr {
    this.skipBlanks();
    const start = this.pos;
    const line = this.lineAt(start);
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanks();
      const op = this.peekOp();
      if (op !== '&&' && op !== '||') break;
      this.pos += 2;
      this.linebreak();
      rest.push({ op, pipeline: this.parsePipeline() });
    }
    return { type: 'AndOr', first, rest, async: false, start, end: this.pos, line };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanks();
    const start = this.pos;
    const line = this.lineAt(start);
    let negated = false;
    while (this.eatKeyword('!')) {
      negated = !negated;
      this.skipBlanks();
    }
    const commands = [this.parseCommand()];
    for (;;) {
      this.skipBlanks();
      const op = this.peekOp();
      if (op !== '|' && op !== '|&') break;
      this.pos += op.length;
      if (op === '|&') stderrToPipe(commands[commands.length - 1]!);
      this.linebreak();
      commands.push(this.parseCommand());
    }
    return { type: 'Pipeline', negated, commands, start, end: this.pos, line };
  }

  // -------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------

  parseCommand(): Command {
    this.skipBlanks();
    this.aliasNextAt = -1;
    this.expandAlias();
    const kw = this.peekKeyword();
    // `!` only negates at the start of a pipeline (`a | ! b` is an error in bash).
    if (kw !== null && (CLOSERS.has(kw) || kw === '!')) throw this.unexpected();
    const compound = parseCompound(this, kw);
    if (compound !== null) return compound;
    return this.parseSimpleCommand();
  }

  /** Redirections after a compound command. */
  parseTrailingRedirects(into: Redirect[]): void {
    for (;;) {
      this.skipBlanks();
      if (!this.tryRedirect(into)) return;
    }
  }

  private parseSimpleCommand(): SimpleCommand | FunctionDef {
    const start = this.pos;
    const line = this.lineAt(start);
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    let declaration = false;
    for (;;) {
      this.skipBlanks();
      if (words.length === 0) this.expandAlias();
      else if (this.aliasNextAt >= 0 && this.pos >= this.aliasNextAt) {
        this.aliasNextAt = -1;
        this.expandAlias();
      }
      if (this.tryRedirect(redirects)) continue;
      const c = this.src[this.pos];
      if (c === undefined || (isMeta(c) && !((c === '<' || c === '>') && this.src[this.pos + 1] === '('))) break;
      if (words.length === 0) {
        const assignment = tryAssignment(this);
        if (assignment) {
          assignments.push(assignment);
          continue;
        }
      }
      const wordStart = this.pos;
      if (declaration) {
        const assign = tryAssignment(this);
        if (assign) {
          words.push({ ...this.reparseWord(wordStart, assign), assign });
          continue;
        }
      }
      const word = readWord(this, 'normal');
      if (words.length === 0) {
        const raw = this.src.slice(wordStart, this.pos);
        if (assignments.length === 0 && redirects.length === 0 && this.atFunctionParens()) {
          return this.parseFunctionAfterName(raw, start, line);
        }
        declaration = DECLARATION.has(raw);
      }
      words.push(word);
    }
    if (assignments.length === 0 && words.length === 0 && redirects.length === 0) throw this.unexpected();
    return { type: 'SimpleCommand', assignments, words, redirects, start, end: this.pos, line };
  }

  /** The words of a declaration argument, for its `parts` (its `assign` is what counts). */
  private reparseWord(from: number, assign: Assignment): Word {
    const text = this.src.slice(from, this.pos);
    // An array value has no single-word form; its text stands in for it.
    if (assign.array) return { type: 'Word', parts: [{ type: 'Literal', value: text }] };
    const sub = new Parser(text, this.options, this.lineAt(from) - 1, this.depth, true, this.warnings);
    return readWord(sub, 'normal');
  }

  /** After a word at the start of a command: `(` `)` follows, so it is a function definition. */
  private atFunctionParens(): boolean {
    const save = this.pos;
    this.skipBlanks();
    if (this.src[this.pos] === '(') {
      this.pos++;
      this.skipBlanks();
      if (this.src[this.pos] === ')') {
        this.pos++;
        return true;
      }
    }
    this.pos = save;
    return false;
  }

  private parseFunctionAfterName(name: string, start: number, line: number): FunctionDef {
    this.linebreak();
    const body = parseFunctionBody(this);
    return { type: 'FunctionDef', name, body, start, end: this.pos, line };
  }

  // -------------------------------------------------------------------------
  // Redirections and here-documents
  // -------------------------------------------------------------------------

  /** A redirection at the cursor, appended to `into`; false (cursor unchanged) if there is none. */
  tryRedirect(into: Redirect[]): boolean {
    const src = this.src;
    const save = this.pos;
    let fd: number | undefined;
    let fdVar: string | undefined;
    const c = src[this.pos];
    if (isDigit(c)) {
      let end = this.pos;
      while (isDigit(src[end])) end++;
      if (src[end] !== '<' && src[end] !== '>') return false;
      fd = Number(src.slice(this.pos, end));
      this.pos = end;
    } else if (c === '{' && isNameStart(src[this.pos + 1])) {
      let end = this.pos + 1;
      while (isNameChar(src[end])) end++;
      if (src[end] !== '}' || (src[end + 1] !== '<' && src[end + 1] !== '>')) return false;
      fdVar = src.slice(this.pos + 1, end);
      this.pos = end + 1;
    }
    const op = this.peekOp();
    if (op === null || !REDIRECT_OPS.has(op) || (op.startsWith('&') && (fd !== undefined || fdVar))) {
      this.pos = save;
      return false;
    }
    this.pos += op.length;
    this.skipBlanks();
    const targetStart = this.pos;
    const t = src[this.pos];
    if (t === undefined) throw this.error("syntax error near unexpected token `newline'");
    if (isMeta(t) && !((t === '<' || t === '>') && src[this.pos + 1] === '(')) throw this.unexpected();
    const target = readWord(this, 'normal');
    const redirect: Redirect = { type: 'Redirect', op: op as RedirectOp, target };
    if (fd !== undefined) redirect.fd = fd;
    if (fdVar !== undefined) redirect.fdVar = fdVar;
    if (op === '<<' || op === '<<-') {
      const raw = src.slice(targetStart, this.pos);
      this.pending.push({
        redirect,
        delimiter: removeQuotes(raw),
        quoted: /["'\\]/.test(raw),
        stripTabs: op === '<<-',
      });
    }
    into.push(redirect);
    return true;
  }

  /** Right after a newline: the bodies of the pending here-documents, in order (XCU 2.7.4). */
  private readHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const doc of pending) this.readHeredoc(doc);
  }

  private readHeredoc(doc: PendingHeredoc): void {
    const src = this.src;
    const bodyStart = this.pos;
    let body = '';
    let i = this.pos;
    let found = false;
    while (i < src.length) {
      const nl = src.indexOf('\n', i);
      const lineEnd = nl < 0 ? src.length : nl;
      let text = src.slice(i, lineEnd);
      if (doc.stripTabs) text = text.replace(/^\t+/, '');
      i = nl < 0 ? src.length : nl + 1;
      if (text === doc.delimiter) {
        found = true;
        break;
      }
      body += text + '\n';
    }
    if (!found) this.warnEofHeredoc(doc, bodyStart);
    this.pos = i;
    this.setHeredocBody(doc, body, bodyStart);
  }

  private setHeredocBody(doc: PendingHeredoc, body: string, bodyStart: number): void {
    let word: Word;
    if (doc.quoted) word = { type: 'Word', parts: [{ type: 'SingleQuoted', value: body }] };
    else if (!/[$`\\]/.test(body)) {
      word = { type: 'Word', parts: [{ type: 'DoubleQuoted', parts: body ? [{ type: 'Literal', value: body }] : [] }] };
    } else {
      const sub = new Parser(body, this.options, this.lineAt(bodyStart) - 1, this.depth + 1, true, this.warnings);
      word = { type: 'Word', parts: [readHeredocBody(sub)] };
    }
    doc.redirect.heredoc = { quoted: doc.quoted, body: word };
  }

  /** At the end of input: here-documents still waiting get what there is, as bash does, with its warning. */
  private finishHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const doc of pending) {
      this.warnEofHeredoc(doc, this.pos);
      this.setHeredocBody(doc, '', this.pos);
    }
  }

  private warnEofHeredoc(doc: PendingHeredoc, at: number): void {
    this.unterminatedHeredocs++;
    this.warnings.push(
      `warning: here-document at line ${this.lineAt(at) - 1} delimited by end-of-file (wanted \`${doc.delimiter}')`,
    );
  }

  // -------------------------------------------------------------------------
  // Aliases
  // -------------------------------------------------------------------------

  /**
   * In command position: replaces an alias name at the cursor by its value
   * in the source text, repeatedly (the replacement's first word may be an
   * alias too), never re-expanding an alias inside its own replacement.
   */
  private expandAlias(): void {
    const aliases = this.options.aliases;
    if (aliases === undefined || aliases.size === 0 || this.substitutionDepth > 0) return;
    for (;;) {
      this.activeAliases = this.activeAliases.filter((a) => a.end > this.pos);
      const src = this.src;
      let end = this.pos;
      while (end < src.length && !isMeta(src[end]!) && !'\'"\\$`'.includes(src[end]!)) end++;
      if (end === this.pos || !endsToken(src[end])) return;
      const name = src.slice(this.pos, end);
      const value = aliases.get(name);
      if (value === undefined || this.activeAliases.some((a) => a.name === name)) return;
      const delta = value.length - name.length;
      for (const a of this.activeAliases) a.end += delta;
      this.activeAliases.push({ name, end: this.pos + value.length });
      this.src = src.slice(0, this.pos) + value + src.slice(end);
      if (value.endsWith(' ') || value.endsWith('\t')) this.aliasNextAt = this.pos + value.length;
      this.skipBlanks();
    }
  }
}

/** `a |& b`: bash defines it as `a 2>&1 | b`, the dup applied after a's own redirections. */
function stderrToPipe(command: Command): void {
  const target: Word = { type: 'Word', parts: [{ type: 'Literal', value: '1' }] };
  const dup: Redirect = { type: 'Redirect', op: '>&', fd: 2, target };
  if (command.type === 'FunctionDef') command.body.redirects.push(dup);
  else command.redirects.push(dup);
}

/** A here-document delimiter as written, with quote removal applied (XCU 2.7.4). */
function removeQuotes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') out += raw[++i] ?? '';
    else if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      out += raw.slice(i + 1, close < 0 ? raw.length : close);
      i = close < 0 ? raw.length : close;
    } else if (c === '"') {
      for (i++; i < raw.length && raw[i] !== '"'; i++) {
        if (raw[i] === '\\' && '$`"\\'.includes(raw[i + 1] ?? '')) i++;
        out += raw[i];
      }
    } else out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** A JS stack overflow on absurd input becomes the same error as the nesting limit. */
function guardStack<T>(parser: Parser, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) throw parser.error('syntax error: too deeply nested');
    throw e;
  }
}

/** Parses a whole input; `aliases` as in ParseOptions. */
export function parse(source: string, aliases?: ReadonlyMap<string, string>): Script {
  const parser = new Parser(source, aliases ? { aliases } : {});
  return guardStack(parser, () => parser.parseProgram());
}

/**
 * Parses an input one line at a time, the way bash reads a script: earlier
 * lines can run (and define aliases) before a later line is parsed or found
 * to be malformed.
 */
export class ShParser {
  private readonly parser: Parser;
  constructor(source: string, aliases?: ReadonlyMap<string, string>) {
    this.parser = new Parser(source, aliases ? { aliases } : {});
  }
  /** The next line's and-or lists (a compound command spanning lines counts as one), or null at the end. */
  next(): AndOr[] | null {
    return guardStack(this.parser, () => this.parser.nextLine());
  }
  /** The text the returned nodes' spans index into (the input after alias substitution so far). */
  get source(): string {
    return this.parser.src;
  }
  /** bash's warnings so far, e.g. a here-document ended by the end of input. */
  get warnings(): readonly string[] {
    return this.parser.warnings;
  }
}

/**
 * Parses an arithmetic expression from a string (`let` arguments, `(( ))`
 * re-evaluation, a variable's value used in arithmetic). A malformed
 * expression is an ArithSyntaxError node; only nesting beyond the limit
 * throws (ShSyntaxError).
 */
export function parseArithmetic(text: string): ArithExpr {
  const parser = new Parser(text, {});
  return guardStack(parser, () => parseArithText(parser));
}

/**
 * Parses a string as one word with the shell's quoting, where blanks and
 * operators are ordinary characters (e.g. a pattern assembled at run time).
 */
export function parseWord(text: string): Word {
  const parser = new Parser(text, {});
  return guardStack(parser, () => readWord(parser, 'text'));
}
