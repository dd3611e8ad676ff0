/**
 * The interactive shell on the terminal pane: a pty running `sh -i` in the
 * sandbox. When the shell exits (`exit`, ^D) the pane says so and Enter
 * starts a new one, as a terminal emulator's "relaunch".
 */
import type { Pty, Sandbox } from '../index.ts';
import { startShell } from './sandbox-start.ts';
import type { TerminalPane } from './terminal-pane.ts';

export class ShellTerminal {
  private pty: Pty | undefined;
  private starting: Promise<Pty> | undefined;

  constructor(private readonly pane: TerminalPane) {}

  /**
   * Show a shell of `sb` on the pane (ending the previous one's
   * attachment): `started`, one already starting, or a new one.
   */
  start(sb: Sandbox, started?: Promise<Pty>): Promise<Pty> {
    this.pane.release();
    this.pty = undefined;
    const starting = (started ?? startShell(sb, this.pane.size)).then((pty) => {
      if (this.starting !== starting) {
        pty.kill();
        return pty;
      }
      this.pty = pty;
      this.pane.attach(pty);
      void pty.wait().then(
        ({ exitCode }) => this.ended(pty, `the shell exited with status ${exitCode}; press Enter for a new one`),
        (error: unknown) => this.ended(pty, `the shell failed: ${String(error)}; press Enter for a new one`),
      );
      return pty;
    });
    this.starting = starting;
    return starting;
  }

  /** Whether a shell is running on the pane. */
  get running(): boolean {
    return this.pty?.active ?? false;
  }

  /**
   * Type a command line at the prompt: ^U first (VKILL, POSIX XBD 11.1.6)
   * clears whatever was half typed, then the line and a carriage return
   * (ICRNL makes it the newline that ends the line).
   */
  runLine(sb: Sandbox, line: string): Promise<void> | void {
    if (this.running) {
      this.pane.type(`\x15${line}\r`);
      return;
    }
    return this.start(sb).then((pty) => pty.write(`${line}\r`));
  }

  private ended(pty: Pty, message: string): void {
    if (this.pty !== pty) return;
    this.pty = undefined;
    this.pane.release();
    this.pane.note(message);
  }
}
