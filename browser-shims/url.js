// Browser stand-in for Node's `url` / `node:url` (see browser-aliases.ts).
// The npm `url` package (0.11.x) only has the legacy API (parse/format/resolve)
// and no WHATWG `URL`, which memfs needs (`value instanceof URL` in fs.glob).
// Browsers already have the WHATWG classes, so re-export the globals.
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
export { parse, resolve, resolveObject, format, Url } from 'url/url.js';
