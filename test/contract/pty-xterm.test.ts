/**
 * A pty's output fed to a real terminal emulator (@xterm/headless): the
 * screen shows what a person would see. Node and Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Sandbox, type Pty } from 'wasmbox';
import xterm from '@xterm/headless';

const { Terminal } = xterm;

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

/** A headless xterm attached to `pty`; `settled()` waits until everything written so far is parsed. */
function attach(pty: Pty): { term: InstanceType<typeof Terminal>; settled(): Promise<void>; screen(): string[] } {
  const term = new Terminal({ cols: pty.cols, rows: pty.rows, allowProposedApi: true });
  let pending = Promise.resolve();
  pty.onData((data) => {
    pending = pending.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
  });
  return {
    term,
    settled: () => pending,
    screen: () => {
      const buffer = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)!.translateToString(true));
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      return lines;
    },
  };
}

async function until(check: () => boolean, settled: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await settled();
    if (check()) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the screen');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a pty on @xterm/headless', () => {
  it('shows the prompt, the typed command and its output as screen lines', async () => {
    const sb = await Sandbox.create({ files: { 'a.txt': '', 'b.txt': '' } });
    open.push(sb);
    const pty = await sb.pty.create({ cols: 40, rows: 10 });
    const view = attach(pty);
    await until(() => view.screen().length === 1, view.settled);
    pty.write("printf 'a\\tb\\n'; ls\r");
    await until(() => view.screen().at(-1) === 'user@wasmbox:~$ ' && view.screen().length >= 4, view.settled);
    expect(view.screen()).toEqual([
      "user@wasmbox:~$ printf 'a\\tb\\n'; ls",
      'a       b',
      // On a terminal ls makes columns as wide as the window.
      'a.txt  b.txt',
      'user@wasmbox:~$ ',
    ]);
    // Line editing: what the erase echo leaves on screen is what the shell ran.
    pty.write('echo helo\x7flo\r');
    await until(() => view.screen().length >= 6, view.settled);
    expect(view.screen().slice(3)).toEqual(['user@wasmbox:~$ echo hello', 'hello', 'user@wasmbox:~$ ']);
    view.term.dispose();
  });

  it('wraps long output at the terminal width and follows a resize', async () => {
    const sb = await Sandbox.create();
    open.push(sb);
    const pty = await sb.pty.create({ cols: 20, rows: 5 });
    const view = attach(pty);
    await until(() => view.screen().length === 1, view.settled);
    pty.write('printf "%030d\\n" 7\r');
    await until(() => view.screen().includes('0000000007') && view.screen().at(-1) === 'user@wasmbox:~$ ', view.settled);
    const lines = view.screen();
    // The prompt line wraps too: the 30 digits take two rows of 20.
    expect(lines.slice(-3)).toEqual(['00000000000000000000', '0000000007', 'user@wasmbox:~$ ']);
    await pty.resize({ cols: 60, rows: 5 });
    view.term.resize(60, 5);
    pty.write('stty size\r');
    await until(() => view.screen().includes('5 60'), view.settled);
    view.term.dispose();
  });
});
