import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { browserAliases, optimizeDepsTransform } from './browser-aliases.ts';

// ---------------------------------------------------------------------------
// Chromium discovery. Playwright must never download a browser here: we only
// ever launch an existing Chromium (Debian's by default).
// ---------------------------------------------------------------------------
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const isCI = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());
const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
const haveChromium = existsSync(chromiumPath);

const missingChromiumMessage = [
  '',
  '!'.repeat(78),
  '!!  BROWSER TESTS WERE SKIPPED: Chromium not found.',
  `!!  Looked for: ${chromiumPath}${process.env.CHROMIUM_PATH ? ' (from CHROMIUM_PATH)' : ''}`,
  '!!  Only the "node" project ran; test/browser/** and the browser run of',
  '!!  test/contract/** did NOT run.',
  '!!  Fix (Debian/Ubuntu):   apt-get update && apt-get install -y chromium',
  '!!  or point CHROMIUM_PATH at an existing Chromium/Chrome executable.',
  '!!  (With CI set, a missing Chromium is an error instead of a skip.)',
  '!'.repeat(78),
  '',
].join('\n');

if (!haveChromium && isCI) {
  throw new Error(
    `CI is set but Chromium was not found at ${chromiumPath}. ` +
      'Install it (apt-get install -y chromium) or set CHROMIUM_PATH.',
  );
}
if (!haveChromium) console.warn(missingChromiumMessage);

// Generous limits: this runs on 2-core machines, with a browser beside it.
const timeouts = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  teardownTimeout: 10_000,
} as const;

// Contract tests import 'wasmbox' and get the entry of the platform they run on.
const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const nodeProject: TestProjectInlineConfiguration = {
  resolve: { alias: [{ find: /^wasmbox$/, replacement: entry('./node/index.ts') }] },
  // Test programs are imported as ?inline data URLs (test/helpers/fixtures.ts).
  assetsInclude: ['**/*.wasm'],
  test: {
    name: 'node',
    environment: 'node',
    // test/e2e: the playground page driven in Chromium by Playwright from Node (issue 7).
    include: ['test/node/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    ...timeouts,
  },
};

const browserProject: TestProjectInlineConfiguration = {
  assetsInclude: ['**/*.wasm'],
  resolve: {
    // Node built-ins -> browser packages (memfs needs these); see browser-aliases.ts.
    alias: [{ find: /^wasmbox$/, replacement: entry('./web/index.ts') }, ...browserAliases],
  },
  // COOP/COEP make the page crossOriginIsolated, which SharedArrayBuffer and
  // Atomics.wait in workers need. Must be set here: root-level `server`
  // options do not reach inline projects.
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  optimizeDeps: {
    // Pre-bundle up front so Vite does not discover memfs mid-run and reload
    // the page (a classic source of flaky first runs).
    include: ['memfs', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
    // memfs's Dir calls the global process.nextTick (browserInject); the shims' digest keys the cache.
    rolldownOptions: { transform: optimizeDepsTransform },
  },
  test: {
    name: 'browser',
    include: ['test/contract/**/*.test.ts', 'test/browser/**/*.test.ts'],
    ...timeouts,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
};

export default defineConfig({
  test: {
    projects: haveChromium ? [nodeProject, browserProject] : [nodeProject],
    // Repeat the skip warning after the run so it is not scrolled away.
    reporters: haveChromium
      ? ['default']
      : ['default', { onTestRunEnd: () => void console.warn(missingChromiumMessage) }],
  },
});
