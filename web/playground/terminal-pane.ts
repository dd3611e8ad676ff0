/**
 * The terminal pane: an @xterm/xterm Terminal, fit to its pane with
 * @xterm/addon-fit, connected to a sandbox pty. Keys go to the pty as
 * typed (its line discipline echoes and edits, as a kernel tty does);
 * output goes to the screen; a pane resize becomes pty.resize, so programs
 * see the new size (TIOCGWINSZ, or COLUMNS/LINES for new ones).
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { TERMINAL_FONT } from './terminal-size.ts';

/** What the pane needs of a pty (sb.pty.create's result). */
export interface TerminalConnection {
  onData(listener: (data: Uint8Array) => void, options?: { replay?: boolean }): () => void;
  write(data: string): void;
  resize(size: { cols: number; rows: number }): Promise<void>;
}

export interface TerminalHooks {
  /** After each chunk of output reaches the terminal (the page refreshes the tree on a debounce). */
  output(): void;
  /** A key typed while no program is attached (the shell has exited). */
  keyWithoutProgram(data: string): void;
}

/** Whether the page's first program output has been marked (one mark per page, whichever pane). */
let outputMarked = false;

export class TerminalPane {
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private connection: TerminalConnection | undefined;
  private detach: (() => void) | undefined;

  constructor(
    el: HTMLElement,
    size: { cols: number; rows: number } | undefined,
    private readonly hooks: TerminalHooks,
  ) {
    this.term = new Terminal({
      ...size,
      fontFamily: TERMINAL_FONT.family,
      fontSize: TERMINAL_FONT.size,
      cursorBlink: true,
      scrollback: 5000,
      theme: { background: '#000000', foreground: '#d7dae0', cursor: '#61afef', selectionBackground: '#3a4556' },
    });
    this.term.loadAddon(this.fit);
    this.term.open(el);
    this.fitToPane();
    this.term.onData((data) => {
      if (!this.type(data)) hooks.keyWithoutProgram(data);
    });
    // An ended pty refuses a resize; its end is reported by the shell's exit note, not here.
    this.term.onResize((size) => void this.connection?.resize(size).catch(() => {}));
    // The pane changes size with the window and the layout; refit on the next frame, once layout has settled.
    let frame = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => this.fitToPane());
    }).observe(el);
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  /**
   * Show `connection`'s output (from its start: the pty replays what it
   * printed before, such as a prompt) and send it the keys and this pane's
   * size; the previous connection is let go.
   */
  attach(connection: TerminalConnection): void {
    this.detach?.();
    this.connection = connection;
    const unsubscribe = connection.onData(
      (data) => {
        if (!outputMarked) {
          // For bench/playground.mjs's breakdown of the page load: the first program output of the page.
          outputMarked = true;
          performance.mark('playground:output');
        }
        this.term.write(data);
        this.hooks.output();
      },
      { replay: true },
    );
    void connection.resize(this.size).catch(() => {});
    this.detach = () => {
      unsubscribe();
      this.connection = undefined;
    };
  }

  /** Let go of the connection (its program ended, or the sandbox is being replaced). */
  release(): void {
    this.detach?.();
    this.detach = undefined;
  }

  /** Keys or a command line for the program on the terminal; false when none is attached or it has ended. */
  type(data: string): boolean {
    if (!this.connection) return false;
    try {
      this.connection.write(data);
      return true;
    } catch {
      return false; // the program ended between its last output and this key: the page's exit handler says so
    }
  }

  /** Text written by the page itself (notes, not program output). */
  note(text: string): void {
    this.term.write(`\r\n\x1b[2m${text.replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
  }

  clear(): void {
    this.term.reset();
  }

  focus(): void {
    this.term.focus();
  }

  private fitToPane(): void {
    // fit() measures the rendered cell; a hidden or zero-sized pane has none to measure.
    if (this.term.element?.offsetParent === null) return;
    this.fit.fit();
  }
}
