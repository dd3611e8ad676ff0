/** The file coreutils by name, for runtimes/programs.ts to install. */
import type { Program } from '../program.js';
import { chmod } from './chmod.js';
import { cp } from './cp.js';
import { du } from './du.js';
import { find } from './find.js';
import { gunzip } from './gunzip.js';
import { gzip } from './gzip.js';
import { ln } from './ln.js';
import { ls } from './ls.js';
import { mkdir } from './mkdir.js';
import { mv } from './mv.js';
import { readlink } from './readlink.js';
import { realpath } from './realpath.js';
import { rm } from './rm.js';
import { rmdir } from './rmdir.js';
import { stat } from './stat.js';
import { tar } from './tar.js';
import { touch } from './touch.js';
import { zcat } from './zcat.js';

export const FILE_COMMANDS: Record<string, Program> = {
  chmod,
  cp,
  du,
  find,
  gunzip,
  gzip,
  ln,
  ls,
  mkdir,
  mv,
  readlink,
  realpath,
  rm,
  rmdir,
  stat,
  tar,
  touch,
  zcat,
};
