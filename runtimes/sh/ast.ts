/**
 * The shell's syntax tree: what `parse()` (parser.ts) produces and the
 * interpreter walks. Grammar: POSIX XCU 2.10 "Shell Grammar"
 * (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html)
 * plus the bash extensions people actually use (bash(1) "SHELL GRAMMAR").
 *
 * Every node is plain JSON data (no classes, Maps, bigints or cycles), so a
 * whole subtree can be posted to another worker as-is: that is the preferred
 * way to run a subshell, a pipeline stage or a background job elsewhere,
 * because it carries here-document bodies and already-expanded aliases that a
 * re-parse of the source text would lose. `start`/`end` spans are there as
 * well, for `declare -f`, error messages and LINENO.
 *
 * Quoting is kept in the part types, not applied yet: a `Literal` part is
 * unquoted text (it may be tilde-, brace-, split- and glob-expanded by the
 * interpreter); every other text-bearing part is quoted.
 */

// ---------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------

/**
 * Where a command came from. `start`/`end` are UTF-16 offsets into the
 * `source` of the nearest enclosing `Script` that has one (the root script,
 * or a backquoted command substitution, whose text is un-escaped before it is
 * parsed). A command's span covers its own redirections but NOT the bodies of
 * its here-documents, which sit after the end of the line. `line` is the
 * 1-based line of `start` in the original input (absolute even inside
 * backquotes), for LINENO and "line N:" in error messages.
 */
