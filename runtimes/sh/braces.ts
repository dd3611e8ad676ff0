/**
 * Brace expansion (bash(1) "Brace Expansion"), the first expansion:
 * `a{b,c}d` → `abd acd`, `{1..10..2}`, `{a..e}`, `{01..10}` (zero padded),
 * nested. Only unquoted Literal text can hold the braces; any other part of
 * the word is carried along untouched, so `{"$a",b}` works.
 */
import type { Word, WordPart } from './ast.js';

/** A word flattened into single unquoted characters and opaque parts. */
type Token = string | WordPart;

/** Guard against `{1..99999999}` eating the worker's memory. */
const MAX_WORDS = 100_000;

function tokenize(word: Word): Token[] {
  const out: Token[] = [];
  for (const part of word.parts) {
    if (part.type === 'Literal') for (const c of part.value) out.push(c);
    else out.push(part);
  }
  return out;
}

function toWord(tokens: Token[]): Word {
  const parts: WordPart[] = [];
  let text = '';
  for (const t of tokens) {
    if (typeof t === 'string') text += t;
    else {
      if (text) parts.push({ type: 'Literal', value: text });
      text = '';
      parts.push(t);
    }
  }
  if (text) parts.push({ type: 'Literal', value: text });
  return { type: 'Word', parts };
}

/** Find a `{…}` with a top-level comma or a valid sequence; returns its bounds and alternatives. */
function findBrace(tokens: Token[], from: number): { open: number; close: number; alternatives: Token[][] } | null {
  for (let open = from; open < tokens.length; open++) {
    if (tokens[open] !== '{') continue;
    // `${` is a parameter expansion in source; as a Literal it can only be `$` then `{`.
    if (open > 0 && tokens[open - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open + 1; i < tokens.length; i++) {
      const t = tokens[i];
      if (t === '{') depth++;
      else if (t === '}') {
        if (depth === 0) {
          const inner = tokens.slice(open + 1, i);
          if (commas.length > 0) {
            const alternatives: Token[][] = [];
            let start = open + 1;
            for (const c of [...commas, i]) {
              alternatives.push(tokens.slice(start, c));
              start = c + 1;
            }
            return { open, close: i, alternatives };
          }
          const seq = sequence(inner);
          if (seq) return { open, close: i, alternatives: seq.map((s) => [...s]) };
          break;
        }
        depth--;
      } else if (t === ',' && depth === 0) commas.push(i);
    }
  }
  return null;
}

/** `{1..5}`, `{5..1..2}`, `{a..f}`, `{01..10}`: null when not a sequence. */
function sequence(inner: Token[]): string[] | null {
  if (inner.some((t) => typeof t !== 'string')) return null;
  const text = inner.join('');
  const num = /^([-+]?\d+)\.\.([-+]?\d+)(?:\.\.([-+]?\d+))?$/.exec(text);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    let step = Math.abs(Number(num[3] ?? 1)) || 1;
    const width = /^[-+]?0\d/.test(num[1]) || /^[-+]?0\d/.test(num[2]) ? Math.max(num[1].length, num[2].length) : 0;
    if (Math.abs(b - a) / step > MAX_WORDS) return null;
    const out: string[] = [];
    if (a > b) step = -step;
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) {
      const s = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      out.push(v < 0 ? `-${s}` : s);
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([-+]?\d+))?$/.exec(text);
  if (chr) {
    const a = chr[1].charCodeAt(0);
    const b = chr[2].charCodeAt(0);
    const step = (Math.abs(Number(chr[3] ?? 1)) || 1) * (a > b ? -1 : 1);
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

function expandTokens(tokens: Token[], from: number, out: Token[][]): void {
  const brace = findBrace(tokens, from);
  if (!brace) {
    out.push(tokens);
    return;
  }
  const before = tokens.slice(0, brace.open);
  const after = tokens.slice(brace.close + 1);
  for (const alt of brace.alternatives) {
    if (out.length > MAX_WORDS) return;
    // Alternatives may hold braces themselves: expand the rebuilt word from where this brace began.
    expandTokens([...before, ...alt, ...after], brace.open, out);
  }
}

export function expandBraces(word: Word): Word[] {
  if (!word.parts.some((p) => p.type === 'Literal' && p.value.includes('{'))) return [word];
  const out: Token[][] = [];
  expandTokens(tokenize(word), 0, out);
  return out.map(toWord);
}
