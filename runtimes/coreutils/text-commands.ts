/** The text coreutils by command name (runtimes/programs.ts merges this into the registry). */
import type { Program } from '../program.js';
import { basename } from './basename.js';
import { cat } from './cat.js';
import { cut } from './cut.js';
import { dirname } from './dirname.js';
import { echo } from './echo.js';
import { false_ } from './false.js';
import { grep } from './grep.js';
import { head } from './head.js';
import { pwd } from './pwd.js';
import { sed } from './sed.js';
import { seq } from './seq.js';
import { sleep } from './sleep.js';
import { sort } from './sort.js';
import { tail } from './tail.js';
import { tee } from './tee.js';
import { tr } from './tr.js';
import { true_ } from './true.js';
import { uniq } from './uniq.js';
import { wc } from './wc.js';
import { yes } from './yes.js';

export const TEXT_COMMANDS: Record<string, Program> = {
  basename,
  cat,
  cut,
  dirname,
  echo,
  false: false_,
  grep,
  head,
  pwd,
  sed,
  seq,
  sleep,
  sort,
  tail,
  tee,
  tr,
  true: true_,
  uniq,
  wc,
  yes,
};
