/**
 * Vite keys its pre-bundled dependencies by the config, which names the
 * browser shims by path only; browser-aliases.ts adds a digest of their
 * contents so that an edited shim is bundled again (it once was not, until
 * node_modules/.vite was deleted by hand).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { browserShimsDigest, digestOfFiles, optimizeDepsTransform } from '../../browser-aliases.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function shims(files: Record<string, string>): URL {
  const dir = mkdtempSync(join(tmpdir(), 'wasmbox-shims-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return pathToFileURL(`${dir}/`);
}

describe('the browser shims digest', () => {
  it("changes with a shim's contents or name, and only then", () => {
    const base = digestOfFiles(shims({ 'a.js': 'export const a = 1;\n', 'b.js': 'export {};\n' }));
    expect(digestOfFiles(shims({ 'b.js': 'export {};\n', 'a.js': 'export const a = 1;\n' }))).toBe(base);
    expect(digestOfFiles(shims({ 'a.js': 'export const a = 2;\n', 'b.js': 'export {};\n' }))).not.toBe(base);
    expect(digestOfFiles(shims({ 'c.js': 'export const a = 1;\n', 'b.js': 'export {};\n' }))).not.toBe(base);
    // A boundary moved between two files is a different set of files.
    expect(digestOfFiles(shims({ 'a.js': 'export const a = 1;\nexport {};\n', 'b.js': '' }))).not.toBe(base);
  });

  it('is part of the pre-bundling options every browser config uses', () => {
    expect(browserShimsDigest).toMatch(/^[0-9a-f]{16}$/);
    expect(optimizeDepsTransform.define.__WASMBOX_BROWSER_SHIMS__).toBe(JSON.stringify(browserShimsDigest));
  });
});
