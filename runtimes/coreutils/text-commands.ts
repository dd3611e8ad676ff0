/** The text coreutils by command name (runtimes/programs.ts merges this into the registry). */
import type { Program } from '../program.js';
import { cat } from './cat.js';
import { echo } from './echo.js';
import { false_ } from './false.js';
import { head } from './head.js';
import { tail } from './tail.js';
import { true_ } from './true.js';
import { wc } from './wc.js';
import { yes } from './yes.js';

export const TEXT_COMMANDS: Record<string, Program> = {
  cat,
  echo,
  false: false_,
  head,
  tail,
  true: true_,
  wc,
  yes,
};
