/**
 * Shell pattern matching (POSIX 2.13, bash "Pattern Matching"): `*`, `?`,
 * bracket expressions with ranges, `!`/`^` negation and `[:class:]`, and
 * `\` escapes. Used by `case`, `[[ == ]]`, `${x#pat}` and friends, and
 * pathname expansion.
 *
 * A pattern is a string in which every character that was quoted in the
 * source has been escaped with a backslash by the expander (see
 * `escapePattern`), so "quoted means literal" needs no side channel.
 * Patterns compile to a JavaScript RegExp; a `[` without a closing `]` is a
 * literal `[`, as in bash.
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: '0-9a-zA-Z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
  word: '0-9A-Za-z_',
};

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

/** Escape `text` so that it matches only itself as a pattern. */
export function escapePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** Whether the pattern has an unescaped `*`, `?` or `[` (so pathname expansion applies). */
export function hasGlobChars(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Remove pattern escapes: the literal text a non-matching pattern stands for. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, '$1');
}

/**
 * Parse a bracket expression starting at `pattern[start] === '['`. Returns
 * the RegExp class and the index after `]`, or null when it is not closed.
 */
function bracket(pattern: string, start: number): { source: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < pattern.length) {
    let c = pattern[i];
    if (c === ']' && !first) {
      // An empty negated class would be `[^]` (any char) in JS; guard it.
      if (body === '') return null;
      return { source: `[${negate ? '^' : ''}${body}]`, end: i + 1 };
    }
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close > 0) {
        const name = pattern.slice(i + 2, close);
        const cls = CLASSES[name];
        if (cls !== undefined) {
          body += cls;
          i = close + 2;
          continue;
        }
      }
    }
    if (c === '\\' && i + 1 < pattern.length) {
      i++;
      c = pattern[i];
    }
    // A range: `a-z`, unless the `-` is last (`[a-]` is a literal `-`).
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2];
      let next = i + 3;
      if (hi === '\\' && i + 3 < pattern.length) {
        hi = pattern[i + 3];
        next = i + 4;
      }
      // A reversed range matches nothing in bash; JS would throw.
      if (hi >= c) body += `${escapeRegex(c)}-${escapeRegex(hi)}`;
      i = next;
      continue;
    }
    body += escapeRegex(c);
    i++;
  }
  return null;
}

/**
 * The RegExp source for a pattern (no anchors). With `pathname`, `*`, `?`
 * and brackets never match `/` (pathname expansion works a component at a
 * time, so that is only a safety net).
 */
export function patternSource(pattern: string, pathname = false): string {
  const any = pathname ? '[^/]' : '[\\s\\S]';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      out += i < pattern.length ? escapeRegex(pattern[i]) : '\\\\';
    } else if (c === '*') {
      // Runs of stars are one star; collapsing avoids exponential backtracking.
      while (pattern[i + 1] === '*') i++;
      out += `${any}*`;
    } else if (c === '?') {
      out += any;
    } else if (c === '[') {
      const b = bracket(pattern, i);
      if (b) {
        out += b.source;
        i = b.end - 1;
      } else out += '\\[';
    } else out += escapeRegex(c);
  }
  return out;
}

/** A matcher for the whole of a string. */
export function compilePattern(pattern: string, options: { pathname?: boolean; nocase?: boolean } = {}): RegExp {
  return new RegExp(`^(?:${patternSource(pattern, options.pathname)})$`, options.nocase ? 'i' : '');
}

export function matchPattern(pattern: string, text: string): boolean {
  return compilePattern(pattern).test(text);
}

/**
 * Remove the shortest or longest prefix or suffix matching `pattern`, for
 * `${x#p}` `${x##p}` `${x%p}` `${x%%p}`. Tries candidate lengths in order
 * (as bash does) after one cheap test that any match exists.
 */
export function removeAffix(text: string, pattern: string, side: 'prefix' | 'suffix', longest: boolean): string {
  const source = patternSource(pattern);
  const full = new RegExp(`^(?:${source})$`);
  const exists = new RegExp(side === 'prefix' ? `^(?:${source})` : `(?:${source})$`);
  if (!exists.test(text)) return text;
  const n = text.length;
  for (let k = 0; k <= n; k++) {
    const len = longest ? n - k : k;
    if (side === 'prefix') {
      if (full.test(text.slice(0, len))) return text.slice(len);
    } else if (full.test(text.slice(n - len))) return text.slice(0, n - len);
  }
  return text;
}

/**
 * `${x/pat/rep}` and friends: replace the first (or every) longest match.
 * `anchor` is '#' (must match at the start) or '%' (must match at the end).
 */
export function replacePattern(text: string, pattern: string, replacement: string, mode: { all: boolean; anchor?: '#' | '%' }): string {
  const source = patternSource(pattern);
  const full = new RegExp(`^(?:${source})$`);
  if (mode.anchor === '#') {
    for (let len = text.length; len >= 0; len--) {
      if (full.test(text.slice(0, len))) return replacement + text.slice(len);
    }
    return text;
  }
  if (mode.anchor === '%') {
    for (let start = 0; start <= text.length; start++) {
      if (full.test(text.slice(start))) return text.slice(0, start) + replacement;
    }
    return text;
  }
  if (pattern === '') return text;
  if (!hasGlobChars(pattern)) {
    const literal = unescapePattern(pattern);
    if (mode.all) return text.split(literal).join(replacement);
    const at = text.indexOf(literal);
    return at < 0 ? text : text.slice(0, at) + replacement + text.slice(at + literal.length);
  }
  const probe = new RegExp(source);
  if (!probe.test(text)) return text;
  let out = '';
  let i = 0;
  while (i <= text.length) {
    let matched = -1;
    for (let end = text.length; end > i; end--) {
      if (full.test(text.slice(i, end))) {
        matched = end;
        break;
      }
    }
    if (matched < 0) {
      if (i < text.length) out += text[i];
      i++;
      continue;
    }
    out += replacement;
    i = matched;
    if (!mode.all) return out + text.slice(i);
  }
  return out;
}
