/**
 * `getopts optstring name [args...]` (POSIX getopts): OPTIND counts the
 * argument, and the position inside a bundle like `-abc` is kept in the
 * shell (bash keeps it internally too), reset whenever OPTIND is set to 1.
 */
import type { Builtin } from './index.js';

const getopts: Builtin = (sh, args) => {
  if (args.length < 3) {
    sh.error('getopts: usage: getopts optstring name [arg ...]');
    return 2;
  }
  const spec = args[1];
  const name = args[2];
  const params = args.length > 3 ? args.slice(3) : sh.positional;
  const silent = spec.startsWith(':');
  const optstring = silent ? spec.slice(1) : spec;
  let optind = Number(sh.vars.get('OPTIND') ?? '1');
  if (!Number.isInteger(optind) || optind < 1) optind = 1;
  if (optind === 1 && sh.getoptsState.optind !== 1) sh.getoptsState.offset = 1;
  if (optind !== sh.getoptsState.optind) sh.getoptsState.offset = 1;
  const arg = params[optind - 1];
  const finish = () => {
    sh.assign(name, '?');
    sh.vars.unset('OPTARG');
    sh.getoptsState.optind = optind;
    sh.assign('OPTIND', String(optind));
    return 1;
  };
  if (arg === undefined || !arg.startsWith('-') || arg === '-') return finish();
  if (arg === '--') {
    optind++;
    return finish();
  }
  const offset = sh.getoptsState.offset;
  const c = arg[offset];
  let next = offset + 1;
  const advance = () => {
    if (next >= arg.length) {
      optind++;
      next = 1;
    }
    sh.getoptsState.offset = next;
    sh.getoptsState.optind = optind;
    sh.assign('OPTIND', String(optind));
  };
  const at = optstring.indexOf(c);
  if (c === ':' || at < 0) {
    advance();
    if (silent) {
      sh.assign(name, '?');
      sh.assign('OPTARG', c);
    } else {
      sh.error(`illegal option -- ${c}`);
      sh.assign(name, '?');
      sh.vars.unset('OPTARG');
    }
    return 0;
  }
  if (optstring[at + 1] === ':') {
    let value: string | undefined;
    if (next < arg.length) {
      value = arg.slice(next);
      optind++;
    } else {
      value = params[optind];
      optind += 2;
    }
    next = 1;
    sh.getoptsState.offset = 1;
    sh.getoptsState.optind = optind;
    sh.assign('OPTIND', String(optind));
    if (value === undefined) {
      if (silent) {
        sh.assign(name, ':');
        sh.assign('OPTARG', c);
      } else {
        sh.error(`option requires an argument -- ${c}`);
        sh.assign(name, '?');
        sh.vars.unset('OPTARG');
      }
      return 0;
    }
    sh.assign(name, c);
    sh.assign('OPTARG', value);
    return 0;
  }
  advance();
  sh.assign(name, c);
  sh.vars.unset('OPTARG');
  return 0;
};

export const GETOPTS_BUILTINS: Record<string, Builtin> = { getopts };
