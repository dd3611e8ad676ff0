/**
 * The `js` program's REPL, when it has no script and stdin is a terminal
 * (Node's `node` with no arguments, https://nodejs.org/api/repl.html).
 * Line editing, echo and ^C/^D come from the kernel's line discipline
 * (engine/tty.ts, canonical mode): the REPL reads whole lines from fd 0.
 *
 * Each complete input runs as a global script in the guest's one context,
 * so QuickJS keeps top-level `let`/`const`/`class` bindings between inputs
 * (its global lexical scope, as a browser console does); re-declaring one is
 * a SyntaxError (V8's REPL mode lets Node replace it). An input that needs
 * more lines (its SyntaxError is at the end of the text: an open block,
 * string, template or comment) gets the `... ` prompt. An input that uses
 * `await` and is no script runs in an async function (expressions give
 * their value, statements undefined; their declarations stay local) and the
 * event loop runs until it settles. Results print as util.inspect does,
 * errors as `Uncaught <error>`, and `_` holds the last result.
 *
 * ^C while reading drops the line; ^C during an evaluation stops it
 * (QuickJS's interrupt handler, guest.ts) and the REPL goes on. Timers set
 * at the REPL fire only while an input is being awaited (no loop runs
 * while the REPL waits for a line). `.exit` and ^D end it with the guest's
 * exit status (process.exitCode, else 0).
 */
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { KernelSys } from '../kernel-sys.js';
import { SIGNALS } from '../../engine/signals.js';
import { Interrupted } from '../program.js';
import { SysError, type Sys } from '../sys.js';
import type { Guest } from './guest.js';
import { decodeUtf8 } from './utf8.js';

const PROMPT = '> ';
const CONTINUATION = '... ';
/** The one signal the REPL survives. */
const SIGINT = SIGNALS.SIGINT;
/** What Node says after ^C at an empty prompt. */
const EXIT_HINT = '(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n';

/** Run the REPL until `.exit`, ^D or a signal other than SIGINT; the guest's `end` then says how it ended. */
export function runRepl(guest: Guest): void {
  new Repl(guest).run();
}

class Repl {
  private readonly sys: Sys;
  private readonly buffer = new Uint8Array(4096);
  /** Inputs evaluated so far: each runs under the file name REPL<n>, as Node names them. */
  private count = 0;
  private inspectFn: QuickJSHandle | undefined;

  constructor(private readonly guest: Guest) {
    this.sys = guest.sys;
  }

  run(): void {
    try {
      this.loop();
    } finally {
      this.inspectFn?.dispose();
    }
  }

  private loop(): void {
    let text = '';
    for (;;) {
      this.sys.write(1, text === '' ? PROMPT : CONTINUATION);
      let line: string | null;
      try {
        line = this.readLine();
      } catch (error) {
        if (!(error instanceof SysError) || (this.sys.pendingSignal?.() ?? 0) === 0) throw error;
        // EINTR: ^C (the discipline echoed ^C and dropped the line), or a signal that ends us.
        const signal = takeSignal(this.sys);
        if (signal !== SIGINT && signal !== 0) {
          this.guest.end = { kind: 'signal', signal };
          return;
        }
        this.sys.write(1, text === '' ? `\n${EXIT_HINT}` : '\n');
        text = '';
        continue;
      }
      if (line === null) {
        // ^D on an empty line: Node ends on a fresh line.
        this.sys.write(1, '\n');
        return;
      }
      if (text === '' && line.trim() === '.exit') return;
      text += line;
      if (text.trim() === '') {
        text = '';
        continue;
      }
      if (this.incomplete(text)) continue;
      this.evaluate(text);
      text = '';
      if (!this.survive()) return;
    }
  }

