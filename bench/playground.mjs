// Playground figures (issue 7), in Debian's Chromium on the production build:
//  - cold page load to an interactive prompt: a new browser context each run
//    (empty HTTP cache and IndexedDB), from navigation start to the first
//    frame whose terminal shows the shell's prompt. Served as a static host
//    serves it (files compressed once: scripts/playground-server.mjs
//    serveStatic), which is the figure; and by `vite preview`, which gzips
//    every response as it sends it, on the same two cores as the browser;
//  - keystroke to echo on screen: from the key's keydown event to the
//    terminal's DOM showing the typed character (xterm's DOM renderer
//    updates rows in an animation frame, the frame that paints them).
// Usage: npm run bench:playground   (about half a minute)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PROMPT, buildPlayground, chromiumArgs, chromiumPath, servePlayground, serveStatic, waitForRow } from '../scripts/playground-server.mjs';

const LOADS = Number(process.env.BENCH_ROUNDS ?? 10);
/** What the page logs when its terminal first shows the prompt (watchForPrompt). */
const PROMPT_SEEN = 'wasmbox-bench: prompt on screen';
const KEYS_PER_LINE = 40;
const LINES = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x) => `${x.toFixed(1)} ms`;

/**
 * Installed before the page's own scripts: note the first moment a terminal
 * row reads as the prompt, and the main phases for a breakdown.
 */
function watchForPrompt({ promptSource, PROMPT_SEEN }) {
  const prompt = new RegExp(promptSource);
  const marks = (window.__bench = { prompt: undefined, workers: [] });
  // When each worker was made and when it first spoke (its 'ready', after its script loaded and ran).
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      const entry = { created: performance.now(), ready: NaN };
      marks.workers.push(entry);
      this.addEventListener('message', () => (entry.ready ||= performance.now()), { once: true });
    }
  };
  const check = () => {
    if (marks.prompt !== undefined) return;
    const rows = document.querySelectorAll('#terminal .xterm-rows > div');
    for (const row of rows) {
      if (prompt.test(row.textContent.trimEnd())) {
        marks.prompt = performance.now();
        observer.disconnect();
        console.debug(PROMPT_SEEN);
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

async function coldLoads(browser, url) {
  const samples = [];
  for (let i = 0; i <= LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(watchForPrompt, { promptSource: PROMPT.source, PROMPT_SEEN });
    // Told by the page, not polled: Playwright's waitForFunction first evaluates its injected
    // script (~80 ms here) on the page's main thread, in the middle of the load it would time.
    const seen = page.waitForEvent('console', { predicate: (m) => m.text() === PROMPT_SEEN, timeout: 15_000 });
    await page.goto(url);
    await seen;
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const scripts = performance.getEntriesByType('resource').filter((r) => /\.js$/.test(r.name));
      const mark = (name) => performance.getEntriesByName(`playground:${name}`)[0]?.startTime ?? NaN;
      return {
        prompt: window.__bench.prompt,
        domContentLoaded: nav.domContentLoadedEventEnd,
        library: mark('library'),
        sandbox: mark('sandbox'),
        panes: mark('panes'),
        worker: Math.min(...scripts.filter((r) => /\/worker-[^/]*\.js$/.test(r.name)).map((r) => r.responseEnd)),
        workerCreated: window.__bench.workers[0]?.created ?? NaN,
        workerReady: window.__bench.workers[0]?.ready ?? NaN,
        workers: window.__bench.workers.length,
        output: mark('output'),
      };
    });
    await context.close();
    // The first load also warms Chromium's own process and caches: reported, not counted.
    if (i === 0) console.log(`first load (not counted): ${ms(m.prompt)}`);
    else samples.push(m);
  }
  return samples;
}

async function keystrokes(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await waitForRow(page, PROMPT);
  await page.click('#terminal');
  await page.evaluate(() => {
    const state = (window.__echo = { typed: '', since: undefined, samples: [] });
    const rows = document.querySelector('#terminal .xterm-rows');
    document.querySelector('#terminal textarea').addEventListener('keydown', (e) => (state.since = e.timeStamp), true);
    new MutationObserver(() => {
      if (state.since === undefined || state.typed === '') return;
      const shown = Array.from(rows.children, (r) => r.textContent.trimEnd()).some((t) => t.endsWith(`$ ${state.typed}`));
      if (!shown) return;
      state.samples.push(performance.now() - state.since);
      state.since = undefined;
    }).observe(rows, { subtree: true, childList: true, characterData: true });
  });
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let line = 0; line < LINES; line++) {
    for (let k = 0; k < KEYS_PER_LINE; k++) {
      const key = letters[(line * 7 + k) % letters.length];
      const count = await page.evaluate((key) => {
        window.__echo.typed += key;
        return window.__echo.samples.length;
      }, key);
      await page.keyboard.press(key);
      await page.waitForFunction((count) => window.__echo.samples.length > count, count);
      await page.waitForTimeout(20); // like a fast typist: the previous frame has settled
    }
    // ^U (VKILL) clears the line for the next round.
    await page.keyboard.press('Control+U');
    await page.evaluate(() => (window.__echo.typed = ''));
    await page.waitForTimeout(50);
  }
  const samples = await page.evaluate(() => window.__echo.samples);
  await context.close();
  return samples;
}

function reportLoads(loads, how) {
  const prompt = loads.map((l) => l.prompt);
  console.log(`\ncold page load to an interactive prompt, ${loads.length} loads in new contexts (production build, ${how}):`);
  console.log(`  median ${ms(median(prompt))}, min ${ms(Math.min(...prompt))}, max ${ms(Math.max(...prompt))}   (target <= 500 ms)`);
  const at = (key) => ms(median(loads.map((l) => l[key])));
  console.log(
    `  medians, from navigation start: DOMContentLoaded ${at('domContentLoaded')}, first worker made ${at('workerCreated')}, its script loaded ${at('worker')}, ` +
      `library chunk run ${at('library')}, panes built ${at('panes')}, sandbox created ${at('sandbox')}, worker ready ${at('workerReady')}, ` +
      `first output ${at('output')}, prompt on screen ${at('prompt')}; workers started by then ${median(loads.map((l) => l.workers))}`,
  );
}

const outDir = mkdtempSync(join(tmpdir(), 'wasmbox-playground-bench-'));
try {
  await buildPlayground(outDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const staticHost = await serveStatic(outDir);
    try {
      reportLoads(await coldLoads(browser, staticHost.url), 'served by a static server, compressed once');
      const echo = await keystrokes(browser, staticHost.url);
      console.log(`\nkeystroke to echo on screen, ${echo.length} keys:`);
      console.log(`  median ${ms(median(echo))}, p90 ${ms(quantile(echo, 0.9))}, max ${ms(Math.max(...echo))}   (target <= 16 ms median)`);
    } finally {
      await staticHost.close();
    }
    const vitePreview = await servePlayground(outDir);
    try {
      reportLoads(await coldLoads(browser, vitePreview.url), 'served by vite preview, which compresses each response');
    } finally {
      await vitePreview.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
