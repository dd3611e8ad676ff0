/**
 * Build the playground page and serve it to Debian's Chromium, for the
 * end-to-end test (test/e2e/playground.test.ts), the screenshot script and
 * the playground bench. Plain JS so the scripts run in Node 20 as they are.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
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

/** What a static host must send for the page to be cross-origin isolated (the README says so too). */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

const CONTENT_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png' };

/**
 * Serve a built page the way a static host or CDN does: every file read
 * and gzip'd once, before the first request, and sent with COOP/COEP.
 * For bench/playground.mjs. `vite preview` instead compresses each
 * response as it sends it, and on a 2-core machine that work (~1.5 MB of
 * gzip per load) competes for the cores with the browser whose load is
 * being timed, which a visitor's browser never has to share.
 */
export async function serveStatic(outDir) {
  const files = new Map();
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else {
        const body = readFileSync(path);
        files.set(`/${prefix}${entry.name}`, { body, gzip: gzipSync(body), type: CONTENT_TYPES[extname(entry.name)] ?? 'application/octet-stream' });
      }
    }
  };
  walk(outDir, '');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files.get(path.endsWith('/') ? `${path}index.html` : path);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, ISOLATION).end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? file.gzip : file.body;
    res.writeHead(200, { ...ISOLATION, 'Content-Type': file.type, 'Content-Length': body.byteLength, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
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
