/**
 * The sed script parser: text (from -e pieces and -f files, joined by
 * newlines) into a flat command list, where `{` records the index of its
 * `}` so the executor can jump over a block whose address does not match.
 * Error messages follow GNU sed: "-e expression #1, char 5: unterminated
 * `s' command" (the char count is where the parser stopped).
 */
import { compileRegex, RegexSyntaxError, translateRegex } from './posix-regex.js';

export type Address =
  | { kind: 'line'; n: number }
  | { kind: 'last' }
  | { kind: 'regex'; re: RegExp | null } // null: the last regex used
  | { kind: 'step'; first: number; step: number }
  | { kind: 'zero' }
  | { kind: 'plus'; n: number } // addr1,+N
  | { kind: 'multiple'; n: number }; // addr1,~N

export interface Command {
  name: string;
  a1?: Address;
  a2?: Address;
  negate: boolean;
  /** Range state, reset per run: whether inside, and the line a `+N` range ends at. */
  active: boolean;
  endLine: number;
  /** `{`: index of the matching `}`. b/t/T: label name, resolved to `target`. */
  block?: number;
  label?: string;
  target?: number;
  /** a/i/c text; r/w file name; q/Q exit code; l line length. */
  text?: string;
  number?: number;
  /** s */
  regex?: RegExp | null;
  replacement?: ReplacementPart[];
  global?: boolean;
  occurrence?: number;
  print?: boolean;
  writeFile?: string;
  /** y */
  map?: Map<string, string>;
}

export type ReplacementPart =
  | { kind: 'text'; text: string }
  | { kind: 'group'; n: number } // 0 is &
  | { kind: 'case'; mode: 'U' | 'L' | 'E' | 'u' | 'l' };

export class SedScriptError extends Error {}

interface Options {
  extended: boolean;
}

/** A piece of script with where it came from, for messages. */
export interface ScriptPiece {
  text: string;
  /** "-e expression #1" or "file.sed line" prefix. */
  origin: string;
}

export function parseScript(pieces: ScriptPiece[], options: Options): Command[] {
  const commands: Command[] = [];
  const open: number[] = [];
  for (const piece of pieces) new Parser(piece, options, commands, open).parse();
  if (open.length > 0) throw new SedScriptError(`${pieces[pieces.length - 1].origin}, char 0: unmatched \`{'`);
  const labels = new Map<string, number>();
  commands.forEach((c, i) => c.name === ':' && labels.set(c.label!, i));
  for (const c of commands) {
    if ((c.name === 'b' || c.name === 't' || c.name === 'T') && c.label !== '') {
      const target = labels.get(c.label!);
      if (target === undefined) throw new SedScriptError(`can't find label for jump to \`${c.label}'`);
      c.target = target;
    }
  }
  return commands;
}

class Parser {
  private i = 0;
  private readonly s: string;

  constructor(
    private readonly piece: ScriptPiece,
    private readonly options: Options,
    private readonly commands: Command[],
    private readonly open: number[],
  ) {
    this.s = piece.text;
  }

  private fail(message: string): never {
    throw new SedScriptError(`${this.piece.origin}, char ${this.i}: ${message}`);
  }

  private skipSpace(): void {
    while (this.i < this.s.length && /[ \t]/.test(this.s[this.i])) this.i++;
  }

  parse(): void {
    const s = this.s;
    for (;;) {
      while (this.i < s.length && /[\s;]/.test(s[this.i])) this.i++;
      if (this.i >= s.length) return;
      if (s[this.i] === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
        continue;
      }
      const cmd: Command = { name: '', negate: false, active: false, endLine: 0 };
      cmd.a1 = this.address(true);
      if (cmd.a1) {
        this.skipSpace();
        if (s[this.i] === ',') {
          this.i++;
          this.skipSpace();
          cmd.a2 = this.address(false);
          if (!cmd.a2) this.fail('unexpected `,\'');
        }
      }
      if (cmd.a1?.kind === 'zero' && cmd.a2?.kind !== 'regex') this.fail('invalid usage of line address 0');
      this.skipSpace();
      while (s[this.i] === '!') {
        cmd.negate = true;
        this.i++;
        this.skipSpace();
      }
      if (this.i >= s.length) this.fail('missing command');
      cmd.name = s[this.i++];
      this.command(cmd);
      this.commands.push(cmd);
    }
  }

