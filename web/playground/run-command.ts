/**
 * The command line the Run button types into the terminal for a file:
 * `.js`/`.mjs` run with `js`, `.sh` with `sh`, `.wasm` as a command (the
 * kernel runs a file that starts with the WASM magic as a WASI program).
 * Paths are absolute, so the line works whatever directory the shell is in.
 */

/** Quote a word for the POSIX shell (XCU 2.2.3: nothing is special inside single quotes). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line for `path`, or undefined when the page does not know how to run that kind of file. */
export function runCommandFor(path: string): string | undefined {
  if (!path.startsWith('/')) throw new TypeError(`runCommandFor takes an absolute path, got ${JSON.stringify(path)}`);
  // Typed into a terminal, a newline would end the line early and other control characters would edit it (^U, ^W, ^C).
  if (/[\x00-\x1f\x7f]/.test(path)) return undefined;
  const quoted = shellQuote(path);
  if (/\.m?js$/i.test(path)) return `js ${quoted}`;
  if (/\.sh$/i.test(path)) return `sh ${quoted}`;
  if (/\.wasm$/i.test(path)) return quoted;
  return undefined;
}
