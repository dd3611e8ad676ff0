/**
 * touch(1): set access and modification times, creating missing files
 * (unless -c). Times come from now, -d DATE, -t STAMP or -r FILE.
 */
import type { Program } from '../program.js';
import { command, quote, type OptionSpec } from './common.js';
import { errorText, quoteFile } from './fs-common.js';
import { parseDate, parseStamp } from './time-format.js';

const SPEC: OptionSpec<'access' | 'modify' | 'noCreate' | 'date' | 'stamp' | 'reference' | 'noDereference' | 'time'> = {
  options: {
    access: { short: 'a' },
    modify: { short: 'm' },
    noCreate: { short: 'c', long: 'no-create' },
    date: { short: 'd', long: 'date', arg: 'required' },
    stamp: { short: 't', arg: 'required' },
    reference: { short: 'r', long: 'reference', arg: 'required' },
    noDereference: { short: 'h', long: 'no-dereference' },
    time: { long: 'time', arg: 'required' },
  },
  help: `Usage: touch [OPTION]... FILE...
Update the access and modification times of each FILE to the current time.

A FILE argument that does not exist is created empty, unless -c or -h
is supplied.

  -a                     change only the access time
  -c, --no-create        do not create any files
  -d, --date=STRING      parse STRING and use it instead of current time
  -m                     change only the modification time
  -r, --reference=FILE   use this file's times instead of current time
  -t STAMP               use [[CC]YY]MMDDhhmm[.ss] instead of current time
      --time=WORD        change the specified time:
                           WORD is access, atime, or use: equivalent to -a
                           WORD is modify or mtime: equivalent to -m
      --help        display this help and exit
      --version     output version information and exit
`,
};

export const touch: Program = command((cmd) => {
  const { opts, operands } = cmd.parse(SPEC);
  if (operands.length === 0) cmd.usageError('missing file operand');
  const now = cmd.sys.now();
  let atime = now;
  let mtime = now;
  if (typeof opts.reference === 'string') {
    const ref = cmd.sys.tryStat(opts.reference);
    if (!ref) return cmd.fail(`failed to get attributes of ${quoteFile(opts.reference)}: No such file or directory`);
    atime = ref.atimeMs;
    mtime = ref.mtimeMs;
  }
  if (typeof opts.date === 'string') {
    const t = parseDate(opts.date, now);
    if (t === null) return cmd.fail(`invalid date format ${quote(opts.date)}`);
    atime = mtime = t;
  }
  if (typeof opts.stamp === 'string') {
    const t = parseStamp(opts.stamp, now);
    if (t === null) return cmd.fail(`invalid date format ${quote(opts.stamp)}`);
    atime = mtime = t;
  }
  let onlyAccess = opts.access !== undefined;
  let onlyModify = opts.modify !== undefined;
  if (typeof opts.time === 'string') {
    if (['access', 'atime', 'use'].includes(opts.time)) onlyAccess = true;
    else if (['modify', 'mtime'].includes(opts.time)) onlyModify = true;
    else cmd.usageError(`invalid argument ${quote(opts.time)} for '--time'`);
  }
  const setAccess = onlyAccess || !onlyModify;
  const setModify = onlyModify || !onlyAccess;
  for (const operand of operands) {
    try {
      let st = cmd.sys.tryStat(operand);
      if (!st) {
        if (opts.noCreate || opts.noDereference) continue;
        cmd.sys.close(cmd.sys.open(operand, 'a'));
        st = cmd.sys.stat(operand);
      }
      cmd.sys.utimes(operand, setAccess ? atime : st.atimeMs, setModify ? mtime : st.mtimeMs);
    } catch (err) {
      cmd.warn(`cannot touch ${quoteFile(operand)}: ${errorText(err)}`);
      cmd.status = 1;
    }
  }
  return cmd.status;
});