  private address(first: boolean): Address | undefined {
    const s = this.s;
    const c = s[this.i];
    if (c === undefined) return undefined;
    if (/[0-9]/.test(c)) {
      const n = this.int();
      if (s[this.i] === '~' && first) {
        this.i++;
        const step = /[0-9]/.test(s[this.i] ?? '') ? this.int() : 0;
        return { kind: 'step', first: n, step };
      }
      return n === 0 && first ? { kind: 'zero' } : { kind: 'line', n };
    }
    if (!first && (c === '+' || c === '~')) {
      this.i++;
      if (!/[0-9]/.test(s[this.i] ?? '')) this.fail('expected number');
      return { kind: c === '+' ? 'plus' : 'multiple', n: this.int() };
    }
    if (c === '$') {
      this.i++;
      return { kind: 'last' };
    }
    if (c === '/' || c === '\\') {
      this.i++;
      let delim = '/';
      if (c === '\\') delim = s[this.i++];
      const pattern = this.delimited(delim, 'unterminated address regex');
      let flags = '';
      while (s[this.i] === 'I' || s[this.i] === 'M') flags += s[this.i++] === 'I' ? 'i' : 'm';
      return { kind: 'regex', re: this.regex(pattern, flags) };
    }
    return undefined;
  }

  private int(): number {
    const m = /^[0-9]+/.exec(this.s.slice(this.i))!;
    this.i += m[0].length;
    return Number(m[0]);
  }

