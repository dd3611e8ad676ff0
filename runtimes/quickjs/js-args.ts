/**
 * The `js` (and `node`) command line, as Node reads it
 * (https://nodejs.org/api/cli.html): options before the script, the
 * script's own arguments after it, `--` ending the options.
 */
export type JsInvocation =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'eval'; code: string; print: boolean; args: string[] }
  | { kind: 'file'; file: string; args: string[] }
  | { kind: 'stdin'; args: string[] }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: js [options] [ script.js ] [arguments]
       js -e "script" [arguments]
       js -p "expression" [arguments]

Runs JavaScript on QuickJS inside the sandbox, with Node's console, process,
timers, fs, path, require and ES modules (a subset: see KNOWN_LIMITATIONS.md).
Also installed as 'node'. With no script, reads the program from stdin.

Options:
  -e, --eval script      evaluate script
  -p, --print script     evaluate script and print the result
  -v, --version          print the version
  -h, --help             print this help
  --                     end of options
`;

export function parseJsArgs(argv: readonly string[]): JsInvocation {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      const file = argv[i + 1];
      return file === undefined || file === '-' ? { kind: 'stdin', args: argv.slice(i + 2) } : { kind: 'file', file, args: argv.slice(i + 2) };
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    const inline = /^--(eval|print)=(.*)$/s.exec(arg);
    if (inline) return { kind: 'eval', code: inline[2]!, print: inline[1] === 'print', args: argv.slice(i + 1) };
    if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print' || arg === '-pe') {
      const code = argv[i + 1];
      if (code === undefined) return { kind: 'error', message: `${argv[0]}: ${arg} requires an argument` };
      return { kind: 'eval', code, print: arg.startsWith('-p') || arg === '--print', args: argv.slice(i + 2) };
    }
    if (arg === '-') return { kind: 'stdin', args: argv.slice(i + 1) };
    if (arg.startsWith('-')) return { kind: 'error', message: `${argv[0]}: bad option: ${arg}` };
    return { kind: 'file', file: arg, args: argv.slice(i + 1) };
  }
  return { kind: 'stdin', args: [] };
}
