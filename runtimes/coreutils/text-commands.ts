/** The text coreutils by command name (runtimes/programs.ts merges this into the registry). */
import type { Program } from '../program.js';
import { base64 } from './base64.js';
import { basename } from './basename.js';
import { cat } from './cat.js';
import { cut } from './cut.js';
import { date } from './date.js';
import { diff } from './diff.js';
import { dirname } from './dirname.js';
import { echo } from './echo.js';
import { env } from './env.js';
import { false_ } from './false.js';
import { grep } from './grep.js';
import { head } from './head.js';
import { printf } from './printf.js';
import { pwd } from './pwd.js';
import { sed } from './sed.js';
import { seq } from './seq.js';
import { sha256sum } from './sha256sum.js';
import { sleep } from './sleep.js';
import { sort } from './sort.js';
import { stty } from './stty.js';
import { tail } from './tail.js';
import { tee } from './tee.js';
import { tr } from './tr.js';
import { true_ } from './true.js';
import { uniq } from './uniq.js';
import { wc } from './wc.js';
import { which } from './which.js';
import { xargs } from './xargs.js';
import { yes } from './yes.js';

export const TEXT_COMMANDS: Record<string, Program> = {
  base64,
  basename,
  cat,
  cut,
  date,
  diff,
  dirname,
  echo,
  env,
  false: false_,
  grep,
  head,
  printf,
  pwd,
  sed,
  seq,
  sha256sum,
  sleep,
  sort,
  stty,
  tail,
  tee,
  tr,
  true: true_,
  uniq,
  wc,
  which,
  xargs,
  yes,
};
