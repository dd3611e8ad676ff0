/**
 * A GNU getopt_long work-alike driven by a small table: short flags that
 * cluster (`-rn`), short options with an attached or separate argument
 * (`-n5`, `-n 5`), long options (`--lines=5`, `--lines 5`) matched by any
 * unambiguous prefix, `--` ending the options, and operands mixed with
 * options (GNU's argument permutation) unless POSIXLY_CORRECT is set.
 * `--help` and `--version` are always known.
 *
 * Errors are worded as glibc's getopt words them, followed by
 * "Try 'cmd --help' for more information." (see glibc posix/getopt.c).
 */

export interface OptionDef {
  /** Short letters that select this option: 'n', or 'Er' for two aliases. */
  short?: string;
  /** Long names without the dashes; several are aliases. */
  long?: string | readonly string[];
  /**
   * Absent: a flag. 'required': takes a value (`-n5`, `-n 5`, `--lines=5`,
   * `--lines 5`). 'optional': a value only when attached (`-i.bak`,
   * `--in-place=.bak`); without one the result is `true`.
   */
  arg?: 'required' | 'optional';
}

export interface OptionSpec<K extends string> {
  /** The options, keyed by the name they are reported under. */
  options: Record<K, OptionDef>;
  /** The complete `--help` text (GNU shape: "Usage: ..." line, description, options). */
  help: string;
  /** Exit status of a usage error: 1 for most tools, 2 for grep/diff/sort, 125 for env. */
  usageStatus?: number;
  /** Exit status for a bad option found while parsing, when it differs from usageStatus (GNU tar's argp: 64, EX_USAGE). */
  optionErrorStatus?: number;
  /** What follows the error line; default "Try 'NAME --help' for more information.\n". */
  usageHint?: (name: string) => string;
  /** The first operand ends the options (env, xargs: the rest is a command line). */
  stopAtOperand?: boolean;
  /** A negative number such as `-1` or `-.5` is an operand and ends the options (seq). */
  negativeNumbers?: boolean;
  /** Collect `-NUM` (digits given as short options, e.g. grep -5) under this key. */
  digits?: NoInfer<K>;
}

export interface ParsedArgs<K extends string> {
  /** The last value of each option given: `true` for a flag, the argument string otherwise. */
  opts: Partial<Record<K, string | true>>;
  /** Every option given, in order: for repeatable ones (grep -e, sort -k) and when order matters. */
  list: Array<[K, string | true]>;
  operands: string[];
}

/** A usage error: `message` is glibc's line without the "cmd: " prefix. */
export class UsageError extends Error {}

/** `--help` or `--version` was given: print `text` on stdout and exit 0. */
export class InfoRequest extends Error {
  constructor(readonly text: string) {
    super('info');
  }
}

const HELP = '\0help';
const VERSION = '\0version';

/**
 * Parse `args` (argv without argv[0]). Throws UsageError or InfoRequest;
 * `Cmd.parse` in common.ts turns those into output and an exit status.
 */
export function parseOptions<K extends string>(
  name: string,
  args: readonly string[],
  spec: OptionSpec<K>,
  posixlyCorrect = false,
): ParsedArgs<K> {
  const shortMap = new Map<string, K>();
  const longList: Array<[string, string]> = [];
  for (const key of Object.keys(spec.options) as K[]) {
    const def = spec.options[key];
    for (const ch of def.short ?? '') shortMap.set(ch, key);
    const longs = typeof def.long === 'string' ? [def.long] : (def.long ?? []);
    for (const l of longs) longList.push([l, key]);
  }
  longList.push(['help', HELP], ['version', VERSION]);
  const argOf = (key: string): OptionDef['arg'] =>
    key === HELP || key === VERSION ? undefined : spec.options[key as K].arg;

  const result: ParsedArgs<K> = { opts: {}, list: [], operands: [] };
  const set = (key: string, value: string | true): void => {
    if (key === HELP) throw new InfoRequest(spec.help);
    if (key === VERSION) throw new InfoRequest(`${name} (wasmbox coreutils) 0.1\n`);
    result.opts[key as K] = value;
    result.list.push([key as K, value]);
  };
  const stopEarly = posixlyCorrect || spec.stopAtOperand === true;

  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (spec.negativeNumbers && /^-\.?[0-9]/.test(arg)) break;
    if (arg.length < 2 || arg[0] !== '-') {
      if (stopEarly) break;
      result.operands.push(arg);
      continue;
    }
    if (arg[1] === '-') {
      i = parseLong(arg, args, i);
      continue;
    }
    // A cluster of short options: -rn, -n5, -k1,2
    for (let j = 1; j < arg.length; j++) {
      const ch = arg[j];
      if (spec.digits !== undefined && ch >= '0' && ch <= '9') {
        let end = j;
        while (end < arg.length && arg[end] >= '0' && arg[end] <= '9') end++;
        set(spec.digits, arg.slice(j, end));
        j = end - 1;
        continue;
      }
      const key = shortMap.get(ch);
      if (key === undefined) throw new UsageError(`invalid option -- '${ch}'`);
      const kind = spec.options[key].arg;
      if (kind === undefined) {
        set(key, true);
        continue;
      }
      const rest = arg.slice(j + 1);
      if (rest !== '') set(key, rest);
      else if (kind === 'optional') set(key, true);
      else if (i + 1 < args.length) set(key, args[++i]);
      else throw new UsageError(`option requires an argument -- '${ch}'`);
      break;
    }
  }
  result.operands.push(...args.slice(i));
  return result;

  function parseLong(arg: string, all: readonly string[], at: number): number {
    const eq = arg.indexOf('=');
    const typed = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const exact = longList.find(([l]) => l === typed);
    let match = exact;
    if (!match) {
      const candidates = longList.filter(([l]) => l.startsWith(typed));
      const keys = new Set(candidates.map(([, k]) => k));
      if (candidates.length === 0) throw new UsageError(`unrecognized option '${eq < 0 ? arg : arg.slice(0, eq)}'`);
      if (keys.size > 1) {
        const names = candidates.map(([l]) => `'--${l}'`).join(' ');
        throw new UsageError(`option '--${typed}' is ambiguous; possibilities: ${names}`);
      }
      match = candidates[0];
    }
    const [long, key] = match;
    const kind = argOf(key);
    if (eq >= 0) {
      if (kind === undefined) throw new UsageError(`option '--${long}' doesn't allow an argument`);
      set(key, arg.slice(eq + 1));
    } else if (kind === 'required') {
      if (at + 1 >= all.length) throw new UsageError(`option '--${long}' requires an argument`);
      set(key, all[at + 1]);
      return at + 1;
    } else {
      set(key, true);
    }
    return at;
  }
}
