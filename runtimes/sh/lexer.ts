/**
 * Character-level scanning for the shell parser: a cursor over the source,
 * blanks/comments/line continuations, operators and reserved words, line
 * numbers, and bash-worded syntax errors. The shell's lexing depends on the
 * grammar context (keywords only in command position, here-documents after
 * the newline, `[[ ]]` and `case` rules), so there is no token stream: the
 * parser, which extends this class, asks for what it expects where it is.
 * POSIX XCU 2.3 "Token Recognition".
 */

/** A parse error; `message` is bash's wording, `line` is 1-based. */
export class ShSyntaxError extends Error {
  override name = 'ShSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    /** The input ended too soon (an open quote, `if` without `fi`): an interactive shell reads more (PS2). */
    readonly atEnd = false,
  ) {
    super(message);
  }
}

/**
 * Nesting limit for compound commands, substitutions and parentheses. The
 * parser is recursive, and a JS stack in a worker is far smaller than
 * bash's; 1000 levels stays well inside it and past anything real.
 */
export const MAX_DEPTH = 1000;

/** Characters that end an unquoted word (XCU 2.2 metacharacters plus newline). */
export function isMeta(c: string): boolean {
  return (
    c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' ||
    c === '(' || c === ')' || c === '<' || c === '>'
  );
}

/** Whether a token ends before `c` (a metacharacter or the end of input). */
export function endsToken(c: string | undefined): boolean {
  return c === undefined || isMeta(c);
}

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

export function isNameChar(c: string | undefined): boolean {
  return isNameStart(c) || (c !== undefined && c >= '0' && c <= '9');
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The operators starting with each metacharacter, longest first, so the first match is the right one. */
const OPERATORS: Readonly<Record<string, readonly string[]>> = {
  ';': [';;&', ';;', ';&', ';'],
  '&': ['&>>', '&&', '&>', '&'],
  '|': ['||', '|&', '|'],
  '<': ['<<<', '<<-', '<<', '<>', '<&', '<'],
  '>': ['>>', '>&', '>|', '>'],
  '(': ['('],
  ')': [')'],
  '\n': ['\n'],
};

export const REDIRECT_OPS: ReadonlySet<string> = new Set([
  '<', '>', '>>', '>|', '<>', '<&', '>&', '&>', '&>>', '<<', '<<-', '<<<',
]);

/** bash's reserved words (bash(1) "RESERVED WORDS"); `time`/`select`/`coproc` are not supported. */
const KEYWORDS: ReadonlySet<string> = new Set([
  '!', '{', '}', '[[', ']]', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for',
  'function', 'if', 'in', 'then', 'until', 'while',
]);

export class Lexer {
  pos = 0;
  /** Line-number cache: the line at `linePos`, so sequential queries are O(distance). */
  private linePos = 0;
  private lineNo: number;

  constructor(
    /** Mutable: alias substitution splices replacement text in. */
    public src: string,
    /** Lines before this source (for text parsed out of a larger input). */
    readonly lineBase = 0,
  ) {
    this.lineNo = lineBase + 1;
  }

  /** 1-based line of an offset. */
  lineAt(offset: number): number {
    const src = this.src;
    const to = Math.min(offset, src.length);
    if (to < this.linePos) {
      this.linePos = 0;
      this.lineNo = this.lineBase + 1;
    }
    let n = this.lineNo;
    for (let i = this.linePos; i < to; i++) if (src.charCodeAt(i) === 10) n++;
    this.linePos = to;
    this.lineNo = n;
    return n;
  }

  error(message: string, at = this.pos): ShSyntaxError {
    return new ShSyntaxError(message, this.lineAt(at), at >= this.src.length);
  }

  /** bash's "near unexpected token" error for whatever is at the cursor. */
  unexpected(): ShSyntaxError {
    this.skipBlanks();
    if (this.pos >= this.src.length) return this.error('syntax error: unexpected end of file');
    const op = this.peekOp();
    let token: string;
    if (op === '\n') token = 'newline';
    else if (op !== null) token = op;
    else {
      let end = this.pos;
      while (end < this.src.length && !isMeta(this.src[end]!)) end++;
      token = this.src.slice(this.pos, Math.max(end, this.pos + 1));
    }
    return this.error(`syntax error near unexpected token \`${token}'`);
  }

  eofError(what: string): ShSyntaxError {
    return this.error(`unexpected EOF while looking for matching \`${what}'`, this.src.length);
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** Skips a `\` newline pair at the cursor, repeatedly. */
  skipContinuations(): void {
    const src = this.src;
    while (src.charCodeAt(this.pos) === 92 && src.charCodeAt(this.pos + 1) === 10) this.pos += 2;
  }

  /** Skips spaces, tabs, line continuations and a comment, stopping at a newline. */
  skipBlanks(): void {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        const nl = src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? src.length : nl;
      } else return;
    }
  }

  /** The operator at the cursor (after skipBlanks), or null. `<(` and `>(` start words. */
  peekOp(): string | null {
    const src = this.src;
    const c = src[this.pos];
    const candidates = c === undefined ? undefined : OPERATORS[c];
    if (candidates === undefined) return null;
    if ((c === '<' || c === '>') && src[this.pos + 1] === '(') return null;
    if (candidates.length === 1) return c!;
    for (const op of candidates) if (src.startsWith(op, this.pos)) return op;
    return null;
  }

  /** Consumes `op` if it is the operator at the cursor. */
  eatOp(op: string): boolean {
    this.skipBlanks();
    if (this.peekOp() !== op) return false;
    this.pos += op.length;
    return true;
  }

  /** The reserved word at the cursor if one stands there as a whole token. */
  peekKeyword(): string | null {
    const src = this.src;
    let end = this.pos;
    while (end < src.length && end - this.pos < 8) {
      const c = src[end]!;
      if (isMeta(c) || c === '\\' || c === '"' || c === "'" || c === '$' || c === '`') break;
      end++;
    }
    if (end === this.pos || !endsToken(src[end])) return null;
    const word = src.slice(this.pos, end);
    return KEYWORDS.has(word) ? word : null;
  }

  eatKeyword(word: string): boolean {
    this.skipBlanks();
    if (this.peekKeyword() !== word) return false;
    this.pos += word.length;
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.eatKeyword(word)) throw this.unexpected();
  }
}
