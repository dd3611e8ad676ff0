import { describe, expect, it } from 'vitest';
import { formatPrintf } from '../../runtimes/sh/printf-format.js';
import { compilePattern, removeAffix, replacePattern } from '../../runtimes/sh/pattern.js';
import { backslashQuote, singleQuote } from '../../runtimes/sh/quote.js';
import { decodeEscapes } from '../../runtimes/sh/escapes.js';
import { expandBraces } from '../../runtimes/sh/braces.js';
import type { Word } from '../../runtimes/sh/ast.js';

const printf = (format: string, ...args: string[]) => formatPrintf(format, args).output;
const literal = (value: string): Word => ({ type: 'Word', parts: [{ type: 'Literal', value }] });
const braces = (text: string) => expandBraces(literal(text)).map((w) => w.parts.map((p) => ('value' in p ? p.value : '?')).join(''));

describe('shell patterns', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'a.txt.bak', false],
    ['?', 'ab', false],
    ['[!a-c]x', 'dx', true],
    ['[!a-c]x', 'bx', false],
    ['[[:alpha:]][[:digit:]]', 'a1', true],
    ['[[:upper:]]', 'a', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['[', '[', true],
    ['a[', 'a[', true],
  ])('%s ~ %s is %s', (pattern, text, expected) => {
    expect(compilePattern(pattern).test(text)).toBe(expected);
  });

  it('removes prefixes and suffixes, shortest and longest', () => {
    expect(removeAffix('/a/b/c.txt', '*/', 'prefix', true)).toBe('c.txt');
    expect(removeAffix('/a/b/c.txt', '*/', 'prefix', false)).toBe('a/b/c.txt');
    expect(removeAffix('x.tar.gz', '.*', 'suffix', false)).toBe('x.tar');
    expect(removeAffix('x.tar.gz', '.*', 'suffix', true)).toBe('x');
    expect(removeAffix('abc', 'z*', 'prefix', true)).toBe('abc');
  });

  it('replaces first, all and anchored matches', () => {
    expect(replacePattern('hello', 'l', 'L', { all: false })).toBe('heLlo');
    expect(replacePattern('hello', 'l', 'L', { all: true })).toBe('heLLo');
    expect(replacePattern('hello', '[aeiou]', '_', { all: true })).toBe('h_ll_');
    expect(replacePattern('hello', 'h*l', 'X', { all: false })).toBe('Xo');
    expect(replacePattern('hello', 'h', 'H', { all: false, anchor: '#' })).toBe('Hello');
    expect(replacePattern('hello', 'o', 'O', { all: false, anchor: '%' })).toBe('hellO');
  });
});

describe('printf formatting (checked against bash 5.2)', () => {
  it.each([
    ['[%5.2s|%-4d|%04d|%+d|% d]', ['abc', '5', '-3', '4', '5'], '[   ab|5   |-003|+4| 5]'],
    ['%x|%X|%o|%#x|%#o', ['255', '255', '8', '255', '8'], 'ff|FF|10|0xff|010'],
    ['%e|%f|%g|%G|%10.3e', ['1234.5', '3.14159', '0.0001', '1e20', '12345'], '1.234500e+03|3.141590|0.0001|1E+20| 1.234e+04'],
    ['%.0f %.0f %.0f', ['0.5', '1.5', '2.5'], '0 2 2'],
    ['%g %g %g %g', ['100000', '1000000', '0.00001', '123.456'], '100000 1e+06 1e-05 123.456'],
    ['%#g %g %g', ['1.5', '0', '-0.0'], '1.50000 0 -0'],
    ['%.2f|%08.3f|%-8.2e|%+.1f', ['2.345', '-3.14159', '12', '2'], '2.35|-003.142|1.20e+01|+2.0'],
    ['%i %u %x', ['-1', '-1', '-1'], '-1 18446744073709551615 ffffffffffffffff'],
    ['%d %d %d', ["'A", '0x10', '010'], '65 16 8'],
    ['%s-%s\n', ['a', 'b', 'c'], 'a-b\nc-\n'],
    ['%*d|%-*d|%.*f', ['5', '1', '4', '2', '2', '3.14159'], '    1|2   |3.14'],
    ['%b|', ['\\101', '\\0101', '\\x41', '\\u00e9'], 'A|A|A|é|'],
    ['a\\101\\x41\\n', [], 'aAA\n'],
    ['%q %q %q', ['a b', '', "it's"], "a\\ b '' it\\'s"],
    ['%.3d|%5s|%-5s|', ['5', 'ab', 'cd'], '005|   ab|cd   |'],
    ['%s', [], ''],
    ['%5%|', [], ''],
  ])('printf %j %j', (format, args, expected) => {
    expect(printf(format, ...args)).toBe(expected);
  });

  it('stops at \\c in %b and reports bad numbers', () => {
    expect(printf('%b|%s', 'a\\cb', 'x')).toBe('a');
    const r = formatPrintf('%d', ['12abc']);
    expect(r.output).toBe('12');
    expect(r.errors).toEqual(['12abc: invalid number']);
    expect(r.status).toBe(1);
    expect(formatPrintf('%z', []).errors).toEqual(["`%z': missing format character"]);
    expect(formatPrintf('%y', []).errors).toEqual(["`y': invalid format character"]);
  });
});

describe('quoting and escapes', () => {
  it('quotes like bash', () => {
    expect(backslashQuote('a,b')).toBe('a\\,b');
    expect(backslashQuote('~x')).toBe('\\~x');
    expect(backslashQuote('a\tb')).toBe("$'a\\tb'");
    expect(singleQuote("a b'c")).toBe("'a b'\\''c'");
    expect(singleQuote('plain')).toBe('plain');
  });
  it('decodes echo -e escapes', () => {
    expect(decodeEscapes('a\\tb\\0101\\c rest', 'echo')).toEqual({ text: 'a\tbA', stop: true });
    expect(decodeEscapes('\\101', 'echo').text).toBe('\\101');
  });
});

describe('brace expansion', () => {
  it.each([
    ['a{b,c}d', ['abd', 'acd']],
    ['{1..3}', ['1', '2', '3']],
    ['{3..1}', ['3', '2', '1']],
    ['{01..10..3}', ['01', '04', '07', '10']],
    ['{a..e..2}', ['a', 'c', 'e']],
    ['x{a,b{1,2}}', ['xa', 'xb1', 'xb2']],
    ['{a}', ['{a}']],
    ['{}', ['{}']],
    ['a{,b}', ['a', 'ab']],
  ])('%s', (text, expected) => {
    expect(braces(text)).toEqual(expected);
  });
});
