import { describe, expect, it } from 'vitest';
import type {
  AndOr, ArithExpr, Command, CondExpr, ParameterExpansion, Redirect, Script, SimpleCommand, Word, WordPart,
} from '../../runtimes/sh/ast.js';
import { parse, parseArithmetic, parseWord, ShParser, ShSyntaxError } from '../../runtimes/sh/parser.js';

// ---------------------------------------------------------------------------
// Compact renderings, so each case reads as one line
// ---------------------------------------------------------------------------

function showArith(e: ArithExpr): string {
  switch (e.type) {
    case 'ArithNumber': return e.value;
    case 'ArithVariable': return e.index ? `${e.name}[${showArith(e.index)}]` : e.name;
    case 'ArithWord': return showWord(e.word);
    case 'ArithUnary': return `(${e.op} ${showArith(e.arg)})`;
    case 'ArithUpdate': return e.prefix ? `(${e.op}pre ${showArith(e.target)})` : `(${e.op}post ${showArith(e.target)})`;
    case 'ArithBinary': return `(${e.op} ${showArith(e.left)} ${showArith(e.right)})`;
    case 'ArithConditional': return `(? ${showArith(e.test)} ${showArith(e.consequent)} ${showArith(e.alternate)})`;
    case 'ArithAssign': return `(${e.op} ${showArith(e.target)} ${showArith(e.value)})`;
    case 'ArithSyntaxError': return `ERR<${e.message}>`;
  }
}

function showParam(p: ParameterExpansion): string {
  let s = (p.indirect ? '!' : '') + p.name;
  if (p.index !== undefined) s += `[${typeof p.index === 'string' ? p.index : showWord(p.index)}]`;
  const op = p.op;
  if (!op) return `\${${s}}`;
  switch (op.kind) {
    case 'length': return `\${#${s}}`;
    case 'default': return `\${${s}${op.op}${showWord(op.word)}}`;
    case 'remove': return `\${${s}${op.op}${showWord(op.pattern)}}`;
    case 'replace': return `\${${s}${op.op}${showWord(op.pattern)}${op.replacement ? '/' + showWord(op.replacement) : ''}}`;
    case 'substring': return `\${${s}:${showArith(op.offset)}${op.length ? ':' + showArith(op.length) : ''}}`;
    case 'case': return `\${${s}${op.op}${op.pattern ? showWord(op.pattern) : ''}}`;
    case 'transform': return `\${${s}@${op.op}}`;
    case 'names': return `\${!${s}${op.op}}`;
    case 'keys': return `\${!${s}}`;
  }
}

function showPart(p: WordPart): string {
  switch (p.type) {
    case 'Literal': return p.value;
    case 'SingleQuoted': return `'${p.value}'`;
    case 'AnsiC': return `A${JSON.stringify(p.value)}`;
    case 'Escaped': return `\\${p.value}`;
    case 'DoubleQuoted': return `"${p.parts.map(showPart).join('')}"`;
    case 'TildePrefix': return `~{${p.user}}`;
    case 'Parameter': return showParam(p);
    case 'CommandSubstitution': return `${p.backquote ? 'B' : ''}$(${showScript(p.script)})`;
    case 'ArithmeticExpansion': return `$((${showArith(p.expr)}))`;
    case 'ProcessSubstitution': return `${p.direction}(${showScript(p.script)})`;
  }
}

function showWord(w: Word): string {
  return w.parts.map(showPart).join('');
}

function showRedirect(r: Redirect): string {
  const fd = r.fd !== undefined ? String(r.fd) : r.fdVar !== undefined ? `{${r.fdVar}}` : '';
  return `${fd}${r.op}${showWord(r.target)}`;
}

function showCommand(c: Command): string {
  const redirs = (rs: Redirect[]) => (rs.length ? ' ' + rs.map(showRedirect).join(' ') : '');
  switch (c.type) {
    case 'SimpleCommand': {
      const a = c.assignments.map((x) => {
        const v = x.array ? `(${x.array.map((e) => (e.index ? `[${showWord(e.index)}]=` : '') + showWord(e.value)).join(' ')})` : showWord(x.value!);
        return `${x.name}${x.index ? `[${showWord(x.index)}]` : ''}${x.append ? '+=' : '='}${v}`;
      });
      return [...a, ...c.words.map(showWord)].join(' ') + redirs(c.redirects);
    }
    case 'Subshell': return `(${showList(c.body)})${redirs(c.redirects)}`;
    case 'BraceGroup': return `{ ${showList(c.body)} }${redirs(c.redirects)}`;
    case 'If':
      return `if ${c.clauses.map((cl) => `${showList(cl.condition)} then ${showList(cl.body)}`).join(' elif ')}${c.else ? ` else ${showList(c.else)}` : ''} fi${redirs(c.redirects)}`;
    case 'While':
    case 'Until': return `${c.type.toLowerCase()} ${showList(c.condition)} do ${showList(c.body)} done${redirs(c.redirects)}`;
    case 'For': return `for ${c.name}${c.items ? ` in ${c.items.map(showWord).join(' ')}` : ''} do ${showList(c.body)} done`;
    case 'ArithFor':
      return `for ((${[c.init, c.test, c.update].map((e) => (e ? showArith(e) : '')).join(';')})) do ${showList(c.body)} done`;
    case 'Case':
      return `case ${showWord(c.word)} in ${c.items.map((i) => `${i.patterns.map(showWord).join('|')}) ${showList(i.body)} ${i.terminator}`).join(' ')} esac`;
    case 'FunctionDef': return `${c.name}() ${showCommand(c.body)}`;
    case 'DoubleBracket': return `[[ ${showCond(c.expr)} ]]`;
    case 'ArithCommand': return `((${showArith(c.expr)}))`;
  }
}

