/**
 * Everything a pty prints, as text, with a way to wait for a pattern: what
 * the pty contract tests read instead of a terminal. Output is decoded as a
 * stream, so a UTF-8 character split across two chunks stays whole.
 */
import type { Pty } from 'wasmbox';

export class Screen {
  text = '';
  private readonly decoder = new TextDecoder();
  private waiters: (() => void)[] = [];

  constructor(pty: Pty) {
    pty.onData((data) => {
      this.text += this.decoder.decode(data, { stream: true });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Wait until the output since `from` matches; returns the index after the match. */
  async until(pattern: RegExp | string, from = 0, timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(from);
      const match = typeof pattern === 'string' ? (rest.includes(pattern) ? { index: rest.indexOf(pattern), length: pattern.length } : undefined) : firstMatch(rest, pattern);
      if (match) return from + match.index + match.length;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; output so far: ${JSON.stringify(this.text)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

function firstMatch(text: string, pattern: RegExp): { index: number; length: number } | undefined {
  const m = pattern.exec(text);
  return m ? { index: m.index, length: m[0].length } : undefined;
}
