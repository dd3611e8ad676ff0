/**
 * Build the playground page and serve it to Debian's Chromium, for the
 * end-to-end test (test/e2e/playground.test.ts), the screenshot script and
 * the playground bench. Plain JS so the scripts run in Node 20 as they are.
 */
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

export const configFile = fileURLToPath(new URL('../web/playground/vite.config.ts', import.meta.url));

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** TOOLCHAIN.md: without the background-networking flags Chromium hammers the closed network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Production build of the page into `outDir`. */
export async function buildPlayground(outDir) {
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/**
 * Serve a built page on a free local port. `isolated: false` answers with
 * COOP/COEP 'unsafe-none' (the browsers' defaults) instead of the config's
 * same-origin/require-corp, so the page is not cross-origin isolated.
 */
export async function servePlayground(outDir, { isolated = true } = {}) {
  const headers = isolated ? {} : { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' };
  const server = await preview({
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, headers, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server has no local URL');
  return { url, close: () => server.close() };
}

/**
 * The terminal's screen, one string per row (xterm's DOM renderer draws one
 * div per row), trailing blanks trimmed, and the empty rows below the last
 * line of text dropped.
 */
export async function terminalRows(page) {
  const rows = await page.evaluate(() => Array.from(document.querySelectorAll('#terminal .xterm-rows > div'), (row) => row.textContent.replace(/\u00a0/g, ' ').replace(/\s+$/, '')));
  while (rows.length > 0 && rows.at(-1) === '') rows.pop();
  return rows;
}

/**
 * Type a command line at the shell's prompt, press Enter and wait for the
 * next prompt; resolves with the screen's rows then. The line's echo is
 * awaited before Enter, so the old prompt cannot be taken for the new one.
 */
export async function runCommand(page, line, timeout = 15_000) {
  await page.click('#terminal');
  await page.keyboard.type(line);
  const echoed = ({ line }) => {
    const rows = Array.from(document.querySelectorAll('#terminal .xterm-rows > div'), (row) => row.textContent.replace(/\u00a0/g, ' ').replace(/\s+$/, '')).filter(Boolean);
    return (rows.at(-1) ?? '').endsWith(`$ ${line}`);
  };
  await page.waitForFunction(echoed, { line }, { timeout }).catch(() => Promise.reject(new Error(`the terminal did not echo ${JSON.stringify(line)}`)));
  await page.keyboard.press('Enter');
  const prompted = ({ source }) => {
    const rows = Array.from(document.querySelectorAll('#terminal .xterm-rows > div'), (row) => row.textContent.replace(/\u00a0/g, ' ').replace(/\s+$/, '')).filter(Boolean);
    return new RegExp(source).test(rows.at(-1) ?? '');
  };
  await page.waitForFunction(prompted, { source: PROMPT.source }, { timeout });
  return terminalRows(page);
}

/** Wait until a terminal row matches `pattern` (a RegExp, tested on each row, trailing blanks trimmed). */
export async function waitForRow(page, pattern, timeout = 15_000) {
  const matches = ({ source, flags }) =>
    Array.from(document.querySelectorAll('#terminal .xterm-rows > div'), (row) => row.textContent.replace(/\u00a0/g, ' ').replace(/\s+$/, '')).some((text) =>
      new RegExp(source, flags).test(text),
    );
  await page.waitForFunction(matches, { source: pattern.source, flags: pattern.flags }, { timeout });
}

/** The shell's prompt (PS1's default, `user@wasmbox:<cwd>$ `). */
export const PROMPT = /^user@wasmbox:.*\$$/;
