/**
 * tr: translate, squeeze and delete characters, streaming chunk by chunk.
 * SET2 shorter than SET1 is padded with its last character (GNU), or SET1
 * truncated with -t. With -c the complement of SET1 (every character not in
 * it) maps to the last character of SET2. Sets: tr-sets.ts.
 */
import type { Program } from '../program.js';
import { command, quote, TextReader, type Cmd } from './common.js';
import { expandSet, type TrSet } from './tr-sets.js';

const HELP = `Usage: tr [OPTION]... STRING1 [STRING2]
Translate, squeeze, and/or delete characters from standard input,
writing to standard output.  STRING1 and STRING2 specify arrays of
characters ARRAY1 and ARRAY2 that control the action.

  -c, -C, --complement    use the complement of ARRAY1
  -d, --delete            delete characters in ARRAY1, do not translate
  -s, --squeeze-repeats   replace each sequence of a repeated character
                            that is listed in the last specified ARRAY,
                            with a single occurrence of that character
  -t, --truncate-set1     first truncate ARRAY1 to length of ARRAY2
      --help     display this help and exit
      --version  output version information and exit

ARRAYs are specified as strings of characters.  Most represent themselves.
Interpreted sequences are:

  \\NNN            character with octal value NNN (1 to 3 octal digits)
  \\\\              backslash
  \\a              audible BEL
  \\b              backspace
  \\f              form feed
  \\n              new line
  \\r              return
  \\t              horizontal tab
  \\v              vertical tab
  CHAR1-CHAR2     all characters from CHAR1 to CHAR2 in ascending order
  [CHAR*]         in ARRAY2, copies of CHAR until length of ARRAY1
  [CHAR*REPEAT]   REPEAT copies of CHAR, REPEAT octal if starting with 0
  [:alnum:]       all letters and digits
  [:alpha:]       all letters
  [:blank:]       all horizontal whitespace
  [:cntrl:]       all control characters
  [:digit:]       all digits
  [:graph:]       all printable characters, not including space
  [:lower:]       all lower case letters
  [:print:]       all printable characters, including space
  [:punct:]       all punctuation characters
  [:space:]       all horizontal or vertical whitespace
  [:upper:]       all upper case letters
  [:xdigit:]      all hexadecimal digits
  [=CHAR=]        all characters which are equivalent to CHAR
`;

const SPEC = {
  help: HELP,
  options: {
    complement: { short: 'cC', long: 'complement' },
    delete: { short: 'd', long: 'delete' },
    squeeze: { short: 's', long: 'squeeze-repeats' },
    truncate: { short: 't', long: 'truncate-set1' },
  },
} as const;

export const tr: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, operands } = cmd.parse(SPEC);
  const del = !!opts.delete;
  const squeeze = !!opts.squeeze;
  const translating = !del && operands.length >= 2;
  if (operands.length === 0) cmd.usageError('missing operand');
  if (!del && !squeeze && operands.length < 2) {
    cmd.usageError(`missing operand after ${quote(operands[0])}\nTwo strings must be given when translating.`);
  }
  if (del && !squeeze && operands.length > 1) {
    cmd.usageError(`extra operand ${quote(operands[1])}\nOnly one string may be given when deleting without squeezing repeats.`);
  }
  if (del && squeeze && operands.length < 2) {
    cmd.usageError(`missing operand after ${quote(operands[0])}\nTwo strings must be given when both deleting and squeezing repeats.`);
  }
  if (operands.length > 2) cmd.usageError(`extra operand ${quote(operands[2])}`);

  let set1: TrSet;
  let set2: TrSet | undefined;
  try {
    set1 = expandSet(operands[0], false);
    set2 = operands.length > 1 ? expandSet(operands[1], true) : undefined;
  } catch (err) {
    return cmd.fail((err as Error).message);
  }
  const complement = !!opts.complement;
  const in1 = new Set(set1.chars);
  const member1 = (c: string): boolean => in1.has(c) !== complement;

  const map = new Map<string, string>();
  let complementTarget: string | undefined;
  if (translating && set2) {
    const target = fill(set2, set1.chars.length);
    if (target.length === 0) cmd.fail('when not truncating set1, string2 must be non-empty');
    if (complement) complementTarget = target[target.length - 1];
    else {
      // [:lower:] and [:upper:] expand in the same order, so case conversion is positional.
      set1.chars.forEach((c, i) => {
        if (!(opts.truncate && i >= target.length)) map.set(c, target[Math.min(i, target.length - 1)]);
      });
    }
  }
  const squeezeSet = squeeze ? new Set((translating || del ? set2 ?? set1 : set1).chars) : undefined;
  const squeezeComplement = squeeze && !translating && !del ? complement : false;
  const inSqueeze = (c: string): boolean => (squeezeSet ? squeezeSet.has(c) !== squeezeComplement : false);

  const reader = new TextReader(cmd.sys, 0);
  let last: string | undefined;
  for (let text = reader.read(); text !== null; text = reader.read()) {
    let out = '';
    for (const c of text) {
      if (del && member1(c)) continue;
      let t = c;
      if (translating) t = complement ? (member1(c) ? complementTarget! : c) : (map.get(c) ?? c);
      if (squeeze && t === last && inSqueeze(t)) continue;
      out += t;
      last = t;
    }
    cmd.out.write(out);
  }
  return 0;
}

/** SET2's characters, with a [c*] fill expanded to reach `length`. */
function fill(set: TrSet, length: number): string[] {
  if (set.fillAt === undefined) return set.chars;
  const missing = Math.max(0, length - set.chars.length);
  return [...set.chars.slice(0, set.fillAt), ...Array<string>(missing).fill(set.fillChar!), ...set.chars.slice(set.fillAt)];
}
