/**
 * The `wasmbox` command line, parsed without side effects so every bad
 * argument gets its message and exit status 2 (the usage-error status of
 * GNU tools) before anything is read or started.
 *
 *   wasmbox [options]                  an interactive sandbox shell
 *   wasmbox [options] exec 'command'   run one command line, exit with its status
 *   wasmbox [options] run prog.wasm [args…]   run a host WASI binary in the sandbox
 *   wasmbox -c 'command'               the same as exec (sh's spelling)
 */

export const USAGE = `usage: wasmbox [options]                      an interactive sandbox shell
       wasmbox [options] exec 'command'      run one command line and exit with its status
       wasmbox [options] run prog.wasm [arg...]  run a WASI binary from this machine in the sandbox
options:
  --snapshot FILE   start from FILE when it exists, and save the sandbox to it on exit
  --import DIR[:DEST]  copy the host directory DIR into the sandbox at DEST
                    (default /home/user/<name of DIR>); may be repeated
  --cwd DIR         the sandbox directory to start in (default /home/user)
  -h, --help        this text
  --version         wasmbox's version
`;

export type CliCommand =
  | { kind: 'shell' }
  | { kind: 'exec'; command: string }
  | { kind: 'run'; program: string; args: string[] }
  | { kind: 'help' }
  | { kind: 'version' };

export interface CliArgs {
  command: CliCommand;
  snapshot: string | undefined;
  imports: { from: string; to: string | undefined }[];
  cwd: string | undefined;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parse argv (without node and the script). Throws UsageError with a one-line reason. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: { kind: 'shell' }, snapshot: undefined, imports: [], cwd: undefined };
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined || v === '') throw new UsageError(`option '${flag}' needs a value`);
    return v;
  };
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const take = (): string => {
      if (inline === undefined) return value(flag);
      if (inline === '') throw new UsageError(`option '${flag}' needs a value`);
      return inline;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { ...args, command: { kind: 'help' } };
      case '--version':
        return { ...args, command: { kind: 'version' } };
      case '--snapshot':
        if (args.snapshot !== undefined) throw new UsageError("option '--snapshot' given twice");
        args.snapshot = take();
        continue;
      case '--import': {
        const spec = take();
        // DIR:DEST, where DEST is a sandbox path (absolute); a ':' elsewhere belongs to DIR.
        const colon = spec.lastIndexOf(':/');
        args.imports.push(colon > 0 ? { from: spec.slice(0, colon), to: spec.slice(colon + 1) } : { from: spec, to: undefined });
        continue;
      }
      case '--cwd':
        args.cwd = take();
        continue;
      case '-c':
        args.command = { kind: 'exec', command: value('-c') };
        return finish(args, argv, i + 1);
      case 'exec': {
        const command = argv[i + 1];
        if (command === undefined) throw new UsageError("'exec' needs a command line, e.g. wasmbox exec 'ls -l'");
        args.command = { kind: 'exec', command };
        return finish(args, argv, i + 2);
      }
      case 'run': {
        const program = argv[i + 1];
        if (program === undefined || program === '') throw new UsageError("'run' needs a WASI binary, e.g. wasmbox run prog.wasm arg");
        return { ...args, command: { kind: 'run', program, args: argv.slice(i + 2) } };
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        throw new UsageError(`unknown command '${arg}' (commands: exec, run)`);
    }
  }
  return args;
}

function finish(args: CliArgs, argv: readonly string[], next: number): CliArgs {
  if (next < argv.length) throw new UsageError(`unexpected argument '${argv[next]}' after the command line (quote the whole command)`);
  return args;
}
