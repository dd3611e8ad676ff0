/**
 * `npm run screenshot`: regenerate docs/playground.png, the README's
 * picture of the playground. Builds the page, serves it with COOP/COEP,
 * runs a few commands in Debian's Chromium and captures the window.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PROMPT, buildPlayground, chromiumArgs, chromiumPath, runCommand, servePlayground, waitForRow } from './playground-server.mjs';

const target = fileURLToPath(new URL('../docs/playground.png', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'wasmbox-playground-'));
const commands = ['ls -l', 'js hello.js', 'sh count.sh'];

try {
  await buildPlayground(outDir);
  const server = await servePlayground(outDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
    await page.goto(server.url);
    await waitForRow(page, PROMPT);
    await page.waitForFunction(() => document.getElementById('editor-path')?.textContent?.endsWith('hello.js'));
    for (const line of commands) await runCommand(page, line);
    // Output marks the sandbox unsaved; the autosave follows it a moment later.
    await page.waitForSelector('#persist[data-state="saved"]');
    mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: target });
    console.log(`wrote ${target}`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
