/** `cd`, `pwd` and `umask`. `cd` keeps PWD logical (symlinks not resolved, `..` folded), like bash without -P. */
import type { Builtin } from './index.js';
import type { Shell } from '../interpreter.js';
import { SysError } from '../../sys.js';

function changeDirectory(sh: Shell, target: string, physical: boolean): string | undefined {
  const sys = sh.sys;
  const base = sh.vars.get('PWD') ?? sys.cwd;
  let path = target.startsWith('/') ? sys.resolve(target) : sys.resolve(`${base}/${target}`);
  try {
    if (physical) path = sys.realpath(path);
    const st = sys.stat(path);
    if (st.type !== 'dir') throw new SysError('ENOTDIR', 'chdir', path);
    sys.chdir(path);
  } catch (error) {
    if (!(error instanceof SysError)) throw error;
    sh.error(`cd: ${target}: ${error.message}`);
    return undefined;
  }
  return path;
}

const cd: Builtin = (sh, args) => {
  let i = 1;
  let physical = false;
  for (; i < args.length && /^-[LPe@]+$/.test(args[i]); i++) physical = args[i].includes('P');
  if (args[i] === '--') i++;
  if (args.length - i > 1) {
    sh.error('cd: too many arguments');
    return 1;
  }
  let target: string | undefined = args[i];
  let print = false;
  if (target === undefined) {
    target = sh.vars.get('HOME');
    if (target === undefined) {
      sh.error('cd: HOME not set');
      return 1;
    }
  } else if (target === '-') {
    target = sh.vars.get('OLDPWD');
    if (target === undefined) {
      sh.error('cd: OLDPWD not set');
      return 1;
    }
    print = true;
  } else if (!target.startsWith('/') && !/^\.\.?(\/|$)/.test(target)) {
    // CDPATH: the first directory that has `target`; the new directory is printed.
    for (const dir of (sh.vars.get('CDPATH') ?? '').split(':').filter(Boolean)) {
      const candidate = `${dir}/${target}`;
      if (sh.sys.tryStat(candidate)?.type === 'dir') {
        target = candidate;
        print = true;
        break;
      }
    }
  }
  if (target === '') return 0;
  const old = sh.vars.get('PWD') ?? sh.sys.cwd;
  const path = changeDirectory(sh, target, physical);
  if (path === undefined) return 1;
  sh.assign('OLDPWD', old);
  sh.assign('PWD', path);
  if (print) sh.sys.write(1, `${path}\n`);
  return 0;
};

const pwd: Builtin = (sh, args) => {
  const physical = args.slice(1).some((a) => /^-[LP]*P[LP]*$/.test(a));
  const bad = args.slice(1).find((a) => !/^-[LP]+$/.test(a));
  if (bad !== undefined && bad.startsWith('-')) {
    sh.error(`pwd: ${bad.slice(0, 2)}: invalid option`);
    sh.error('pwd: usage: pwd [-LP]');
    return 2;
  }
  const logical = sh.vars.get('PWD');
  let path = logical !== undefined && logical.startsWith('/') && sh.sys.tryStat(logical)?.ino === sh.sys.tryStat('.')?.ino ? logical : sh.sys.cwd;
  if (physical) path = sh.sys.realpath(path);
  sh.sys.write(1, `${path}\n`);
  return 0;
};

function symbolicMask(mask: number): string {
  const perms = (shift: number) => {
    const bits = (~mask >> shift) & 7;
    return `${bits & 4 ? 'r' : ''}${bits & 2 ? 'w' : ''}${bits & 1 ? 'x' : ''}`;
  };
  return `u=${perms(6)},g=${perms(3)},o=${perms(0)}`;
}

/** Apply `u+w,go-rx`-style clauses to a mask (the mask holds the bits NOT granted). */
function applySymbolic(mask: number, spec: string): number | undefined {
  let allowed = ~mask & 0o777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwx]*)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    let bits = 0;
    if (m[3].includes('r')) bits |= 4;
    if (m[3].includes('w')) bits |= 2;
    if (m[3].includes('x')) bits |= 1;
    for (const w of who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
      if (m[2] === '+') allowed |= bits << shift;
      else if (m[2] === '-') allowed &= ~(bits << shift);
      else allowed = (allowed & ~(7 << shift)) | (bits << shift);
    }
  }
  return ~allowed & 0o777;
}

const umask: Builtin = (sh, args) => {
  let i = 1;
  let symbolic = false;
  for (; i < args.length && /^-[Sp]+$/.test(args[i]); i++) symbolic ||= args[i].includes('S');
  const spec = args[i];
  if (spec === undefined) {
    const mask = sh.sys.umask;
    sh.sys.write(1, `${symbolic ? symbolicMask(mask) : mask.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  const mask = /^[0-7]+$/.test(spec) ? parseInt(spec, 8) & 0o777 : applySymbolic(sh.sys.umask, spec);
  if (mask === undefined) {
    sh.error(`umask: ${spec}: invalid symbolic mode operator`);
    return 1;
  }
  sh.sys.umask = mask;
  return 0;
};

export const DIRECTORY_BUILTINS: Record<string, Builtin> = { cd, pwd, umask };
