/**
 * `npm run build`: two library builds into dist/.
 *   --mode node: dist/node.js (entry), dist/node-worker.js (worker bundle), dist/cli.js
 *   --mode web:  dist/web.js with its worker bundled beside it
 * Type declarations come from tsc (tsconfig.build.json).
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import { browserAliases, browserInject } from './browser-aliases.ts';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ mode }) => {
  if (mode === 'node') {
    return {
      build: {
        ssr: true,
        outDir: 'dist',
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        sourcemap: true,
        rolldownOptions: {
          input: { node: 'node/index.ts', 'node-worker': 'node/worker.ts', cli: 'node/cli.ts' },
          external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'memfs', '@bjorn3/browser_wasi_shim'],
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    };
  }
  return {
    resolve: { alias: browserAliases },
    server: { headers: isolation },
    preview: { headers: isolation },
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: { web: 'web/index.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: { transform: { inject: browserInject } },
    },
  };
});
