/**
 * The `js` program (also `node`): run a file, `-e` code or stdin on a
 * Guest (guest.ts) and return Node's exit status. A process of it gets
 * QuickJS from its worker (ProgramContext.quickjs); run in-process by the
 * shell, which has none to give, it starts itself as a child process.
 */
import { SysError } from '../sys.js';
import { SIGNALS } from '../../engine/signals.js';
import { Interrupted, type Program, type ProgramContext } from '../program.js';
import { createGuest, MAX_HEAP_BYTES, NODE_VERSION, OUT_OF_MEMORY_STATUS, type Guest } from './guest.js';
import { parseJsArgs, USAGE, type JsInvocation } from './js-args.js';
import { runRepl } from './repl.js';
import { decodeUtf8 } from './utf8.js';

/** Node's status for a bad command-line option ("Invalid Argument", doc/api/process.md exit codes). */
const BAD_OPTION_STATUS = 9;
const SIGINT = SIGNALS.SIGINT;

export const js: Program = (ctx) => {
  const { sys } = ctx;
  const invocation = parseJsArgs(ctx.argv);
  switch (invocation.kind) {
    case 'help':
      sys.write(1, USAGE);
      return 0;
    case 'version':
      sys.write(1, `v${NODE_VERSION}\n`);
      return 0;
    case 'error':
      sys.write(2, `${invocation.message}\n`);
      return BAD_OPTION_STATUS;
  }
  const quickjs = ctx.quickjs?.current;
  if (!quickjs) return runAsChild(ctx);
  // No script and a terminal on stdin: the REPL (repl.ts), as `node` does.
  const interactive = invocation.kind === 'stdin' && sys.isatty(0);
  const memoryBytes = Math.min(ctx.memoryBytes ?? MAX_HEAP_BYTES, MAX_HEAP_BYTES);
  const guest = createGuest(sys, processArgv(ctx, invocation), { ...ctx.env }, { quickjs, memoryBytes });
  let healthy = true;
  try {
    if (interactive) {
      runRepl(guest);
    } else {
      runInvocation(ctx, guest, invocation);
      guest.runUntil();
    }
    const status = guest.status();
    const message = guest.endMessage();
    if (message) sys.write(2, message);
    return status;
  } catch (error) {
    const failure = engineFailure(error);
    if (failure === undefined) throw error;
    // QuickJS's own code failed (the host's stack ran out inside it, or it trapped): that instance cannot be trusted again.
    healthy = false;
    ctx.quickjs?.discard();
    sys.write(2, `${failure}\n`);
    return failure.startsWith('RangeError') ? 1 : OUT_OF_MEMORY_STATUS;
  } finally {
    // A runtime QuickJS cannot free (after running out of memory) takes its instance with it.
    if (healthy && !guest.dispose()) ctx.quickjs?.discard();
  }
};

function runInvocation(ctx: ProgramContext, guest: Guest, invocation: JsInvocation): void {
  switch (invocation.kind) {
    case 'eval':
      guest.runMain({ code: invocation.code, name: '[eval]', print: invocation.print });
      return;
    case 'file':
      guest.runMain({ file: invocation.file });
      return;
    case 'stdin': {
      let code: string;
      try {
        code = readAll(ctx);
      } catch (error) {
        const signal = ctx.sys.pendingSignal?.() ?? 0;
        if (!(error instanceof SysError) || signal === 0) throw error;
        // Stopped (a timeout, ^C) while waiting for the program text.
        guest.end = { kind: 'signal', signal };
        return;
      }
      guest.runMain({ code, name: '[stdin]' });
      return;
    }
  }
}

function readAll(ctx: ProgramContext): string {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(65536);
  for (;;) {
    const n = ctx.sys.read(0, buffer);
    if (n === 0) break;
    chunks.push(buffer.slice(0, n));
  }
  let total = 0;
  for (const c of chunks) total += c.byteLength;
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return decodeUtf8(all);
}

/** process.argv: the runtime's path, the script's absolute path (none for -e and stdin), then its arguments. */
function processArgv(ctx: ProgramContext, invocation: JsInvocation): string[] {
  const runtime = ctx.argv[0]?.includes('/') ? ctx.argv[0] : `/bin/${ctx.argv[0] ?? 'node'}`;
  switch (invocation.kind) {
    case 'file':
      return [runtime, ctx.sys.resolve(invocation.file), ...invocation.args];
    case 'eval':
    case 'stdin':
      return [runtime, ...invocation.args];
    default:
      return [runtime];
  }
}

/** Started by the shell in its own worker: run as a process of our own, which gets QuickJS. */
function runAsChild(ctx: ProgramContext): number {
  let pid: number;
  try {
    pid = ctx.sys.spawn({ argv: [...ctx.argv], env: ctx.env });
  } catch (error) {
    if (!(error instanceof SysError)) throw error;
    ctx.sys.write(2, `${ctx.argv[0]}: cannot start: ${error.message}\n`);
    return 126;
  }
  for (;;) {
    try {
      return ctx.sys.wait(pid)?.exitCode ?? 1;
    } catch (error) {
      // An interactive shell running us in-process unwinds on ^C (Interrupted), but the child,
      // in the same foreground group, got the ^C too and decides what it means: a REPL goes on,
      // a script ends with 130. Wait for it, as bash waits for a foreground job that handles
      // SIGINT ("wait and cooperative exit"). A session's timeout kills the child first.
      if (!(error instanceof Interrupted) || error.signal !== SIGINT) throw error;
    }
  }
}

/** What to say when QuickJS itself failed under the program, or undefined for an error of ours. */
function engineFailure(error: unknown): string | undefined {
  // V8's RangeError for its own stack; the only RangeError QuickJS's wasm can throw at us.
  if (error instanceof RangeError) return 'RangeError: Maximum call stack size exceeded (inside the JavaScript engine)';
  if (error instanceof WebAssembly.RuntimeError) return `FATAL ERROR: the JavaScript engine failed (${error.message}), most likely out of memory`;
  return undefined;
}
