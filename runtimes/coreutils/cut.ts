/**
 * cut: select parts of lines, streaming. -b works on bytes; -c on
 * characters (GNU 9 treats -c like -b and splits UTF-8 characters, which is
 * a documented gap in GNU, not something to copy); -f on fields split by
 * -d (default TAB).
 */
import type { Program } from '../program.js';
import { command, quote, type Cmd } from './common.js';

const HELP = `Usage: cut OPTION... [FILE]...
Print selected parts of lines from each FILE to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -b, --bytes=LIST        select only these bytes
  -c, --characters=LIST   select only these characters
  -d, --delimiter=DELIM   use DELIM instead of TAB for field delimiter
  -f, --fields=LIST       select only these fields;  also print any line
                            that contains no delimiter character, unless
                            the -s option is specified
  -n                      (ignored)
      --complement        complement the set of selected bytes, characters
                            or fields
  -s, --only-delimited    do not print lines not containing delimiters
      --output-delimiter=STRING  use STRING as the output delimiter
                            the default is to use the input delimiter
  -z, --zero-terminated    line delimiter is NUL, not newline
      --help     display this help and exit
      --version  output version information and exit

Use one, and only one of -b, -c or -f.  Each LIST is made up of one
range, or many ranges separated by commas.  Selected input is written
in the same order that it is read, and is written exactly once.
Each range is one of:

  N     N'th byte, character or field, counted from 1
  N-    from N'th byte, character or field, to end of line
  N-M   from N'th to M'th (included) byte, character or field
  -M    from first to M'th (included) byte, character or field
`;

const SPEC = {
  help: HELP,
  options: {
    bytes: { short: 'b', long: 'bytes', arg: 'required' },
    chars: { short: 'c', long: 'characters', arg: 'required' },
    delimiter: { short: 'd', long: 'delimiter', arg: 'required' },
    fields: { short: 'f', long: 'fields', arg: 'required' },
    n: { short: 'n' },
    complement: { long: 'complement' },
    onlyDelimited: { short: 's', long: 'only-delimited' },
    outputDelimiter: { long: 'output-delimiter', arg: 'required' },
    zero: { short: 'z', long: 'zero-terminated' },
  },
} as const;

type Range = [start: number, end: number];

export const cut: Program = command(run);

function run(cmd: Cmd): number {
  const { opts, list, operands } = cmd.parse(SPEC);
  const modes = list.filter(([k]) => k === 'bytes' || k === 'chars' || k === 'fields');
  if (modes.length === 0) cmd.usageError('you must specify a list of bytes, characters, or fields');
  if (new Set(modes.map(([k]) => k)).size > 1 || modes.length > 1) cmd.usageError('only one list may be specified');
  const [mode, listText] = modes[0];
  const fields = mode === 'fields';
  if (!fields && opts.delimiter !== undefined) cmd.usageError('an input delimiter may be specified only when operating on fields');
  if (!fields && opts.onlyDelimited) cmd.usageError('suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  const ranges = parseList(cmd, String(listText), fields);
  const delim = typeof opts.delimiter === 'string' ? opts.delimiter : '\t';
  if ([...delim].length !== 1) cmd.usageError('the delimiter must be a single character');
  const outDelim = typeof opts.outputDelimiter === 'string' ? opts.outputDelimiter : fields ? delim : undefined;
  const complement = !!opts.complement;
  const selected = (n: number): boolean => ranges.some(([a, b]) => n >= a && n <= b) !== complement;
  const eol = opts.zero ? '\0' : '\n';
  const binary = mode === 'bytes';

  for (const name of operands.length > 0 ? operands : ['-']) {
    const fd = cmd.openInput(name);
    if (fd === null) continue;
    const lines = cmd.lines(fd, { binary, delimiter: eol });
    for (let line = lines.next(); line !== null; line = lines.next()) {
      let out: string;
      if (fields) {
        if (!line.includes(delim)) {
          if (opts.onlyDelimited) continue;
          out = line;
        } else {
          out = line.split(delim).filter((_, i) => selected(i + 1)).join(outDelim);
        }
      } else {
        const units = binary ? line : [...line];
        out = '';
        let inRun = false;
        for (let i = 0; i < units.length; i++) {
          if (selected(i + 1)) {
            // --output-delimiter separates runs of selected positions.
            if (!inRun && out !== '' && outDelim !== undefined) out += outDelim;
            out += units[i];
            inRun = true;
          } else inRun = false;
        }
      }
      cmd.out.write(binary ? latin1ToText(out + eol) : out + eol);
    }
    cmd.closeInput(fd);
  }
  return cmd.status;
}

/** Bytes held as latin1 back in the UTF-8 output's escaped form (text-codec.ts). */
function latin1ToText(s: string): string {
  return /[\x80-\xff]/.test(s) ? s.replace(/[\x80-\xff]/g, (c) => String.fromCharCode(0xdc00 | c.charCodeAt(0))) : s;
}

function parseList(cmd: Cmd, text: string, fields: boolean): Range[] {
  const ranges: Range[] = [];
  for (const part of text.split(/[,\s]/)) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) {
      if (part === '-') cmd.usageError('invalid range with no endpoint: -');
      const bad = part.match(/[^0-9-]/) ? part : part;
      cmd.usageError(`invalid ${fields ? 'field' : 'byte/character'} value ${quote(bad)}`);
    }
    const start = m[1] === '' ? 1 : Number(m[1]);
    const end = m[2] === '' ? start : m[3] === '' ? Infinity : Number(m[3]);
    if (start === 0 || end === 0) cmd.usageError(fields ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1');
    if (end < start) cmd.usageError('invalid decreasing range');
    ranges.push([start, end]);
  }
  return ranges;
}
