/**
 * The state of one shell: variables, functions, aliases, options,
 * positional parameters, jobs, traps, and the counters the interpreter
 * needs (function nesting, loop nesting, where `set -e` is suppressed).
 * Everything a running script can change lives here, so a forked shell is
 * this object turned into JSON and back (fork.ts), and a session is one of
 * these kept across `runSource` calls.
 */
import type { FunctionDef } from './ast.js';
import type { Sys } from '../sys.js';
import { Variables } from './variables.js';
import { JobTable } from './jobs.js';
import type { JobControl } from './job-control.js';

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
  noglob: boolean;
  noclobber: boolean;
  noexec: boolean;
  verbose: boolean;
  allexport: boolean;
  notify: boolean;
  ignoreeof: boolean;
}

/** `set -o NAME` names and their single-letter flags (`$-` order). */
export const OPTION_LETTERS: [keyof ShellOptions, string][] = [
  ['allexport', 'a'],
  ['errexit', 'e'],
  ['noglob', 'f'],
  ['noexec', 'n'],
  ['nounset', 'u'],
  ['verbose', 'v'],
  ['xtrace', 'x'],
  ['noclobber', 'C'],
  ['notify', 'b'],
];

export function defaultOptions(): ShellOptions {
  return {
    errexit: false,
    nounset: false,
    xtrace: false,
    pipefail: false,
    noglob: false,
    noclobber: false,
    noexec: false,
    verbose: false,
    allexport: false,
    notify: false,
    ignoreeof: false,
  };
}

/** bash's default FUNCNEST-like guard: deep enough for real scripts, far from the JS stack limit. */
export const MAX_FUNCTION_DEPTH = 1000;

export interface CachedCommand {
  ino: number;
  mtimeMs: number;
  /** The wasmbox program its stub names, or null for any other executable. */
  program: string | null;
}

export class ShellState {
  vars = new Variables();
  functions = new Map<string, FunctionDef>();
  aliases = new Map<string, string>();
  options = defaultOptions();
  /** `shopt` options that are on (expand_aliases, nullglob, dotglob, failglob, nocaseglob, nocasematch, …). */
  shopts = new Set<string>();
  /** $1…; $0 is `arg0`. */
  positional: string[] = [];
  arg0 = 'sh';
  lastStatus = 0;
  lastBackground: number | undefined;
  /** $$: the pid of the top-level shell, kept by forked children. */
  shellPid: number;
  jobs = new JobTable();
  /** Trap actions by signal name without SIG ('EXIT', 'INT', …). */
  traps = new Map<string, string>();
  interactive = false;
  /** Function call depth, for `return` and the nesting guard. */
  functionDepth = 0;
  loopDepth = 0;
  /** >0 while running an if/while condition, a non-final `&&`/`||` part or a negated pipeline. */
  errexitSuppressed = 0;
  /**
   * Standard fds the script closed (`>&-`). The worker buffers writes to
   * fds 1 and 2 and drops them silently if the fd is gone, so `echo` asks
   * here to fail with "Bad file descriptor" as bash does.
   */
  closedFds = new Set<number>();
  /** fds above 2 opened by `exec N>file`, passed to children. */
  openFds = new Set<number>();
  /** Resolved /bin stubs and executables by path. */
  commandCache = new Map<string, CachedCommand>();
  /** State of $RANDOM's generator. */
  randomState: number;
  startMs: number;
  /** Set while the EXIT trap runs, so `exit` inside it does not run it again. */
  exiting = false;
  /** An interactive shell on a terminal: its jobs' process groups (job-control.ts). Not passed to forks. */
  jobControl: JobControl | undefined;

  constructor(readonly sys: Sys) {
    this.shellPid = sys.pid;
    this.randomState = (sys.pid * 2654435761 + Math.floor(sys.now())) >>> 0;
    this.startMs = sys.now();
  }

  /** $RANDOM: 0..32767 from a xorshift generator, like bash's 15-bit values. */
  random(): number {
    let x = this.randomState || 1;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.randomState = x >>> 0;
    return this.randomState & 0x7fff;
  }

  /** `$-`. */
  flags(): string {
    let out = '';
    for (const [name, letter] of OPTION_LETTERS) if (this.options[name]) out += letter;
    if (this.interactive) out += 'i';
    return `${out}hB`;
  }
}
