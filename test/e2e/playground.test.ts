/**
 * The playground page (issue 7) end to end: the production build, served
 * with and without COOP/COEP, driven in Debian's Chromium by Playwright.
 * Each test gets a new browser context, so a new, empty IndexedDB.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT, buildPlayground, chromiumArgs, chromiumPath, runCommand, servePlayground, waitForRow } from '../../scripts/playground-server.mjs';

const haveChromium = existsSync(chromiumPath);
if (!haveChromium) {
  console.warn(
    `\n${'!'.repeat(78)}\n!!  PLAYGROUND END-TO-END TESTS SKIPPED: no Chromium at ${chromiumPath}.\n` +
      `!!  Install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n${'!'.repeat(78)}\n`,
  );
}

/** Screenshots for a person to look at; gitignored. */
const OUTPUT = new URL('./__output__/', import.meta.url);
const HOME = '/home/user';

describe.skipIf(!haveChromium)('the playground page', { timeout: 60_000 }, () => {
  let outDir: string;
  let browser: Browser;
  let isolated: { url: string; close(): Promise<void> };
  let plain: { url: string; close(): Promise<void> };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'wasmbox-playground-'));
    await buildPlayground(outDir);
    [isolated, plain, browser] = await Promise.all([
      servePlayground(outDir),
      servePlayground(outDir, { isolated: false }),
      chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs }),
    ]);
  }, 120_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([isolated?.close(), plain?.close()]);
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** A page in a new context (an empty IndexedDB), at the playground, with its shell's prompt showing. */
  async function openPage(options: { url?: string; waitForPrompt?: boolean; before?: () => void } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    if (options.before) await page.addInitScript(options.before);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(options.url ?? isolated.url);
    if (options.waitForPrompt ?? true) {
      await waitForRow(page, PROMPT).catch((error: unknown) => {
        throw new Error(`no prompt; page errors: ${errors.join('; ') || 'none'}; screen: ${JSON.stringify(error)}`);
      });
    }
    return page;
  }

  /** Type a command line at the terminal and wait until the prompt comes back after it; the screen's rows then. */
  const command = (page: Page, line: string): Promise<string[]> => runCommand(page, line);

  const treeItem = (page: Page, path: string) => page.locator(`#tree li[data-path="${path}"]`);

  async function treePaths(page: Page): Promise<string[]> {
    return page.$$eval('#tree li[data-path]', (items) => items.map((li) => (li as HTMLElement).dataset.path!).sort());
  }

  async function saved(page: Page): Promise<void> {
    await page.waitForSelector('#persist[data-state="saved"]');
  }

  it('runs a command typed in the terminal, and its file appears in the tree', async () => {
    const page = await openPage();
    const rows = await command(page, 'echo hi > a.txt && cat a.txt');
    const at = rows.findIndex((row) => row.endsWith('$ echo hi > a.txt && cat a.txt'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(rows[at + 1]).toBe('hi');
    await treeItem(page, `${HOME}/a.txt`).waitFor();
    // A reload brings the sandbox back from IndexedDB.
    await saved(page);
    await page.reload();
    await waitForRow(page, PROMPT);
    await treeItem(page, `${HOME}/a.txt`).waitFor();
    const again = await command(page, 'cat a.txt');
    expect(again.at(-2)).toBe('hi');
  });

  it('gives the terminal the keyboard once the prompt shows: typing works without a click', async () => {
    const page = await openPage();
    await page.waitForFunction(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false);
    await page.keyboard.type('echo typed-$((6 * 7))');
    await page.keyboard.press('Enter');
    await waitForRow(page, /^typed-42$/);
  });

  it('leaves the tree rows in place when a refresh finds nothing changed (a click on them is not lost)', async () => {
    const page = await openPage();
    const row = await page.waitForSelector(`#tree li[data-path="${HOME}/README.txt"] > .row`);
    // Terminal output re-reads the tree 150 ms after it pauses; nothing on disk changes here.
    await command(page, 'echo no-change');
    await page.waitForTimeout(500);
    expect(await row.evaluate((el) => el.isConnected)).toBe(true);
    // A change does re-render.
    await command(page, 'touch new.txt');
    await treeItem(page, `${HOME}/new.txt`).waitFor();
  });

  it('downloads a snapshot that a fresh browser context loads with the same files', async () => {
    const page = await openPage();
    await command(page, 'mkdir -p src/deep && echo "made in context one" > src/deep/note.txt && echo x > a.txt');
    await page.click(`#tree li[data-path="${HOME}/src"] > .row`);
    await page.click(`#tree li[data-path="${HOME}/src/deep"] > .row`);
    await treeItem(page, `${HOME}/src/deep/note.txt`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#snapshot-download')]);
    expect(download.suggestedFilename()).toMatch(/^wasmbox-.*\.tar\.gz$/);
    const file = await download.path();

    const fresh = await openPage();
    expect(await treePaths(fresh)).not.toContain(`${HOME}/src`);
    await fresh.setInputFiles('#snapshot-file', file);
    await treeItem(fresh, `${HOME}/src`).waitFor();
    const listing = await command(fresh, 'find . -type f | sort; cat src/deep/note.txt');
    expect(listing).toEqual(expect.arrayContaining(['./a.txt', './src/deep/note.txt', 'made in context one']));
    const original = await command(page, 'find . -type f | sort');
    const names = (rows: string[]) => rows.filter((row) => row.startsWith('./'));
    expect(names(listing)).toEqual(names(original));
  });

  it('Reset forgets the saved sandbox and starts from the example files', async () => {
    const page = await openPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await command(page, 'echo gone > a.txt && rm hello.js');
    await treeItem(page, `${HOME}/a.txt`).waitFor();
    await saved(page);
    await page.click('#reset');
    await treeItem(page, `${HOME}/hello.js`).waitFor();
    expect(await treePaths(page)).not.toContain(`${HOME}/a.txt`);
    await page.reload();
    await waitForRow(page, PROMPT);
    await treeItem(page, `${HOME}/hello.js`).waitFor();
    expect(await treePaths(page)).not.toContain(`${HOME}/a.txt`);
  });

  it('still runs where IndexedDB is refused, and says the sandbox is not kept', async () => {
    const page = await openPage({
      before: () => {
        IDBFactory.prototype.open = () => {
          throw new DOMException('storage is disabled', 'SecurityError');
        };
      },
    });
    expect((await command(page, 'echo works > a.txt && cat a.txt')).at(-2)).toBe('works');
    await page.waitForSelector('#persist[data-state="error"]');
    expect(await page.textContent('#status')).toMatch(/not saved: IndexedDB is not available here \(storage is disabled\)/);
  });

  it('refuses a file that is not a snapshot and keeps the sandbox', async () => {
    const page = await openPage();
    await command(page, 'echo keep > keep.txt');
    await page.setInputFiles('#snapshot-file', { name: 'garbage.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from('this is not a snapshot') });
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toMatch(/garbage\.tar\.gz is not a sandbox snapshot/);
    const rows = await command(page, 'cat keep.txt');
    expect(rows.at(-2)).toBe('keep');
  });

  it('opens a .js file in the editor, and Run runs the edited file in the terminal', async () => {
    const page = await openPage();
    await page.click(`#tree li[data-path="${HOME}/hello.js"] > .row`);
    await page.waitForFunction(() => document.getElementById('editor-path')!.textContent === '/home/user/hello.js');
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type("console.log('edited ' + 6 * 7)\n");
    await page.click('#run');
    await waitForRow(page, /^edited 42$/);
    expect(await command(page, 'cat hello.js')).toContain("console.log('edited ' + 6 * 7)");
  });

  it('keeps the editor\'s unsaved text when the page is hidden, across a reload', async () => {
    const page = await openPage();
    await page.waitForFunction(() => document.getElementById('editor-path')!.textContent === '/home/user/hello.js');
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type("console.log('typed, never saved')\n");
    expect(await page.getAttribute('#editor-path', 'class')).toMatch(/dirty/);
    // What a browser does when the tab is switched away or closed (Page Lifecycle API).
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    // The editor's text goes into the sandbox (the sandbox is then unsaved), then the sandbox into IndexedDB.
    await page.waitForSelector('#editor-path:not(.dirty)');
    await saved(page);
    await page.reload();
    await waitForRow(page, PROMPT);
    expect((await command(page, 'cat hello.js')).at(-2)).toBe("console.log('typed, never saved')");
  });

  it('saves with Ctrl-S and runs a .sh file', async () => {
    const page = await openPage();
    await page.click('#new-file');
    await page.keyboard.type('greet.sh');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('editor-path')!.textContent === '/home/user/greet.sh');
    await page.click('#editor .cm-content');
    await page.keyboard.type('echo "sh says $((6 * 7))"\n');
    await page.keyboard.press('Control+S');
    await page.waitForFunction(() => !document.getElementById('editor-path')!.classList.contains('dirty'));
    expect((await command(page, 'cat greet.sh')).at(-2)).toBe('echo "sh says $((6 * 7))"');
    expect(await page.textContent('#status')).toBe('saved /home/user/greet.sh');
    await page.click('#run');
    await waitForRow(page, /^sh says 42$/);
  });

  it('creates, renames, uploads, downloads and deletes from the tree', async () => {
    const page = await openPage();
    page.on('dialog', (dialog) => void dialog.accept());
    // A folder, then a bad name (refused, says why), then a rename.
    await page.click('#new-folder');
    await page.keyboard.type('docs');
    await page.keyboard.press('Enter');
    await treeItem(page, `${HOME}/docs`).waitFor();
    await page.hover(`#tree li[data-path="${HOME}/README.txt"] > .row`);
    await page.click(`#tree li[data-path="${HOME}/README.txt"] button[data-action="rename"]`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('a/b');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#status')).toBe('a name cannot contain /');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('READ-ME.txt');
    await page.keyboard.press('Enter');
    await treeItem(page, `${HOME}/READ-ME.txt`).waitFor();
    expect(await treePaths(page)).not.toContain(`${HOME}/README.txt`);

    // Upload: a drop of host files onto the docs folder.
    const dataTransfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['uploaded bytes\n'], 'up.txt', { type: 'text/plain' }));
      return data;
    });
    await page.dispatchEvent(`#tree li[data-path="${HOME}/docs"] > .row`, 'drop', { dataTransfer });
    await treeItem(page, `${HOME}/docs/up.txt`).waitFor();
    expect((await command(page, 'cat docs/up.txt')).at(-2)).toBe('uploaded bytes');

    // Download a file: its bytes, under its name.
    await page.hover(`#tree li[data-path="${HOME}/docs/up.txt"] > .row`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#tree li[data-path="${HOME}/docs/up.txt"] button[data-action="download"]`)]);
    expect(download.suggestedFilename()).toBe('up.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe('uploaded bytes\n');

    // Delete the folder (the confirm dialog is accepted above).
    await page.hover(`#tree li[data-path="${HOME}/docs"] > .row`);
    await page.click(`#tree li[data-path="${HOME}/docs"] button[data-action="delete"]`);
    await treeItem(page, `${HOME}/docs`).waitFor({ state: 'detached' });
    expect((await command(page, 'ls -d docs; echo "status $?"')).at(-2)).toBe('status 2');
  });

  it('works the tree from the keyboard', async () => {
    const page = await openPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.click(`#tree li[data-path="${HOME}/count.sh"] > .row`);
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector(`#tree li[data-path="${HOME}/hello.js"][aria-selected="true"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('editor-path')!.textContent === '/home/user/hello.js');
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('hi.js');
    await page.keyboard.press('Enter');
    await treeItem(page, `${HOME}/hi.js`).waitFor();
    // The open file follows its rename.
    await page.waitForFunction(() => document.getElementById('editor-path')!.textContent === '/home/user/hi.js');
    await page.focus('#tree');
    await page.keyboard.press('Delete');
    await treeItem(page, `${HOME}/hi.js`).waitFor({ state: 'detached' });
    expect(await page.textContent('#editor-path')).toBe('no file open');
  });

  it('uploads a WASI program by drag and drop and runs it with Run', async () => {
    const page = await openPage();
    const wasm = [...readFileSync(new URL('../fixtures/bin/hello.wasm', import.meta.url))];
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'hello.wasm', { type: 'application/wasm' }));
      return data;
    }, wasm);
    await page.dispatchEvent('#tree', 'drop', { dataTransfer });
    await page.click(`#tree li[data-path="${HOME}/hello.wasm"] > .row`);
    await page.waitForFunction(() => /binary data, not shown/.test(document.querySelector('#editor .cm-content')?.textContent ?? ''));
    await page.click('#run');
    await waitForRow(page, /^argv\[0\]=\/home\/user\/hello\.wasm$/);
  });

  it('offers a new shell after the shell exits', async () => {
    const page = await openPage();
    await page.click('#terminal');
    await page.keyboard.type('exit 3');
    await page.keyboard.press('Enter');
    await waitForRow(page, /the shell exited with status 3; press Enter for a new one/);
    await page.keyboard.press('Enter');
    expect((await command(page, 'echo "again $((1 + 1))"')).at(-2)).toBe('again 2');
  });

  it('follows the window size: a program started after a resize sees fewer columns', async () => {
    const page = await openPage();
    const cols = async () => {
      const rows = await command(page, 'sh -c \'echo "cols=$COLUMNS"\'');
      return Number(rows.findLast((r) => r.startsWith('cols='))!.slice(5));
    };
    const screenWidth = () => page.$eval('#terminal .xterm-screen', (el) => (el as HTMLElement).offsetWidth);
    const wide = await cols();
    const before = await screenWidth();
    await page.setViewportSize({ width: 900, height: 800 });
    await page.waitForFunction((before) => (document.querySelector('#terminal .xterm-screen') as HTMLElement).offsetWidth < before, before);
    const narrow = await cols();
    expect(wide).toBeGreaterThan(80);
    expect(narrow).toBeLessThan(wide);
  });

  it('explains cross-origin isolation instead of showing a blank page when served without COOP/COEP', async () => {
    const page = await openPage({ url: plain.url, waitForPrompt: false });
    await page.waitForSelector('#isolation-help:not([hidden])');
    const text = await page.textContent('#isolation-help');
    expect(text).toMatch(/needs cross-origin isolation/);
    expect(text).toMatch(/Cross-Origin-Opener-Policy: same-origin/);
    expect(text).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
    expect(text).toMatch(/crossOriginIsolated = false/);
    expect(await page.isHidden('#app')).toBe(true);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: new URL('not-isolated.png', OUTPUT).pathname });
  });

  it('lays out the terminal, tree and editor (screenshot in test/e2e/__output__/)', async () => {
    const page = await openPage();
    await command(page, 'ls -l');
    const boxes = await Promise.all(['#tree', '#editor', '#terminal'].map((s) => page.locator(s).boundingBox()));
    for (const box of boxes) {
      expect(box!.width).toBeGreaterThan(150);
      expect(box!.height).toBeGreaterThan(150);
    }
    const [tree, editor, terminal] = boxes as { x: number; y: number; width: number; height: number }[];
    expect(tree!.x + tree!.width).toBeLessThanOrEqual(editor!.x + 1);
    expect(editor!.y + editor!.height).toBeLessThanOrEqual(terminal!.y + 1);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: new URL('playground.png', OUTPUT).pathname });
  });
});
