/**
 * Join this process's terminal to a sandbox PTY, the way ssh or tmux join
 * theirs: the host terminal goes to raw mode, so every key (^C, ^D, ^Z,
 * arrows) reaches the sandbox's line discipline as bytes and none of them
 * signals the CLI; the PTY's output goes to stdout untouched; SIGWINCH
 * (Node's 'resize' on stdout) resizes the PTY; SIGHUP and SIGTERM hang it
 * up. The terminal is put back however the PTY ends.
 */
import type { Sandbox } from './index.js';

export interface AttachOptions {
  /** argv to run instead of the interactive shell. */
  command?: string[];
}

export async function attachTerminal(sb: Sandbox, options: AttachOptions): Promise<number> {
  const { stdin, stdout } = process;
  const pty = await sb.pty.create({ cols: stdout.columns || 80, rows: stdout.rows || 24, command: options.command });
  const offData = pty.onData((bytes) => stdout.write(bytes));
  const onInput = (chunk: Buffer) => pty.write(new Uint8Array(chunk));
  const onResize = () => void pty.resize({ cols: stdout.columns || 80, rows: stdout.rows || 24 }).catch(() => {});
  // The host terminal went away (or we were asked to stop): hang up the PTY as
  // a closed terminal does, so main() still saves --snapshot and exits.
  const onHangUp = () => pty.kill('SIGHUP');
  process.on('SIGHUP', onHangUp).on('SIGTERM', onHangUp);
  stdin.setRawMode(true);
  stdin.on('data', onInput).resume();
  stdout.on('resize', onResize);
  try {
    const { exitCode } = await pty.wait();
    return exitCode ?? 1;
  } finally {
    offData();
    process.off('SIGHUP', onHangUp).off('SIGTERM', onHangUp);
    stdout.off('resize', onResize);
    stdin.off('data', onInput).pause();
    stdin.setRawMode(false);
  }
}
