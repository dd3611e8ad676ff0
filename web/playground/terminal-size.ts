/**
 * The terminal's size before xterm (a separate chunk) exists: the shell is
 * started with it so it boots while the panes are built. It is worked out
 * as xterm and @xterm/addon-fit will work it out, so that fitting the new
 * terminal changes nothing: a wrong guess cost a resize (a reflow and a
 * second render of every row, ~12 ms on the page's load path) and a
 * pty.resize.
 */

/** The terminal's font, shared with terminal-pane.ts. */
export const TERMINAL_FONT = { family: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace", size: 14 };

/** addon-fit leaves xterm's scrollbar out of the columns: 14 px unless an overview ruler is set. */
const SCROLLBAR_PX = 14;
/** Used when the font cannot be measured here: about the cell of a 14 px monospace font. */
const FALLBACK_CELL = { width: 8.4, height: 17 };

/** `el`: the element the terminal will be opened in (addon-fit measures the terminal's parent). */
export function guessTerminalSize(el: HTMLElement): { cols: number; rows: number } {
  const cell = measureCell(globalThis.devicePixelRatio || 1);
  const style = getComputedStyle(el);
  const width = Math.max(0, parseInt(style.width) - SCROLLBAR_PX);
  const height = parseInt(style.height);
  const fit = (n: number, min: number) => (Number.isFinite(n) ? Math.min(4096, Math.max(min, Math.floor(n))) : min);
  return { cols: fit(width / cell.width, 2), rows: fit(height / cell.height, 1) };
}

/**
 * The cell as xterm measures it when it can draw offscreen (its
 * OffscreenCanvas char-size strategy): the advance of `W`, and the font's
 * ascent plus descent rounded up in device pixels.
 */
function measureCell(dpr: number): { width: number; height: number } {
  if (typeof OffscreenCanvas !== 'function') return FALLBACK_CELL;
  const ctx = new OffscreenCanvas(1, 1).getContext('2d');
  if (!ctx) return FALLBACK_CELL;
  ctx.font = `${TERMINAL_FONT.size}px ${TERMINAL_FONT.family}`;
  const m = ctx.measureText('W');
  const height = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
  if (!(m.width > 0 && height > 0)) return FALLBACK_CELL;
  return { width: m.width, height: Math.ceil(height * dpr) / dpr };
}
