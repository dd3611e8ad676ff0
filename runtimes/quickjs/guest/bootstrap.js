// Every process runs this first (guest.ts), so it stays small: QuickJS compiles it each time.
// It installs Node's globals as getters that load their library (guest/*.js) on first use,
// and returns `internal` (a library by name) and the hooks the host's event loop calls.
'use strict';
const cache = Object.create(null);
function internal(name) {
  let m = cache[name];
  if (!m) host('compile', name)((m = cache[name] = { exports: {} }), m.exports, host, internal);
  return m.exports;
}
function lazy(name, get) {
  const define = (value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
  Object.defineProperty(globalThis, name, { configurable: true, get: () => (define(get()), globalThis[name]), set: define });
}
const from = (lib, names) => names.split(' ').forEach((n) => lazy(n, () => internal(lib)[n]));
from('timers', 'setTimeout clearTimeout setInterval clearInterval setImmediate clearImmediate queueMicrotask');
from('text', 'TextEncoder TextDecoder atob btoa');
from('url', 'URL URLSearchParams');
from('buffer', 'Buffer');
from('clone', 'structuredClone');
from('http', 'Headers Request Response fetch'); // guest/http.js (edge functions, issue 5)
lazy('console', () => internal('console'));
lazy('process', () => internal('process'));
lazy('performance', () => internal('timers').performance);
lazy('global', () => globalThis);
lazy('crypto', () => internal('modules').builtin('crypto').webcrypto);
function requireBuiltin(name) {
  return internal('modules').builtin(name);
}
requireBuiltin.cjs = (filename) => internal('modules').loaded(filename);
/** Code run with -e or from stdin gets CommonJS's require, module and exports, as in Node. */
function evalGlobals() {
  lazy('require', () => internal('modules').evalRequire());
  lazy('module', () => ({ exports: {}, id: '[eval]' }));
  lazy('exports', () => globalThis.module.exports);
}
return { internal, require: requireBuiltin, evalGlobals };