  /** One line (up to and with its newline), or what came before end of input; null at end of input with nothing read. */
  private readLine(): string | null {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const n = this.sys.read(0, this.buffer);
      if (n === 0) break;
      chunks.push(this.buffer.slice(0, n));
      if (this.buffer[n - 1] === 0x0a) break;
    }
    if (chunks.length === 0) return null;
    const all = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return decodeUtf8(all);
  }

  /**
   * After an evaluation: whether the REPL goes on. ^C stopped the evaluation
   * (the guest's interrupt handler set `end`): take the signal and go on.
   * process.exit, another signal or out of memory end the REPL.
   */
  private survive(): boolean {
    const end = this.guest.end;
    if (end === undefined) return true;
    if (end.kind !== 'signal' || end.signal !== SIGINT) return false;
    takeSignal(this.sys);
    this.guest.end = undefined;
    // Below the discipline's echoed ^C.
    this.sys.write(1, '\nUncaught Error: Script execution interrupted.\n');
    return true;
  }

  /** Whether `text` is the start of a script: its SyntaxError is at its very end (or an open string/comment). */
  private incomplete(text: string): boolean {
    const ctx = this.guest.context;
    const compiled = ctx.evalCode(text, 'REPL', { type: 'global', compileOnly: true });
    if (!compiled.error) {
      compiled.value.dispose();
      return false;
    }
    const error = ctx.dump(compiled.error) as { name?: string; message?: string; stack?: string } | undefined;
    compiled.error.dispose();
    if (error?.name !== 'SyntaxError') return false;
    if (/^unexpected end of /.test(error.message ?? '')) return true;
    const at = /REPL:(\d+):(\d+)/.exec(error.stack ?? '');
    if (!at) return false;
    return isPastEnd(text, Number(at[1]), Number(at[2]));
  }

  /** Run one complete input and print its value or its error. */
  private evaluate(text: string): void {
    const ctx = this.guest.context;
    const name = `REPL${++this.count}`;
    const source = /\bawait\b/.test(text) ? (this.asyncWrapper(text, name) ?? text) : text;
    const result = ctx.evalCode(source, name, { type: 'global' });
    if (result.error) {
      this.report(result.error);
      result.error.dispose();
      return;
    }
    let value = result.value;
    if (source !== text) {
      const settled = this.guest.awaitPromise(value);
      value.dispose();
      if (!settled) return;
      if (settled.type === 'rejected') {
        this.report(settled.error);
        settled.error.dispose();
        return;
      }
      value = settled.value;
    }
    // Promise jobs the input queued run before the next prompt, as Node's microtasks do.
    this.guest.runUntil(() => true);
    if (!this.guest.end) {
      ctx.setProp(ctx.global, '_', value);
      const shown = this.inspect(value);
      if (shown !== undefined) this.sys.write(1, `${shown}\n`);
    }
    value.dispose();
  }

  /**
   * `text` that is no script because of `await`, as an async function call:
   * an expression's value, else statements. Undefined when neither compiles
   * (running the text then reports its own SyntaxError).
   */
  private asyncWrapper(text: string, name: string): string | undefined {
    const ctx = this.guest.context;
    const script = ctx.evalCode(text, name, { type: 'global', compileOnly: true });
    if (!script.error) {
      script.value.dispose();
      return undefined;
    }
    script.error.dispose();
    const expression = text.replace(/[\s;]+$/, '');
    for (const wrapped of [`(async () => (\n${expression}\n))()`, `(async () => {\n${text}\n})()`]) {
      const compiled = ctx.evalCode(wrapped, name, { type: 'global', compileOnly: true });
      if (compiled.error) {
        compiled.error.dispose();
        continue;
      }
      compiled.value.dispose();
      return wrapped;
    }
    return undefined;
  }

  /**
   * An error out of an input, as Node's REPL prints it: `Uncaught ` and its
   * inspection, without the frames of the input itself (`<eval>`, or the
   * `<anonymous>` async wrapper; an arrow function's frame goes with them).
   */
  private report(error: QuickJSHandle): void {
    if (this.guest.end) return;
    const shown = this.inspect(error);
    if (shown === undefined) return;
    const lines = shown.split('\n').filter((l) => !/^\s+at (<eval> \(|<anonymous> \()?REPL\d+:\d+:\d+\)?$/.test(l));
    // An error without frames inspects as `[Name: message]`; Node's REPL prints its stack's `Name: message`.
    const text = lines.join('\n');
    const bare = /^\[(\w*Error(?:: .*)?)\]$/.exec(text);
    this.sys.write(1, `Uncaught ${bare ? bare[1] : text}\n`);
  }

  /** util.inspect(value) in the guest; undefined if inspecting failed (a getter threw, the guest ran out of memory). */
  private inspect(value: QuickJSHandle): string | undefined {
    const ctx = this.guest.context;
    if (!this.inspectFn) {
      const lib = this.guest.library('inspect');
      if ('error' in lib) {
        this.sys.write(2, `${lib.error.message}\n`);
        return undefined;
      }
      this.inspectFn = ctx.getProp(lib.value, 'inspect');
      lib.value.dispose();
    }
    const result = ctx.callFunction(this.inspectFn, ctx.undefined, value);
    if (result.error) {
      const dumped: unknown = ctx.dump(result.error);
      result.error.dispose();
      if (!this.guest.end) this.sys.write(1, `Uncaught ${String((dumped as { message?: unknown } | null)?.message ?? dumped)}\n`);
      return undefined;
    }
    const text = ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : undefined;
    result.value.dispose();
    return text;
  }
}

/** Whether 1-based (line, column) lies after the last non-blank character of `text`. */
function isPastEnd(text: string, line: number, column: number): boolean {
  const lines = text.replace(/\s+$/, '').split('\n');
  const lastLine = lines.length;
  const lastColumn = lines[lastLine - 1]!.length;
  return line > lastLine || (line === lastLine && column > lastColumn);
}

/**
 * Consume the signal the kernel left in Slot.Signal (engine/kernel.ts
 * interrupt), so that it does not stop the next evaluation too. An
 * interruptible program's calls throw `Interrupted` and clear it; sleep(0)
 * is such a call that costs no kernel round trip.
 */
function takeSignal(sys: Sys): number {
  if (!(sys instanceof KernelSys)) return sys.pendingSignal?.() ?? 0;
  sys.setInterruptible(true);
  try {
    sys.sleep(0);
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) return error.signal;
    throw error;
  } finally {
    sys.setInterruptible(false);
  }
}