function showCond(e: CondExpr): string {
  switch (e.type) {
    case 'CondAnd': return `(${showCond(e.left)} && ${showCond(e.right)})`;
    case 'CondOr': return `(${showCond(e.left)} || ${showCond(e.right)})`;
    case 'CondNot': return `!${showCond(e.expr)}`;
    case 'CondUnary': return `${e.op} ${showWord(e.arg)}`;
    case 'CondBinary': return `${showWord(e.left)} ${e.op} ${showWord(e.right)}`;
    case 'CondWord': return showWord(e.word);
  }
}

function showAndOr(a: AndOr): string {
  const pipe = (p: AndOr['first']) => (p.negated ? '! ' : '') + p.commands.map(showCommand).join(' | ');
  return [pipe(a.first), ...a.rest.map((r) => `${r.op} ${pipe(r.pipeline)}`)].join(' ') + (a.async ? ' &' : ';');
}

function showList(list: AndOr[]): string {
  return list.map(showAndOr).join(' ');
}

function showScript(s: Script): string {
  return showList(s.body);
}

/** The whole script, rendered. */
const show = (src: string): string => showScript(parse(src));
/** The first command of the script. */
const first = (src: string): Command => parse(src).body[0]!.first.commands[0]!;
/** The words of the first (simple) command, rendered. */
const words = (src: string): string[] => (first(src) as SimpleCommand).words.map(showWord);

function syntaxError(src: string): ShSyntaxError {
  try {
    parse(src);
  } catch (e) {
    if (e instanceof ShSyntaxError) return e;
    throw e;
  }
  throw new Error(`no syntax error for ${JSON.stringify(src)}`);
}

// ---------------------------------------------------------------------------

