/**
 * Assignment words (XCU 2.9.1 "Simple Commands", bash(1) "Arrays"):
 * `name=value`, `name+=value`, `name[sub]=value` and `name=(elements)`.
 * Recognised from the source text before the word is read, because the
 * subscript and the array form do not fit the ordinary word rules.
 */
import type { ArrayElement, Assignment } from './ast.js';
import { isMeta, isNameChar, isNameStart } from './lexer.js';
import { readWord } from './parse-word.js';
import type { Parser } from './parser.js';

/** `name=…`, `name+=…`, `name[i]=…`, `name=(…)` at the cursor, or null (cursor unchanged). */
export function tryAssignment(p: Parser): Assignment | null {
  const src = p.src;
  const start = p.pos;
  if (!isNameStart(src[start])) return null;
  let i = start + 1;
  while (isNameChar(src[i])) i++;
  const name = src.slice(start, i);
  let indexEnd = -1;
  if (src[i] === '[') {
    indexEnd = matchBracket(src, i);
    if (indexEnd < 0) return null;
    i = indexEnd + 1;
  }
  const append = src[i] === '+';
  if (append) i++;
  if (src[i] !== '=') return null;
  const assignment: Assignment = { type: 'Assignment', name, append };
  if (indexEnd >= 0) {
    p.pos = start + name.length + 1;
    assignment.index = readWord(p, 'index');
  }
  p.pos = i + 1;
  if (src[p.pos] === '(') {
    p.pos++;
    assignment.array = parseArrayElements(p);
  } else assignment.value = readWord(p, 'assign');
  return assignment;
}

/** After `name=(`: the elements up to and including `)`. */
function parseArrayElements(p: Parser): ArrayElement[] {
  const elements: ArrayElement[] = [];
  for (;;) {
    p.linebreak();
    const c = p.src[p.pos];
    if (c === undefined) throw p.eofError(')');
    if (c === ')') {
      p.pos++;
      return elements;
    }
    if (isMeta(c)) throw p.unexpected();
    if (c === '[') {
      const close = matchBracket(p.src, p.pos);
      if (close > 0 && p.src[close + 1] === '=') {
        p.pos++;
        const index = readWord(p, 'index');
        p.pos = close + 2;
        elements.push({ index, value: readWord(p, 'assign') });
        continue;
      }
    }
    elements.push({ value: readWord(p, 'normal') });
  }
}

/** The `]` matching the `[` at `open` on the same line, or -1. */
function matchBracket(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
    else if (c === '\n') return -1;
    else if (c === '\\') i++;
  }
  return -1;
}
