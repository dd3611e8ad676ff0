/** sleep: pause for the sum of its arguments, each a number with an optional s/m/h/d suffix. */
import type { Program } from '../program.js';
import { command, quote } from './common.js';

const HELP = `Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help     display this help and exit
      --version  output version information and exit
`;

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
/** The longest single sys.sleep call; longer pauses loop (sleep inf never ends). */
const SLICE_MS = 2 ** 30;

export const sleep: Program = command((cmd) => {
  const { operands } = cmd.parse({ help: HELP, options: {} });
  if (operands.length === 0) cmd.usageError('missing operand');
  let seconds = 0;
  let bad = false;
  for (const arg of operands) {
    const m = /^\s*\+?((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf(?:inity)?)([smhd]?)$/i.exec(arg);
    if (!m) {
      cmd.warn(`invalid time interval ${quote(arg)}`);
      bad = true;
      continue;
    }
    seconds += (/^inf/i.test(m[1]) ? Infinity : Number(m[1])) * UNIT[m[2]];
  }
  if (bad) cmd.usageError();
  let ms = seconds * 1000;
  while (ms > 0) {
    const step = Math.min(ms, SLICE_MS);
    cmd.sys.sleep(step);
    if (ms !== Infinity) ms -= step;
  }
  return 0;
});
