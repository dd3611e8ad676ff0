// Browser stand-in for Node's `url` / `node:url` (see browser-aliases.ts).
// memfs needs only the WHATWG `URL` (`value instanceof URL` in fs.glob and
// path arguments); browsers have it, so this re-exports the globals rather
// than bundling the npm `url` package (whose legacy parser brings in `qs`
// and its dependencies, ~60 KB run at every page load).
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