export interface Loc {
  start: number;
  end: number;
  line: number;
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

/** A whole input, a `$( … )` body, an `eval` string, a sourced file. */
export interface Script {
  type: 'Script';
  body: AndOr[];
  /**
   * The text the spans inside index into. Set on the root script (it is the
   * input after alias substitution, so it may differ from what was passed in)
   * and on backquoted substitutions; absent on `$( … )` bodies, which share
   * their parent's source.
   */
  source?: string;
}

/**
 * `a && b || c &`: pipelines joined by `&&`/`||`, evaluated left to right
 * with equal precedence (so this is `(a && b) || c`), then the terminator.
 * Every statement list in the grammar (script, `{ }`, loop bodies, `then`
 * parts, case arms) is an `AndOr[]`.
 */
export interface AndOr extends Loc {
  type: 'AndOr';
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  /** Terminated by `&`: run the whole and-or list in the background. */
  async: boolean;
}

/**
 * `! a | b | c`. A lone command is a one-element pipeline. `a |& b` is
 * already desugared: `2>&1` was appended to `a`'s redirections, exactly as
 * bash(1) "Pipelines" defines it.
 */
export interface Pipeline extends Loc {
  type: 'Pipeline';
  negated: boolean;
  commands: Command[];
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

export type Command =
  | SimpleCommand
  | Subshell
  | BraceGroup
  | If
  | Loop
  | For
  | ArithFor
  | Case
  | FunctionDef
  | DoubleBracket
  | ArithCommand;

/** Every command except SimpleCommand and FunctionDef. */
export type CompoundCommand =
  | Subshell
  | BraceGroup
  | If
  | Loop
  | For
  | ArithFor
  | Case
  | DoubleBracket
  | ArithCommand;

/**
 * `a=1 b+=2 cmd arg >out`. Assignments are only recognised before the command
 * name; redirections may appear anywhere and keep their source order (which
 * matters: `>f 2>&1` differs from `2>&1 >f`). A command may be only
 * assignments, only redirections, or both.
 */
export interface SimpleCommand extends Loc {
  type: 'SimpleCommand';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

/**
 * `name=value`, `name+=value`, `name[idx]=value`, `name=(a b [k]=c)`.
 * The value is expanded without field splitting or globbing; tilde prefixes
 * after `=` and after each unquoted `:` are already TildePrefix parts.
 */
export interface Assignment {
  type: 'Assignment';
  name: string;
  /** `a[i]=v`: the subscript as written (arithmetic for indexed arrays, a string for associative ones). */
  index?: Word;
  append: boolean;
  /** Scalar value; an empty Word for `a=`. Absent when `array` is set. */
  value?: Word;
  /** `a=(…)`: the elements in order; `[k]=v` elements carry `index`. */
  array?: ArrayElement[];
}

export interface ArrayElement {
  index?: Word;
  value: Word;
}

export interface Subshell extends Loc {
  type: 'Subshell';
  body: AndOr[];
  redirects: Redirect[];
}

export interface BraceGroup extends Loc {
  type: 'BraceGroup';
  body: AndOr[];
  redirects: Redirect[];
}

/** `if c1; then b1; elif c2; then b2; else b3; fi`: clauses in order. */
export interface If extends Loc {
  type: 'If';
  clauses: { condition: AndOr[]; body: AndOr[] }[];
  else?: AndOr[];
  redirects: Redirect[];
}

/** `while c; do b; done` and `until c; do b; done`. */
export interface Loop extends Loc {
  type: 'While' | 'Until';
  condition: AndOr[];
  body: AndOr[];
  redirects: Redirect[];
}

/** `for x in a b; do …; done`; `for x; do …` has no `items` and means "$@". */
export interface For extends Loc {
  type: 'For';
  name: string;
  items?: Word[];
  body: AndOr[];
  redirects: Redirect[];
}

/** `for ((init; test; update)); do …; done`; an absent test is true. */
export interface ArithFor extends Loc {
  type: 'ArithFor';
  init?: ArithExpr;
  test?: ArithExpr;
  update?: ArithExpr;
  body: AndOr[];
  redirects: Redirect[];
}

export interface Case extends Loc {
  type: 'Case';
  word: Word;
  items: CaseItem[];
  redirects: Redirect[];
}

export interface CaseItem {
  /** `a|b*)`: each alternative is a pattern Word (quoted parts match literally). */
  patterns: Word[];
  body: AndOr[];
  /**
   * `;;` stop; `;&` fall through into the next arm's body without testing;
   * `;;&` go on testing the following arms. The last arm may have had no
   * terminator in the source: it gets `;;`.
   */
  terminator: ';;' | ';&' | ';;&';
}

/**
 * `f() { …; }`, `function f { …; }`, `function f() ( … )`. The body's own
 * `redirects` are part of the definition and apply on every call. Defining
 * a function does not run anything.
 */
export interface FunctionDef extends Loc {
  type: 'FunctionDef';
  name: string;
  body: CompoundCommand;
}

/** `[[ … ]]`: no word splitting or globbing inside, except pattern operands. */
export interface DoubleBracket extends Loc {
  type: 'DoubleBracket';
  expr: CondExpr;
  redirects: Redirect[];
}

/** `(( expr ))`: status 0 when the value is non-zero. */
export interface ArithCommand extends Loc {
  type: 'ArithCommand';
  expr: ArithExpr;
  redirects: Redirect[];
}

// ---------------------------------------------------------------------------
// [[ ]] expressions
// ---------------------------------------------------------------------------

export type CondExpr = CondAnd | CondOr | CondNot | CondUnary | CondBinary | CondWord;

/** Parentheses only group, so they leave no node. */
export interface CondAnd {
  type: 'CondAnd';
  left: CondExpr;
  right: CondExpr;
}
export interface CondOr {
  type: 'CondOr';
  left: CondExpr;
  right: CondExpr;
}
export interface CondNot {
  type: 'CondNot';
  expr: CondExpr;
}
/** `-f file`, `-z str`, `-v name`, … (op as written, e.g. '-f'). */
export interface CondUnary {
  type: 'CondUnary';
  op: string;
  arg: Word;
}
/**
 * `a == pat`, `a = pat`, `a != pat` (right side is a pattern), `a =~ re`
 * (right side is an extended regex; its quoted parts match literally),
 * `a < b`, `a > b` (string order), `-eq -ne -lt -le -gt -ge` (arithmetic),
 * `-nt -ot -ef` (files).
 */
export interface CondBinary {
  type: 'CondBinary';
  op: string;
  left: Word;
  right: Word;
}
/** A lone word: true when it expands to a non-empty string. */
export interface CondWord {
  type: 'CondWord';
  word: Word;
}

// ---------------------------------------------------------------------------
// Redirections
// ---------------------------------------------------------------------------

export type RedirectOp =
  | '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

/**
 * `2>>file`, `<&3`, `>&-`, `{fd}>file`, `<<EOF`. When `fd` is absent the
 * default applies: 0 for ops starting with `<`, 1 for `>…`; `&>`/`&>>` mean
 * stdout and stderr. For `<&`/`>&` the target expands to a digit string
 * (dup), `-` (close) or, for `>&` only, a file name (then it is `&>`).
 */
export interface Redirect {
  type: 'Redirect';
  op: RedirectOp;
  fd?: number;
  /** `{name}>file`: allocate an fd ≥ 10 and store its number in $name. */
  fdVar?: string;
  /** The file, fd or here-string word; for `<<`/`<<-` the delimiter as written. */
  target: Word;
  /** For `<<` and `<<-` only. */
  heredoc?: HereDoc;
}

/**
 * A here-document body, with `<<-` leading tabs already stripped. `body` is
 * a Word to expand like any other but WITHOUT field splitting or globbing:
 * its only part is a SingleQuoted (delimiter was quoted: the text is taken
 * literally) or a DoubleQuoted whose parts follow here-document rules
 * (`\` escapes only `$ \` \\` and newline; `"` is an ordinary character, the
 * parser has already resolved that).
 */
export interface HereDoc {
  quoted: boolean;
  body: Word;
}

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/**
 * One shell word. `assign` is set only on arguments of the declaration
 * builtins (`declare typeset local export readonly`) that are shaped like an
 * assignment: those expand like an assignment (no splitting/globbing, tilde
 * after `=`/`:`) and may be arrays (`declare -a x=(1 2)`); use `assign`
 * instead of `parts` for them.
 */
export interface Word {
  type: 'Word';
  parts: WordPart[];
  assign?: Assignment;
}

export type WordPart =
  | Literal
  | SingleQuoted
  | AnsiC
  | Escaped
  | DoubleQuoted
  | TildePrefix
  | ParameterExpansion
  | CommandSubstitution
  | ArithmeticExpansion
  | ProcessSubstitution;

/** The parts that can appear inside "…" (and in an unquoted here-doc body). */
export type DoubleQuotedPart = Literal | ParameterExpansion | CommandSubstitution | ArithmeticExpansion;

/**
 * Unquoted text when directly in a Word: `* ? [` in it are glob characters,
 * `{a,b}` / `{1..3}` are brace expansions, whitespace cannot occur. Inside
 * DoubleQuoted it is quoted text like everything else there.
 */
export interface Literal {
  type: 'Literal';
  value: string;
}
/** `'…'`: the text between the quotes. */
export interface SingleQuoted {
  type: 'SingleQuoted';
  value: string;
}
/** `$'…'`, already decoded (\n \t \xHH \uHHHH \0NNN \cX …). */
export interface AnsiC {
  type: 'AnsiC';
  value: string;
}
/** A backslash-escaped character outside quotes (`\*` is a quoted `*`). `\` newline leaves nothing. */
export interface Escaped {
  type: 'Escaped';
  value: string;
}
/** `"…"` and `$"…"`. An empty "" is a DoubleQuoted with no parts (it still makes an empty field). */
export interface DoubleQuoted {
  type: 'DoubleQuoted';
  parts: DoubleQuotedPart[];
}
/**
 * `~`, `~user`, `~+`, `~-` at the start of a word, or after `=` / unquoted `:`
 * in an assignment value. Only produced when the whole prefix up to `/` (or
 * `:` in assignments, or the end) was unquoted. `user` is '' for plain `~`.
 */
export interface TildePrefix {
  type: 'TildePrefix';
  user: string;
}

/**
 * `$x`, `${x}`, `$1`, `${10}`, `$?`, `${a[i]}`, `${#x}`, `${x:-w}`, … .
 * `name` is a variable name, a positional number ('0', '1', '10') or one of
 * the special parameters `@ * # ? - $ !`.
 */
export interface ParameterExpansion {
  type: 'Parameter';
  name: string;
  /** `${a[i]}`: the subscript as written; '@' / '*' for `${a[@]}` / `${a[*]}`. */
  index?: Word | '@' | '*';
  /** `${!x}`: expand x, then use its value as the parameter name. */
  indirect?: boolean;
  op?: ParameterOp;
}

export type ParameterOp =
  /** `${#x}`, `${#a[@]}`. */
  | { kind: 'length' }
  /** `${x:-w}` default, `${x:=w}` assign, `${x:?w}` error, `${x:+w}` alternative; without `:` only unset counts. */
  | { kind: 'default'; op: ':-' | '-' | ':=' | '=' | ':?' | '?' | ':+' | '+'; word: Word }
  /** `${x#p}` shortest prefix, `##` longest prefix, `%` shortest suffix, `%%` longest suffix. */
  | { kind: 'remove'; op: '#' | '##' | '%' | '%%'; pattern: Word }
  /** `${x/p/r}` first, `//` all, `/#` anchored at start, `/%` anchored at end. No replacement = delete. */
  | { kind: 'replace'; op: '/' | '//' | '/#' | '/%'; pattern: Word; replacement?: Word }
  /** `${x:off}`, `${x:off:len}`; negative values count from the end. */
  | { kind: 'substring'; offset: ArithExpr; length?: ArithExpr }
  /** `${x^p}` `${x^^p}` `${x,p}` `${x,,p}`; no pattern = every character. */
  | { kind: 'case'; op: '^' | '^^' | ',' | ',,'; pattern?: Word }
  /** `${x@Q}` and friends. */
  | { kind: 'transform'; op: 'Q' | 'E' | 'P' | 'A' | 'K' | 'a' | 'U' | 'u' | 'L' }
  /** `${!prefix*}` / `${!prefix@}`: names of set variables starting with `name`. */
  | { kind: 'names'; op: '*' | '@' }
  /** `${!a[@]}` / `${!a[*]}`: the array's keys (`index` tells which). */
  | { kind: 'keys' };

/** `$( … )` or `` `…` ``: run `script` in a subshell and take its output. */
export interface CommandSubstitution {
  type: 'CommandSubstitution';
  script: Script;
  backquote: boolean;
}

/** `$(( … ))`. */
export interface ArithmeticExpansion {
  type: 'ArithmeticExpansion';
  expr: ArithExpr;
}

/** `<( … )` / `>( … )`: expands to a path (e.g. /dev/fd/N) connected to the command. */
export interface ProcessSubstitution {
  type: 'ProcessSubstitution';
  direction: '<' | '>';
  script: Script;
}

// ---------------------------------------------------------------------------
// Arithmetic (bash(1) "ARITHMETIC EVALUATION"; C precedence, 64-bit integers)
// ---------------------------------------------------------------------------

export type ArithExpr =
  | ArithNumber
  | ArithVariable
  | ArithWord
  | ArithUnary
  | ArithUpdate
  | ArithBinary
  | ArithConditional
  | ArithAssign
  | ArithSyntaxError;

/** A constant already converted from 0x1F, 017, 2#101, 64#_ …: a decimal string, exact (use BigInt for 64-bit wrap-around). */
export interface ArithNumber {
  type: 'ArithNumber';
  value: string;
}
/**
 * `x` or `a[i]`. Evaluating it reads the variable and, when its value is not
 * a number, evaluates that value as an expression in turn (bash does; guard
 * the recursion). Unset or empty is 0.
 */
export interface ArithVariable {
  type: 'ArithVariable';
  name: string;
  index?: ArithExpr;
}
/**
 * `$x`, `${…}`, `$(…)`, `$((…))` inside an expression: expand the word to a
 * string, then evaluate that string with `parseArithmetic` as if it were
 * parenthesised. (bash substitutes text first, so `x=1+2; $(($x*2))` is 5 in
 * bash but 6 here; an accepted difference.)
 */
export interface ArithWord {
  type: 'ArithWord';
  word: Word;
}
export interface ArithUnary {
  type: 'ArithUnary';
  op: '+' | '-' | '!' | '~';
  arg: ArithExpr;
}
/** `++x`, `x--`. */
export interface ArithUpdate {
  type: 'ArithUpdate';
  op: '++' | '--';
  prefix: boolean;
  target: ArithVariable;
}
/** `&&`/`||` short-circuit; `,` evaluates both and yields the right; `**` is right-associative. */
export interface ArithBinary {
  type: 'ArithBinary';
  op:
    | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '<=' | '>' | '>='
    | '==' | '!=' | '&' | '^' | '|' | '&&' | '||' | '**' | ',';
  left: ArithExpr;
  right: ArithExpr;
}
export interface ArithConditional {
  type: 'ArithConditional';
  test: ArithExpr;
  consequent: ArithExpr;
  alternate: ArithExpr;
}
export interface ArithAssign {
  type: 'ArithAssign';
  op: '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '^=' | '|=';
  target: ArithVariable;
  value: ArithExpr;
}
/**
 * Arithmetic that does not parse. bash reports these when the expression is
 * evaluated, not when the script is read (`false && echo $((1+))` is fine),
 * so the parser keeps them as a node: evaluating it is an error with
 * `message` (bash's text, e.g. `1+: syntax error: operand expected (error
 * token is "+")`), exit status 1.
 */
export interface ArithSyntaxError {
  type: 'ArithSyntaxError';
  message: string;
}