  /** Text up to an unescaped `delim`; `\delim` becomes delim, a `\n` stays for the regex translator. */
  private delimited(delim: string, unterminated: string): string {
    const s = this.s;
    let out = '';
    let inBracket = false;
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (c === '\\' && this.i + 1 < s.length) {
        const n = s[++this.i];
        if (n === delim && delim !== '\n') out += delim === '&' ? '\\&' : delim;
        else if (n === '\n') out += '\\n';
        else out += '\\' + n;
        continue;
      }
      if (!inBracket && c === '[') {
        inBracket = true;
        out += c;
        // ']' right after '[' or '[^' is literal
        if (s[this.i + 1] === '^') out += s[++this.i];
        if (s[this.i + 1] === ']') out += s[++this.i];
        continue;
      }
      if (inBracket && c === ']') inBracket = false;
      if (c === delim && !inBracket) {
        this.i++;
        return out;
      }
      if (c === '\n' && !inBracket && delim !== '\n') this.fail(unterminated);
      out += c;
    }
    this.fail(unterminated);
  }

  private regex(pattern: string, flags: string): RegExp | null {
    if (pattern === '') return null;
    try {
      return compileRegex(translateRegex(sedEscapes(pattern), this.options.extended).source, `s${flags}`);
    } catch (err) {
      if (err instanceof RegexSyntaxError) this.fail(err.message);
      throw err;
    }
  }

  private endOfCommand(): void {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === undefined || c === '\n' || c === ';' || c === '}' || c === '#') return;
    this.i++; // GNU counts the offending character
    this.fail('extra characters after command');
  }

  private restOfLine(): string {
    const end = this.s.indexOf('\n', this.i);
    const text = this.s.slice(this.i, end < 0 ? undefined : end);
    this.i = end < 0 ? this.s.length : end;
    return text;
  }

  private command(cmd: Command): void {
    const s = this.s;
    switch (cmd.name) {
      case '{':
        this.open.push(this.commands.length);
        return;
      case '}':
        if (cmd.a1) this.fail('} doesn\'t want any addresses');
        if (this.open.length === 0) this.fail('unexpected `}\'');
        this.commands[this.open.pop()!].block = this.commands.length;
        this.endOfCommand();
        return;
      case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'n': case 'N':
      case 'p': case 'P': case 'x': case 'z': case 'F':
        this.endOfCommand();
        return;
      case 'q': case 'Q': case 'l': case 'L':
        this.skipSpace();
        if (/[0-9]/.test(s[this.i] ?? '')) cmd.number = this.int();
        this.endOfCommand();
        return;
      case ':': {
        if (cmd.a1) this.fail(': doesn\'t want any addresses');
        this.skipSpace();
        const label = /^[^\n;]*/.exec(s.slice(this.i))![0].trimEnd();
        if (label === '') this.fail('":" lacks a label');
        this.i += label.length;
        cmd.label = label;
        return;
      }
      case 'b': case 't': case 'T': {
        this.skipSpace();
        const label = /^[^\n;}]*/.exec(s.slice(this.i))![0].trimEnd();
        this.i += label.length;
        cmd.label = label;
        return;
      }
      case 'a': case 'i': case 'c':
        cmd.text = this.textArgument();
        return;
      case 'r': case 'w':
        this.skipSpace();
        cmd.text = this.restOfLine();
        if (cmd.text === '') this.fail('missing filename in r/R/w/W commands');
        return;
      case 's':
        this.substitute(cmd);
        return;
      case 'y':
        this.transliterate(cmd);
        return;
      default:
        this.fail(`unknown command: \`${cmd.name}'`);
    }
  }

  /** a/i/c text: `a\` newline text (lines continued by a trailing backslash), or GNU's one-line `a text`. */
  private textArgument(): string {
    const s = this.s;
    this.skipSpace();
    if (s[this.i] === '\\') {
      this.i++;
      if (s[this.i] === '\n') this.i++;
    }
    if (this.i >= s.length) this.fail('expected \\ after `a\', `c\' or `i\'');
    let out = '';
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (c === '\\') {
        const n = s[++this.i];
        if (n === undefined) break;
        out += n;
        continue;
      }
      if (c === '\n') {
        this.i++;
        break;
      }
      out += c;
    }
    return out;
  }

  private substitute(cmd: Command): void {
    const s = this.s;
    const delim = s[this.i++];
    if (delim === undefined || delim === '\n' || delim === '\\') this.fail('unterminated `s\' command');
    const pattern = this.delimited(delim, 'unterminated `s\' command');
    const replacement = this.replacementText(delim);
    let flags = '';
    cmd.global = false;
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (c === 'g') cmd.global = true;
      else if (c === 'p') cmd.print = true;
      else if (c === 'i' || c === 'I') flags += 'i';
      else if (c === 'm' || c === 'M') flags += 'm';
      else if (c === 'e') continue;
      else if (/[0-9]/.test(c)) {
        cmd.occurrence = this.int();
        if (cmd.occurrence === 0) this.fail('number option to `s\' command may not be zero');
        this.i--;
      } else if (c === 'w') {
        this.i++;
        this.skipSpace();
        cmd.writeFile = this.restOfLine();
        break;
      } else break;
    }
    cmd.regex = this.regex(pattern, flags);
    cmd.replacement = replacement;
    this.endOfCommand();
  }

  private replacementText(delim: string): ReplacementPart[] {
    const s = this.s;
    const parts: ReplacementPart[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
    };
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (c === delim) {
        this.i++;
        flush();
        return parts;
      }
      if (c === '&') {
        flush();
        parts.push({ kind: 'group', n: 0 });
        continue;
      }
      if (c === '\\' && this.i + 1 < s.length) {
        const n = s[++this.i];
        if (/[0-9]/.test(n)) {
          flush();
          parts.push({ kind: 'group', n: Number(n) });
        } else if ('ULEul'.includes(n)) {
          flush();
          parts.push({ kind: 'case', mode: n as 'U' });
        } else if (n === 'n') text += '\n';
        else if (n === 't') text += '\t';
        else if (n === 'r') text += '\r';
        else if (n === 'a') text += '\x07';
        else if (n === 'f') text += '\f';
        else if (n === 'v') text += '\v';
        else text += n; // \& \\ \delim, a newline, or any other character
        continue;
      }
      if (c === '\n' && delim !== '\n') this.fail('unterminated `s\' command');
      text += c;
    }
    this.fail('unterminated `s\' command');
  }

  private transliterate(cmd: Command): void {
    const delim = this.s[this.i++];
    const unescape = (t: string): string[] =>
      [...t.replace(/\\(.)/gs, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch))];
    const from = unescape(this.delimited(delim, 'unterminated `y\' command'));
    const to = unescape(this.delimited(delim, 'unterminated `y\' command'));
    if (from.length !== to.length) this.fail('strings for `y\' command are different lengths');
    cmd.map = new Map(from.map((c, k) => [c, to[k]]));
    this.endOfCommand();
  }
}

/** GNU sed's extra regex escapes (\t \n \r \f \v \a), outside bracket expressions. */
function sedEscapes(pattern: string): string {
  const named: Record<string, string> = { t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };
  return pattern.replace(/\\(.)/gs, (all, ch: string) => named[ch] ?? all);
}