describe('lists and pipelines', () => {
  it('parses and-or lists left to right with terminators', () => {
    expect(show('a && b || c & d; e')).toBe('a && b || c & d; e;');
  });
  it('parses pipelines and negation', () => {
    expect(show('! a | b | c')).toBe('! a | b | c;');
    expect(show('! ! a')).toBe('a;');
  });
  it('desugars |& into 2>&1 after the command\'s own redirections', () => {
    expect(show('a >f |& b')).toBe('a >f 2>&1 | b;');
  });
  it('allows newlines after | && ||', () => {
    expect(show('a |\n b &&\n\n c ||\n d')).toBe('a | b && c || d;');
  });
  it('separates commands by newlines and skips blank lines and comments', () => {
    expect(show('# c\n\na # x\n\n  b\n')).toBe('a; b;');
  });
  it('keeps # inside words', () => {
    expect(words('echo a#b #c')).toEqual(['echo', 'a#b']);
  });
  it('joins line continuations', () => {
    expect(words('echo a\\\nb \\\n c')).toEqual(['echo', 'ab', 'c']);
  });
  it('parses an empty script', () => {
    expect(parse('').body).toEqual([]);
    expect(parse('\n\n  # only a comment\n').body).toEqual([]);
  });
  it('records spans and line numbers', () => {
    const src = 'echo a\n  if x; then\n y\n fi >o\nz';
    const s = parse(src);
    const ifCmd = s.body[1]!.first.commands[0]!;
    expect(src.slice(ifCmd.start, ifCmd.end)).toBe('if x; then\n y\n fi >o');
    expect(ifCmd.line).toBe(2);
    expect(s.body[2]!.line).toBe(5);
    expect(s.source).toBe(src);
  });
  it('produces plain JSON', () => {
    const s = parse('f() { cat <<E | x $((1+2)); }\nbody\nE\n');
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('simple commands', () => {
  it('splits assignments, words and redirections', () => {
    expect(show('a=1 b+=2 >o cmd x 2>>e y')).toBe('a=1 b+=2 cmd x y >o 2>>e;');
  });
  it('only recognises assignments before the command name', () => {
    const c = first('a=1 echo b=2') as SimpleCommand;
    expect(c.assignments.map((a) => a.name)).toEqual(['a']);
    expect(c.words.map(showWord)).toEqual(['echo', 'b=2']);
  });
  it('parses assignment-only and redirection-only commands', () => {
    expect(show('x=')).toBe('x=;');
    expect(show('>f')).toBe(' >f;');
  });
  it('parses array assignments', () => {
    expect(show('a=(1 "2 3" [5]=x) b[i+1]=y c+=(z)')).toBe('a=(1 "2 3" [5]=x) b[i+1]=y c+=(z);');
    expect(show('a=(\n 1 # c\n 2\n)')).toBe('a=(1 2);');
  });
  it('marks assignment-shaped arguments of declaration builtins', () => {
    const c = first('local -a x=(1 2) y=$z w') as SimpleCommand;
    expect(c.words.map((w) => w.assign?.name ?? null)).toEqual([null, null, 'x', 'y', null]);
    expect(c.words[2]!.assign!.array!.length).toBe(2);
    expect(showWord(c.words[3]!.assign!.value!)).toBe('${z}');
    expect((first('echo x=1') as SimpleCommand).words[1]!.assign).toBeUndefined();
  });
  it('treats reserved words as ordinary arguments', () => {
    expect(words('echo if then fi done { } !')).toEqual(['echo', 'if', 'then', 'fi', 'done', '{', '}', '!']);
  });
  it('does not take keyword-like prefixes as keywords', () => {
    expect(words('iffy')).toEqual(['iffy']);
    expect(show('fi=1; {a,b}')).toBe('fi=1; {a,b};');
  });
  it('parses process substitution', () => {
    expect(words('diff <(ls) >(wc)')).toEqual(['diff', '<(ls;)', '>(wc;)']);
    expect(show('x < <(y)')).toBe('x <<(y;);');
  });
});

describe('redirections', () => {
  const redirs = (src: string) => (first(src) as SimpleCommand).redirects.map(showRedirect);
  it('parses every operator', () => {
    expect(redirs('c <a >b >>c >|d <>e <&3 >&- &>f &>>g <<<h 2>&1 10>x')).toEqual([
      '<a', '>b', '>>c', '>|d', '<>e', '<&3', '>&-', '&>f', '&>>g', '<<<h', '2>&1', '10>x',
    ]);
  });
  it('parses {var}> redirections', () => {
    expect(redirs('exec {fd}>f')).toEqual(['{fd}>f']);
  });
  it('does not take digits apart from an operator as an fd', () => {
    expect(show('echo 2 >f')).toBe('echo 2 >f;');
  });
  it('carries redirections on compound commands', () => {
    expect(show('{ a; } >o 2>&1')).toBe('{ a; } >o 2>&1;');
    expect(show('while x; do y; done <in')).toBe('while x; do y; done <in;');
  });
  it('rejects a missing target', () => {
    expect(syntaxError('echo >').message).toBe("syntax error near unexpected token `newline'");
    expect(syntaxError('echo > ;').message).toBe("syntax error near unexpected token `;'");
  });
});

describe('here-documents', () => {
  const heredoc = (src: string, n = 0) => {
    const s = parse(src);
    const rs: Redirect[] = [];
    const visit = (list: AndOr[]) => {
      for (const a of list) for (const p of [a.first, ...a.rest.map((r) => r.pipeline)]) {
        for (const c of p.commands) {
          if (c.type === 'SimpleCommand') {
            rs.push(...c.redirects);
            for (const w of c.words) for (const part of w.parts) if (part.type === 'CommandSubstitution') visit(part.script.body);
          }
          if (c.type === 'BraceGroup') visit(c.body);
        }
      }
    };
    visit(s.body);
    return rs.filter((r) => r.heredoc)[n]!.heredoc!;
  };
  it('collects the body after the line and parses expansions', () => {
    const h = heredoc('cat <<EOF; echo next\nhi $USER "q" \\$x \\a\nEOF\necho after');
    expect(h.quoted).toBe(false);
    expect(showWord(h.body)).toBe('"hi ${USER} "q" $x \\a\n"');
  });
  it('keeps a quoted delimiter\'s body literal', () => {
    for (const d of ["'EOF'", '"EOF"', '\\EOF', "E'O'F"]) {
      const h = heredoc(`cat <<${d}\n$x \`y\`\nEOF\n`);
      expect(h.quoted).toBe(true);
      expect(h.body.parts).toEqual([{ type: 'SingleQuoted', value: '$x `y`\n' }]);
    }
  });
  it('strips leading tabs with <<-', () => {
    const h = heredoc('cat <<-EOF\n\t\ta\n\tb\n\tEOF\n');
    expect(showWord(h.body)).toBe('"a\nb\n"');
  });
  it('reads several here-documents from one line in order', () => {
    const src = 'cat <<A; cat <<B\none\nA\ntwo\nB\necho done';
    expect(showWord(heredoc(src, 0).body)).toBe('"one\n"');
    expect(showWord(heredoc(src, 1).body)).toBe('"two\n"');
    expect(show(src).endsWith('echo done;')).toBe(true);
  });
  it('works inside $( )', () => {
    expect(showWord(heredoc('echo $(cat <<E\ninner\nE\n)\n').body)).toBe('"inner\n"');
    const s = parse('echo $(cat <<E\ninner\nE\n) after');
    expect((s.body[0]!.first.commands[0] as SimpleCommand).words.map(showWord)[2]).toBe('after');
  });
  it('works inside compound commands', () => {
    expect(show('if x; then\ncat <<E\nbody\nE\nfi')).toBe('if x; then cat <<E; fi;');
  });
  it('ends at end of input with bash\'s warning', () => {
    const p = new ShParser('cat <<EOF\nline');
    const line = p.next()!;
    const r = (line[0]!.first.commands[0] as SimpleCommand).redirects[0]!;
    expect(showWord(r.heredoc!.body)).toBe('"line\n"');
    expect(p.warnings[0]).toMatch(/here-document at line 1 delimited by end-of-file \(wanted `EOF'\)/);
    const q = new ShParser('cat <<EOF');
    expect((q.next()![0]!.first.commands[0] as SimpleCommand).redirects[0]!.heredoc).toBeDefined();
  });
  it('parses command substitutions in the body with their own source', () => {
    const h = heredoc('cat <<E\n$(echo a)\nE\n');
    const cs = (h.body.parts[0] as { parts: WordPart[] }).parts[0]!;
    expect(cs.type).toBe('CommandSubstitution');
    if (cs.type === 'CommandSubstitution') expect(cs.script.source).toBe('$(echo a)\n');
  });
});

describe('quoting', () => {
  it('keeps quoted and unquoted text apart', () => {
    expect(words(`echo a'b c'"d $e" \\* *`)).toEqual(['echo', `a'b c'"d \${e}"`, '\\*', '*']);
  });
  it('applies double-quote backslash rules', () => {
    const w = parse('echo "\\$ \\` \\" \\\\ \\a \\\nb"').body[0]!.first.commands[0] as SimpleCommand;
    expect(w.words[1]!.parts).toEqual([{ type: 'DoubleQuoted', parts: [{ type: 'Literal', value: '$ ` " \\ \\a b' }] }]);
  });
  it('keeps an empty quoted word', () => {
    expect(words(`echo "" ''`)).toEqual(['echo', '""', "''"]);
  });
  it('decodes ANSI-C strings', () => {
    const v = (s: string) => ((first(`echo $'${s}'`) as SimpleCommand).words[1]!.parts[0] as { value: string }).value;
    expect(v('a\\nb\\tc\\\\\\\'\\"')).toBe('a\nb\tc\\\'"');
    expect(v('\\x41\\101\\u00e9\\e\\a\\b\\f\\r\\v')).toBe('AAé\x1b\x07\b\f\r\v');
    expect(v('\\xc3\\xa9')).toBe('é');
    expect(v('\\cA\\z')).toBe('\x01\\z');
    expect(v('a\\0b')).toBe('a');
  });
  it('treats $"…" as a double-quoted string', () => {
    expect(words('echo $"a $b"')).toEqual(['echo', '"a ${b}"']);
  });
  it('keeps a lone $ literal', () => {
    expect(words('echo $ a$ "$" $/')).toEqual(['echo', '$', 'a$', '"$"', '$/']);
  });
  it('reports unterminated quotes like bash', () => {
    expect(syntaxError("echo 'abc").message).toBe("unexpected EOF while looking for matching `''");
    expect(syntaxError('echo "abc').message).toBe('unexpected EOF while looking for matching `"\'');
    expect(syntaxError('echo `abc').message).toBe("unexpected EOF while looking for matching ``'");
    expect(syntaxError('echo $(abc').message).toBe("unexpected EOF while looking for matching `)'");
    expect(syntaxError('echo ${abc').message).toBe("unexpected EOF while looking for matching `}'");
  });
});

describe('tilde prefixes', () => {
  it('recognises ~ and ~user at the start of a word', () => {
    expect(words('echo ~ ~/x ~bob/y ~+ a~ "~" \\~ ~"q"')).toEqual([
      'echo', '~{}', '~{}/x', '~{bob}/y', '~{+}', 'a~', '"~"', '\\~', '~"q"',
    ]);
  });
  it('recognises tildes after = and : in assignments', () => {
    expect(show('PATH=~/bin:~x/sbin:/a~')).toBe('PATH=~{}/bin:~{x}/sbin:/a~;');
  });
  it('recognises a tilde after = in an assignment-shaped argument, as bash does', () => {
    expect(words('echo a=~/x --p=~/y b:~')).toEqual(['echo', 'a=~{}/x', '--p=~/y', 'b:~']);
  });
});

describe('parameter expansion', () => {
  it('parses simple and special parameters', () => {
    expect(words('echo $a $_b1 $? $! $$ $# $@ $* $0 $1 $12 ${10} $-')).toEqual([
      'echo', '${a}', '${_b1}', '${?}', '${!}', '${$}', '${#}', '${@}', '${*}', '${0}', '${1}', '${1}2', '${10}', '${-}',
    ]);
  });
  it('parses length, default, remove, replace operators', () => {
    expect(words('e ${#x} ${x:-a b} ${x-$y} ${x:=1} ${x?err} ${x:+alt} ${x#*/} ${x##*/} ${x%.*} ${x%%.*}')).toEqual([
      'e', '${#x}', '${x:-a b}', '${x-${y}}', '${x:=1}', '${x?err}', '${x:+alt}', '${x#*/}', '${x##*/}', '${x%.*}', '${x%%.*}',
    ]);
    expect(words('e ${x/a/b} ${x//a} ${x/#a/b} ${x/%a/b} ${x/a\\/b/c}')).toEqual([
      'e', '${x/a/b}', '${x//a}', '${x/#a/b}', '${x/%a/b}', '${x/a\\/b/c}',
    ]);
  });
  it('parses substrings as arithmetic', () => {
    expect(words('e ${x:1} ${x:1:2} ${x: -1} ${x:i+1:$n}')).toEqual([
      'e', '${x:1}', '${x:1:2}', '${x:(- 1)}', '${x:(+ i 1):${n}}',
    ]);
  });
  it('parses case, transform, indirect and array forms', () => {
    expect(words('e ${x^^} ${x,} ${x^[ab]} ${x@Q} ${!x} ${!pre*} ${!a[@]} ${a[1]} ${a[@]} ${#a[*]} ${a[$i]:-z}')).toEqual([
      'e', '${x^^}', '${x,}', '${x^[ab]}', '${x@Q}', '${!x}', '${!pre*}', '${!a[@]}', '${a[1]}', '${a[@]}', '${#a[*]}', '${a[${i}]:-z}',
    ]);
  });
  it('nests expansions and quotes in the operator word', () => {
    expect(words('e ${x:-"$y"} "${x:-\'q\'}" ${x:-${y:-$(z)}} ${x#"*"}')).toEqual([
      'e', '${x:-"${y}"}', `"\${x:-'q'}"`, '${x:-${y:-$(z;)}}', '${x#"*"}',
    ]);
  });
  it('reports bad substitutions', () => {
    expect(syntaxError('echo ${x&}').message).toBe('${x&}: bad substitution');
    expect(syntaxError('echo ${}').message).toBe('${}: bad substitution');
  });
});

describe('command substitution', () => {
  it('parses $( ) as a nested script', () => {
    expect(words('echo $(a | b; c) "$(d)"')).toEqual(['echo', '$(a | b; c;)', '"$(d;)"']);
  });
  it('handles case patterns with ) inside $( )', () => {
    expect(words('echo $(case x in a) echo y;; (b) z;; esac) after')).toEqual([
      'echo', '$(case x in a) echo y; ;; b) z; ;; esac;)', 'after',
    ]);
  });
  it('parses backquotes with escapes, nested backquotes and their own source', () => {
    expect(words('echo `a \\`b\\`` "`c \\"d\\"`"')).toEqual(['echo', 'B$(a B$(b;);)', '"B$(c "d";)"']);
    const w = (first('echo `x\\$y`') as SimpleCommand).words[1]!.parts[0]!;
    if (w.type === 'CommandSubstitution') expect(w.script.source).toBe('x$y');
  });
  it('gives nested scripts absolute line numbers', () => {
    const s = parse('\n\necho $(\na\n)');
    const cs = (s.body[0]!.first.commands[0] as SimpleCommand).words[1]!.parts[0]!;
    if (cs.type !== 'CommandSubstitution') throw new Error('expected substitution');
    expect(cs.script.body[0]!.line).toBe(4);
    expect(cs.script.source).toBeUndefined();
  });
  it('tells $(( )) from $( ( ) )', () => {
    expect(words('e $((1+2)) $((a) | b) $( (c) )')).toEqual(['e', '$(((+ 1 2)))', '$((a;) | b;)', '$((c;);)']);
  });
});

describe('arithmetic', () => {
  const arith = (s: string) => showArith(parseArithmetic(s));
  it('follows C precedence and associativity', () => {
    expect(arith('1 + 2 * 3 - 4')).toBe('(- (+ 1 (* 2 3)) 4)');
    expect(arith('a || b && c | d ^ e & f == g < h << i')).toBe('(|| a (&& b (| c (^ d (& e (== f (< g (<< h i))))))))');
    expect(arith('2 ** 3 ** 2')).toBe('(** 2 (** 3 2))');
    expect(arith('-2 ** 2')).toBe('(** (- 2) 2)');
    expect(arith('a = b += 1, c')).toBe('(, (= a (+= b 1)) c)');
    expect(arith('x ? y : z ? 1 : 2')).toBe('(? x y (? z 1 2))');
    expect(arith('(1 + 2) * 3')).toBe('(* (+ 1 2) 3)');
  });
  it('parses unary, update and comparison operators', () => {
    expect(arith('!a + ~b - -c')).toBe('(- (+ (! a) (~ b)) (- c))');
    expect(arith('++i + j-- - --k')).toBe('(- (+ (++pre i) (--post j)) (--pre k))');
    expect(arith('1 - -1')).toBe('(- 1 (- 1))');
    expect(arith('a <= b != c >= d')).toBe('(!= (<= a b) (>= c d))');
    expect(arith('x <<= 2')).toBe('(<<= x 2)');
  });
  it('converts numbers in every base', () => {
    expect(arith('0x1F + 017 + 2#101 + 64#_ + 16#ff + 9')).toBe('(+ (+ (+ (+ (+ 31 15) 5) 63) 255) 9)');
    expect(arith('9223372036854775808')).toBe('-9223372036854775808');
  });
  it('parses variables, subscripts and expansions', () => {
    expect(arith('a[i+1] + $x + ${y} + $(echo 1)')).toBe('(+ (+ (+ a[(+ i 1)] ${x}) ${y}) $(echo 1;))');
  });
  it('keeps malformed expressions as error nodes with bash\'s message', () => {
    expect(arith('1+')).toBe('ERR<1+: syntax error: operand expected (error token is "+")>');
    expect(arith('08')).toBe('ERR<08: value too great for base (error token is "08")>');
    expect(arith('1 2')).toBe('ERR<1 2: syntax error in expression (error token is "2")>');
    expect(arith('(1')).toMatch(/missing `\)'/);
    expect(arith('1 = 2')).toMatch(/attempted assignment to non-variable/);
    expect(arith('')).toBe('0');
  });
  it('defers errors in $(( )) to run time', () => {
    expect(words('echo $((1+))')[1]).toBe('$((ERR<1+: syntax error: operand expected (error token is "+")>))');
  });
  it('parses (( )) commands and arithmetic for loops', () => {
    expect(show('((i++))')).toBe('(((++post i)));');
    expect(show('for ((i=0; i<3; i++)); do echo $i; done')).toBe('for (((= i 0);(< i 3);(++post i))) do echo ${i}; done;');
    expect(show('for ((;;)) { x; }')).toBe('for ((;;)) do x; done;');
  });
  it('treats (( that does not close with )) as nested subshells', () => {
    expect(show('((a); b)')).toBe('((a;); b;);');
  });
});

describe('compound commands', () => {
  it('parses if / elif / else', () => {
    expect(show('if a; then b; elif c\nthen d; else e; fi')).toBe('if a; then b; elif c; then d; else e; fi;');
  });
  it('parses while and until', () => {
    expect(show('while a; do b; done; until c\ndo\nd\ndone')).toBe('while a; do b; done; until c; do d; done;');
  });
  it('parses for loops with and without a list', () => {
    expect(show('for x in a "b c" $d; do e; done')).toBe('for x in a "b c" ${d} do e; done;');
    expect(show('for x; do e; done')).toBe('for x do e; done;');
    expect(show('for x do e; done')).toBe('for x do e; done;');
    expect(show('for x in; do e; done')).toBe('for x in  do e; done;');
    expect(show('for x\nin do done\ndo e; done')).toBe('for x in do done do e; done;');
    expect(show('for x in a; { e; }')).toBe('for x in a do e; done;');
    expect((first('for x; do e; done') as { items?: unknown }).items).toBeUndefined();
  });
  it('parses case with all terminators and optional (', () => {
    expect(show('case $x in\n  (a|b*) one;;\n  c) two;&\n  d) ;;&\n  *) last\nesac')).toBe(
      'case ${x} in a|b*) one; ;; c) two; ;& d)  ;;& *) last; ;; esac;',
    );
    expect(show('case x in esac')).toBe('case x in  esac;');
    expect(show('case x in in) a;; esac')).toBe('case x in in) a; ;; esac;');
  });
  it('parses subshells and brace groups', () => {
    expect(show('(a; b) | { c; d; }')).toBe('(a; b;) | { c; d; };');
  });
  it('accepts a compound command followed directly by a closing keyword', () => {
    expect(show('if a; then (b) fi')).toBe('if a; then (b;); fi;');
  });
  it('parses function definitions', () => {
    expect(show('f() { a; }')).toBe('f() { a; };');
    expect(show('f ( )\n{\na\n}')).toBe('f() { a; };');
    expect(show('function g { a; }; function h() (b) >o')).toBe('g() { a; }; h() (b;) >o;');
    expect(show('foo-bar() { :; }')).toBe('foo-bar() { :; };');
    expect(show('f() if a; then b; fi')).toBe('f() if a; then b; fi;');
  });
  it('gives function bodies a span for re-printing', () => {
    const src = 'f() { echo hi; } >log';
    const f = first(src);
    if (f.type !== 'FunctionDef') throw new Error('expected function');
    expect(src.slice(f.body.start, f.body.end)).toBe('{ echo hi; } >log');
  });
});

describe('[[ ]]', () => {
  it('parses unary, binary and logical tests with precedence', () => {
    expect(show('[[ -f a || ! -d b && c ]]')).toBe('[[ (-f a || (!-d b && c)) ]];');
    expect(show('[[ ( a || b ) && c ]]')).toBe('[[ ((a || b) && c) ]];');
    expect(show('[[ $a == b* && $c != "d*" ]]')).toBe('[[ (${a} == b* && ${c} != "d*") ]];');
    expect(show('[[ a < b ]] && [[ 1 -lt 2 ]]')).toBe('[[ a < b ]] && [[ 1 -lt 2 ]];');
  });
  it('reads =~ regexes with parentheses, bars and spaces inside groups', () => {
    expect(show('[[ $x =~ ^(a|b)[0-9]+$ ]]')).toBe('[[ ${x} =~ ^(a|b)[0-9]+$ ]];');
    expect(show('[[ $x =~ (a b) ]]')).toBe('[[ ${x} =~ (a b) ]];');
    expect(show("[[ $x =~ 'a.b'c ]]")).toBe("[[ ${x} =~ 'a.b'c ]];");
  });
  it('treats a unary operator before a binary one as a word', () => {
    expect(show('[[ -f == x ]]')).toBe('[[ -f == x ]];');
    expect(show('[[ -n ]]')).toBe('[[ -n ]];');
  });
  it('allows newlines inside and redirections after', () => {
    expect(show('[[ a &&\n b ]] >o')).toBe('[[ (a && b) ]];');
  });
  it('rejects malformed conditions', () => {
    expect(syntaxError('[[ a == ]]').message).toMatch(/conditional expression/);
    expect(syntaxError('[[ a').message).toMatch(/EOF/);
  });
});

describe('syntax errors', () => {
  it('reports unexpected tokens like bash', () => {
    expect(syntaxError('if true; then echo; fi fi').message).toBe("syntax error near unexpected token `fi'");
    expect(syntaxError(')').message).toBe("syntax error near unexpected token `)'");
    expect(syntaxError('a;;').message).toBe("syntax error near unexpected token `;;'");
    expect(syntaxError('; a').message).toBe("syntax error near unexpected token `;'");
    expect(syntaxError('a && && b').message).toBe("syntax error near unexpected token `&&'");
    expect(syntaxError('a | ').message).toBe('syntax error: unexpected end of file');
    expect(syntaxError('( )').message).toBe("syntax error near unexpected token `)'");
    expect(syntaxError('{ }').message).toBe("syntax error near unexpected token `}'");
    expect(syntaxError('if then fi').message).toBe("syntax error near unexpected token `then'");
    expect(syntaxError('echo (').message).toBe("syntax error near unexpected token `('");
    expect(syntaxError('f() echo').message).toBe("syntax error near unexpected token `echo'");
    expect(syntaxError('a | ! b').message).toBe("syntax error near unexpected token `!'");
    expect(syntaxError('echo ${').message).toBe("unexpected EOF while looking for matching `}'");
  });
  it('reports unexpected end of file with the line', () => {
    const e = syntaxError('if true; then\n  echo\n');
    expect(e.message).toBe('syntax error: unexpected end of file');
    expect(e.line).toBe(3);
    expect(syntaxError('while a; do b').message).toBe('syntax error: unexpected end of file');
    expect(syntaxError('case x in a) b').message).toBe('syntax error: unexpected end of file');
    expect(syntaxError('{ a').message).toBe('syntax error: unexpected end of file');
  });
  it('reports the line of the offending token', () => {
    expect(syntaxError('a\nb\nfi').line).toBe(3);
  });
  it('rejects invalid for variable names', () => {
    expect(syntaxError('for 1x in a; do b; done').message).toBe("`1x': not a valid identifier");
  });
});

describe('incremental parsing and aliases', () => {
  it('returns one line at a time, so earlier lines run before a later error', () => {
    const p = new ShParser('echo a; echo b\nif x; then\n y\nfi\n)');
    expect(showList(p.next()!)).toBe('echo a; echo b;');
    expect(showList(p.next()!)).toBe('if x; then y; fi;');
    expect(() => p.next()).toThrow(ShSyntaxError);
  });
  it('returns null at the end', () => {
    const p = new ShParser('a\n\n');
    expect(p.next()).not.toBeNull();
    expect(p.next()).toBeNull();
  });
  it('expands aliases in command position only', () => {
    const aliases = new Map([['ll', 'ls -l'], ['e', 'echo']]);
    expect(showScript(parse('ll x; echo ll; a=1 ll', aliases))).toBe('ls -l x; echo ll; a=1 ls -l;');
  });
  it('expands nested aliases without recursing into the same one', () => {
    const aliases = new Map([['ls', 'ls --color'], ['ll', 'ls -l']]);
    expect(showScript(parse('ll', aliases))).toBe('ls --color -l;');
  });
  it('checks the next word after an alias ending in a blank', () => {
    const aliases = new Map([['sudo', 'sudo '], ['ll', 'ls -l']]);
    expect(showScript(parse('sudo ll', aliases))).toBe('sudo ls -l;');
    expect(showScript(parse('echo ll', aliases))).toBe('echo ll;');
  });
  it('lets aliases produce keywords and does not expand quoted names', () => {
    const aliases = new Map([['forever', 'while true; do'], ['x', 'y']]);
    expect(showScript(parse('forever a; done', aliases))).toBe('while true; do a; done;');
    expect(showScript(parse('"x"; \\x', aliases))).toBe('"x"; \\x;');
  });
  it('expands aliases in backquotes but not in $( ) (a known gap)', () => {
    const aliases = new Map([['ll', 'ls -l']]);
    expect(showScript(parse('echo `ll` "$(ll)" after', aliases))).toBe('echo B$(ls -l;) "$(ll;)" after;');
  });
  it('reads the alias map afresh for every line', () => {
    const aliases = new Map<string, string>();
    const p = new ShParser('alias x=y\nx', aliases);
    expect(showList(p.next()!)).toBe('alias x=y;');
    aliases.set('x', 'echo hi');
    expect(showList(p.next()!)).toBe('echo hi;');
    expect(p.source).toBe('alias x=y\necho hi');
  });
});

describe('parseWord', () => {
  it('parses a string as one word with blanks and operators literal', () => {
    expect(showWord(parseWord('a b|c "*" \\? $x'))).toBe('a b|c "*" \\? ${x}');
  });
});

describe('hostile input', () => {
  it('parses a 100 KB line', () => {
    const line = 'echo ' + 'abcdefghij '.repeat(10_000);
    expect((first(line) as SimpleCommand).words.length).toBe(10_001);
  });
  it('rejects 10,000 nested parentheses cleanly', () => {
    const src = '('.repeat(10_000) + 'a' + ')'.repeat(10_000);
    expect(syntaxError(src).message).toBe('syntax error: too deeply nested');
    expect(syntaxError('$('.repeat(10_000)).message).toBe('syntax error: too deeply nested');
    expect(syntaxError('{ '.repeat(10_000)).message).toBe('syntax error: too deeply nested');
    expect(syntaxError('echo ' + '${x:-'.repeat(10_000)).message).toBe('syntax error: too deeply nested');
  });
  it('handles deep nesting within the limit', () => {
    expect(show('( '.repeat(990) + 'a' + ' )'.repeat(990))).toContain('(a;)');
    expect(show('{ '.repeat(990) + 'a' + '; }'.repeat(990))).toContain('{ a; }');
    expect(show('echo ' + '"$('.repeat(400) + 'a' + ')"'.repeat(400))).toContain('"$(a;)"');
    expect(show('((' + '('.repeat(990) + '1' + ')'.repeat(990) + '))')).toBe('((1));');
    expect(showArith(parseArithmetic('('.repeat(990) + '1' + ')'.repeat(990)))).toBe('1');
    expect(showArith(parseArithmetic('-'.repeat(990) + '1'))).toContain('1');
  });
  it('rejects absurd arithmetic nesting with a syntax error, not a stack overflow', () => {
    expect(() => parseArithmetic('('.repeat(10_000) + '1' + ')'.repeat(10_000))).toThrow(/too deeply nested/);
  });
  it('keeps NUL bytes and U+FFFD as ordinary characters', () => {
    expect(words('echo a\0b \uFFFD')).toEqual(['echo', 'a\0b', '\uFFFD']);
  });
});
