/**
 * The playground page (issue 7): `npm run dev`, `npm run build:playground`
 * (into dist-playground/), `npm run preview`.
 *
 * Its own config file: the root vite.config.ts is the library build, and
 * vitest.config.ts would shadow it anyway (TOOLCHAIN.md). The page bundles
 * the library from source (web/index.ts), so it needs the same Node
 * built-in aliases and process.nextTick injection as the library's web
 * build (browser-aliases.ts explains why memfs needs them).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { browserAliases, browserInject, optimizeDepsTransform } from '../../browser-aliases.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Cross-origin isolation: browsers only give SharedArrayBuffer (which every
 * wasmbox process uses for its synchronous system calls) to a page whose
 * document is served with both of these (HTML "cross-origin isolated
 * capability"; https://web.dev/articles/coop-coep). Any static host must send them.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: here('.'),
  // Relative asset URLs: the built page works from any sub-path of a static host.
  base: './',
  cacheDir: here('../../node_modules/.vite-playground'),
  resolve: { alias: browserAliases },
  server: { headers: isolationHeaders, fs: { allow: [here('../..')] } },
  preview: { headers: isolationHeaders },
  optimizeDeps: {
    // Pre-bundle memfs up front so the dev server does not discover it mid-load and reload the page.
    include: ['memfs'],
    rolldownOptions: { transform: optimizeDepsTransform },
  },
  worker: { format: 'es' },
  build: {
    outDir: here('../../dist-playground'),
    emptyOutDir: true,
    target: 'es2022',
    // The page's own code and xterm/CodeMirror are ~1 MB unminified; fine for a demo, and warn only past that.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: { transform: { inject: browserInject } },
  },
});
