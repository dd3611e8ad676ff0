/**
 * env: print the environment, or run a command in a changed one. Options
 * end at the first operand; then NAME=VALUE words set variables and the
 * rest is the command, started with sys.spawn and waited for. Exit status
 * as GNU: the command's, 125 for env's own errors, 126 when the command
 * cannot run, 127 when it is not found.
 */
import type { Program } from '../program.js';
import { SysError } from '../sys.js';
import { command, quote } from './common.js';

const HELP = `Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]
Set each NAME to VALUE in the environment and run COMMAND.

Mandatory arguments to long options are mandatory for short options too.
  -i, --ignore-environment  start with an empty environment
  -0, --null           end each output line with NUL, not newline
  -u, --unset=NAME     remove variable from the environment
  -C, --chdir=DIR      change working directory to DIR
      --help     display this help and exit
      --version  output version information and exit

A mere - implies -i.  If no COMMAND, print the resulting environment.
`;

const SPEC = {
  help: HELP,
  usageStatus: 125,
  stopAtOperand: true,
  options: {
    ignore: { short: 'i', long: 'ignore-environment' },
    null: { short: '0', long: 'null' },
    unset: { short: 'u', long: 'unset', arg: 'required' },
    chdir: { short: 'C', long: 'chdir', arg: 'required' },
  },
} as const;

export const env: Program = command((cmd) => {
  const { opts, list, operands } = cmd.parse(SPEC);
  let rest = operands;
  let clear = !!opts.ignore;
  if (rest[0] === '-') {
    clear = true;
    rest = rest.slice(1);
  }
  const vars: Record<string, string> = clear ? {} : { ...cmd.env };
  for (const [key, value] of list) {
    if (key !== 'unset') continue;
    const name = String(value);
    if (name === '' || name.includes('=')) cmd.fail(`cannot unset ${quote(name)}: Invalid argument`, 125);
    delete vars[name];
  }
  let i = 0;
  for (; i < rest.length && /^[^=]+=/.test(rest[i]); i++) {
    const eq = rest[i].indexOf('=');
    vars[rest[i].slice(0, eq)] = rest[i].slice(eq + 1);
  }
  const argv = rest.slice(i);
  if (argv.length === 0) {
    if (opts.chdir !== undefined) cmd.usageError(`must specify command with --chdir (-C)`);
    const end = opts.null ? '\0' : '\n';
    for (const [k, v] of Object.entries(vars)) cmd.out.write(`${k}=${v}${end}`);
    return 0;
  }
  if (opts.null) cmd.usageError('cannot specify --null (-0) with command');
  let cwd: string | undefined;
  if (typeof opts.chdir === 'string') {
    const st = cmd.sys.tryStat(opts.chdir);
    if (st === undefined || st.type !== 'dir') cmd.fail(`cannot change directory to ${quote(opts.chdir)}: ${st ? 'Not a directory' : 'No such file or directory'}`, 125);
    cwd = cmd.sys.resolve(opts.chdir);
  }
  cmd.out.flush();
  let pid: number;
  try {
    pid = cmd.sys.spawn({ argv, env: vars, cwd });
  } catch (err) {
    if (!(err instanceof SysError)) throw err;
    cmd.warn(`${quote(argv[0])}: ${err.message}`);
    return err.code === 'ENOENT' ? 127 : 126;
  }
  return cmd.sys.wait(pid)!.exitCode;
});
