/**
 * Node built-in -> browser package aliases, shared by every browser build of
 * wasmbox (vitest.config.ts browser project, and vite.config.ts).
 *
 * Why: memfs 4.80 (via @jsonjoy.com/fs-node-builtins and @jsonjoy.com/fs-core)
 * does `require("node:buffer")`, `"node:events"`, `"node:path"`,
 * `"node:stream"`, `"node:url"` and `require("process")`. Unaliased, Vite turns
 * them into `__vite-browser-external` stubs and memfs dies at load time with
 * "Cannot read properties of undefined (reading 'allocUnsafe')".
 *
 * Every `find` is an exact-match regex on purpose: a plain string alias like
 * `'process'` is a *prefix* alias, so it would also rewrite `process/` (which
 * readable-stream imports) into `process/browser.js/` and break it.
 *
 * Both the bare (`buffer`) and the `node:`-prefixed (`node:buffer`) forms are
 * aliased. The bare ones would mostly resolve to the npm package anyway;
 * aliasing them keeps the mapping explicit and identical in every bundler pass.
 */
import type { Alias } from 'vite';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Local shims (browser-shims/): each says why it replaces the npm package. */
const urlShim = fileURLToPath(new URL('./browser-shims/url.js', import.meta.url));
const streamShim = fileURLToPath(new URL('./browser-shims/stream.js', import.meta.url));
const memfsExtrasShim = fileURLToPath(new URL('./browser-shims/memfs-extras.js', import.meta.url));

/** Node built-in name -> what a browser bundle should load instead. */
export const browserBuiltins: Readonly<Record<string, string>> = {
  buffer: 'buffer', // npm "buffer" (feross), Buffer for browsers
  events: 'events', // npm "events", EventEmitter
  path: 'path-browserify', // POSIX path
  stream: streamShim, // Readable/Writable that refuse to be made: memfs's streams are never used
  url: urlShim, // globalThis.URL
  process: 'process/browser.js', // npm "process" browser build (cwd() '/', nextTick, env {})
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Vite `resolve.alias` entries: `/^(?:node:)?NAME$/` -> replacement. */
/** memfs add-ons wasmbox never calls, whose code every page would otherwise parse (browser-shims/memfs-extras.js). */
export const unusedMemfsParts: readonly string[] = ['@jsonjoy.com/fs-snapshot', '@jsonjoy.com/fs-print'];

export const browserAliases: Alias[] = [
  ...Object.entries(browserBuiltins).map(([name, replacement]) => ({
    find: new RegExp(`^(?:node:)?${escapeRegExp(name)}$`),
    replacement,
  })),
  ...unusedMemfsParts.map((name) => ({ find: new RegExp(`^${escapeRegExp(name)}$`), replacement: memfsExtrasShim })),
];

/**
 * Free-variable injections for *bundled dependencies* (Vite
 * `optimizeDeps.rolldownOptions.transform.inject`, and the same key under
 * `build.rolldownOptions` for a bundle that includes memfs).
 *
 * Only `process.nextTick` is injected, deliberately not `process` or `Buffer`:
 * memfs guards every other use with `typeof process/Buffer !== 'undefined'`,
 * and injecting a whole `process` would also defeat Vite's
 * `process.env.NODE_ENV` define in every dependency. No global polyfill is
 * installed: code outside node_modules does not get this.
 */
export const browserInject: Record<string, string | [string, string]> = {
  'process.nextTick': [fileURLToPath(new URL('./browser-shims/next-tick.js', import.meta.url)), 'nextTick'],
};

/**
 * A digest of the shims' contents. Vite's cache key for pre-bundled
 * dependencies covers the alias *paths* (`config.resolve`) but not the
 * files behind them, so after a shim was edited, vitest kept serving memfs
 * pre-bundled with the old one until node_modules/.vite was deleted.
 * Defining the digest (no code reads it) puts the contents into that key.
 */
export function digestOfFiles(dir: URL): string {
  const names = readdirSync(dir).sort();
  const hash = createHash('sha256');
  for (const name of names) hash.update(`${name}\0`).update(readFileSync(new URL(name, dir))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export const browserShimsDigest = digestOfFiles(new URL('./browser-shims/', import.meta.url));

/** `optimizeDeps.rolldownOptions.transform` for every browser build that pre-bundles memfs. */
export const optimizeDepsTransform = {
  inject: browserInject,
  define: { __WASMBOX_BROWSER_SHIMS__: JSON.stringify(browserShimsDigest) },
};

export default browserAliases;
