/**
 * `shopt [-s|-u|-p|-q] [optname...]`: bash's optional behaviours. The ones
 * the shell implements change expansion (nullglob, failglob, dotglob,
 * nocaseglob, nocasematch, expand_aliases); the others are accepted and
 * listed so that scripts which set them keep working.
 */
import type { Builtin } from './index.js';

export const SHOPT_NAMES = [
  'autocd', 'cdspell', 'checkhash', 'checkwinsize', 'cmdhist', 'dotglob', 'expand_aliases', 'extglob', 'extquote',
  'failglob', 'globstar', 'histappend', 'inherit_errexit', 'lastpipe', 'nocaseglob', 'nocasematch', 'nullglob',
  'progcomp', 'promptvars', 'sourcepath', 'xpg_echo',
];

const shopt: Builtin = (sh, args) => {
  let mode: 's' | 'u' | 'p' | 'q' | 'list' = 'list';
  let quiet = false;
  let i = 1;
  for (; i < args.length && /^-[supqo]+$/.test(args[i]); i++) {
    for (const c of args[i].slice(1)) {
      if (c === 'q') quiet = true;
      else if (c === 's' || c === 'u' || c === 'p') mode = c;
    }
  }
  const names = args.slice(i);
  for (const name of names) {
    if (!SHOPT_NAMES.includes(name)) {
      sh.error(`shopt: ${name}: invalid shell option name`);
      return 1;
    }
  }
  if (mode === 's' || mode === 'u') {
    for (const name of names) {
      if (mode === 's') sh.shopts.add(name);
      else sh.shopts.delete(name);
    }
    return 0;
  }
  const shown = names.length > 0 ? names : SHOPT_NAMES;
  let status = 0;
  for (const name of shown) {
    const on = sh.shopts.has(name);
    if (!on && names.length > 0) status = 1;
    if (quiet) continue;
    sh.sys.write(1, mode === 'p' ? `shopt ${on ? '-s' : '-u'} ${name}\n` : `${name.padEnd(16)}\t${on ? 'on' : 'off'}\n`);
  }
  return status;
};

export const SHOPT_BUILTINS: Record<string, Builtin> = { shopt };
