/**
 * The `sh` program: `sh -c 'cmd' [name [args…]]`, `sh script [args…]`, `sh`
 * (script from stdin) and `sh -s [args…]`, with options `-e -u -x -f -C -v
 * -a -n -o NAME`. A process started by the shell's own fork (`ctx.fork`)
 * rebuilds the parent's state and runs what it was given (fork.ts).
 * `Shell` is exported for sessions, which keep one shell across commands.
 */
import { OPTION_LETTERS, type ShellOptions } from './shell.js';
import { Shell } from './interpreter.js';
import { isForkPayload, restorePayload } from './fork.js';
import { setOption } from './builtins/variables.js';
import { runInteractive, wantsInteractive } from './interactive.js';
import type { Program } from '../program.js';
import { SysError } from '../sys.js';

export { Shell } from './interpreter.js';

const USAGE = 'Usage:\tsh [option] ...\n\tsh [option] script-file ...\n\tsh -c command [name [args ...]]\n';

const LONG: Record<string, keyof ShellOptions> = {
  errexit: 'errexit',
  nounset: 'nounset',
  xtrace: 'xtrace',
  pipefail: 'pipefail',
  noglob: 'noglob',
  noclobber: 'noclobber',
  noexec: 'noexec',
  verbose: 'verbose',
  allexport: 'allexport',
};

function readAllStdin(shell: Shell): string {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(64 * 1024);
  for (;;) {
    const n = shell.sys.read(0, buffer);
    if (n === 0) break;
    chunks.push(buffer.slice(0, n));
  }
  const total = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    total.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(total);
}

export const sh: Program = (ctx) => {
  const shell = new Shell(ctx);
  if (isForkPayload(ctx.fork)) {
    restorePayload(shell, ctx.fork);
    return shell.runForked(ctx.fork.run);
  }
  const argv = ctx.argv;
  let command: string | undefined;
  let fromStdin = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (!/^[-+]./.test(a)) break;
    const on = a[0] === '-';
    if (a === '--help') {
      shell.sys.write(1, USAGE);
      return 0;
    }
    if (a === '--version') {
      shell.sys.write(1, 'wasmbox sh 1.0 (bash-compatible subset)\n');
      return 0;
    }
    if (a.startsWith('--')) continue;
    for (const c of a.slice(1)) {
      if (c === 'c') command = '';
      else if (c === 's') fromStdin = true;
      else if (c === 'i') shell.interactive = on;
      else if (c === 'o') {
        const name = argv[++i];
        const key = name === undefined ? undefined : LONG[name];
        if (!key) {
          shell.error(`${name ?? ''}: invalid option name`);
          return 2;
        }
        setOption(shell, key, on);
      } else {
        const entry = OPTION_LETTERS.find(([, letter]) => letter === c);
        if (!entry) {
          shell.error(`-${c}: invalid option`);
          shell.sys.write(2, USAGE);
          return 2;
        }
        setOption(shell, entry[0], on);
      }
    }
  }
  const rest = argv.slice(i);
  let source: string;
  if (command !== undefined) {
    if (rest.length === 0) {
      shell.error('-c: option requires an argument');
      return 2;
    }
    source = rest[0];
    shell.commandString = true;
    if (rest.length > 1) shell.arg0 = rest[1];
    shell.positional = rest.slice(2);
  } else if (rest.length > 0 && !fromStdin) {
    const path = rest[0];
    try {
      source = new TextDecoder().decode(new Uint8Array(shell.sys.readFile(path)));
    } catch (error) {
      const message = error instanceof SysError ? error.message : String(error);
      shell.error(`${path}: ${message}`);
      return error instanceof SysError && error.code === 'ENOENT' ? 127 : 126;
    }
    shell.arg0 = path;
    shell.positional = rest.slice(1);
  } else {
    shell.positional = rest;
    if (!fromStdin && wantsInteractive(shell, false)) return runInteractive(shell);
    source = readAllStdin(shell);
  }
  shell.runSource(source);
  return shell.exit(shell.lastStatus);
};
