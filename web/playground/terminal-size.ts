/**
 * A first guess at the terminal's size, before xterm (a separate chunk) has
 * measured its font: the shell is started with it so it boots while the
 * panes are built. The pane corrects it with pty.resize once fitted; only
 * the prompt is drawn in between, and it does not depend on the width.
 */

/** About the cell of a 14 px monospace font; xterm's measurement replaces it. */
const CELL = { width: 8.4, height: 17 };

export function guessTerminalSize(el: HTMLElement): { cols: number; rows: number } {
  const clamp = (n: number) => Math.min(4096, Math.max(1, Math.floor(n)));
  return { cols: clamp(el.clientWidth / CELL.width), rows: clamp(el.clientHeight / CELL.height) };
}
