/**
 * The playground starts its shell at a size guessed before xterm loads
 * (web/playground/terminal-size.ts); the guess must be what xterm and
 * addon-fit then fit, or the page pays a resize and a second render while
 * it loads. Checked against the real thing at many pane sizes.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { afterEach, describe, expect, it } from 'vitest';
import { TERMINAL_FONT, guessTerminalSize } from '../../web/playground/terminal-size.ts';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function pane(width: number, height: number): HTMLElement {
  const el = document.createElement('div');
  el.style.cssText = `width:${width}px;height:${height}px;position:absolute;left:0;top:0`;
  document.body.append(el);
  cleanup.push(() => el.remove());
  return el;
}

function fitted(el: HTMLElement): { cols: number; rows: number } {
  const term = new Terminal({ fontFamily: TERMINAL_FONT.family, fontSize: TERMINAL_FONT.size });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(el);
  fit.fit();
  cleanup.push(() => term.dispose());
  return { cols: term.cols, rows: term.rows };
}

describe('the playground terminal size guess', () => {
  it('is what xterm fits, across pane sizes', () => {
    const misses: string[] = [];
    for (const [w, h] of [[1033, 376], [1673, 516], [753, 326], [400, 200], [1280, 720], [997, 431], [311, 97]] as const) {
      const guess = guessTerminalSize(pane(w, h));
      const actual = fitted(pane(w, h));
      if (guess.cols !== actual.cols || guess.rows !== actual.rows) misses.push(`${w}x${h}: guessed ${guess.cols}x${guess.rows}, fitted ${actual.cols}x${actual.rows}`);
    }
    expect(misses).toEqual([]);
  });

  it('gives a usable size for a pane with no size yet', () => {
    const guess = guessTerminalSize(pane(0, 0));
    expect(guess.cols).toBeGreaterThanOrEqual(2);
    expect(guess.rows).toBeGreaterThanOrEqual(1);
  });
});
