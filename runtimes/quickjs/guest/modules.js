// CommonJS modules (https://nodejs.org/api/modules.html): require of
// relative and absolute files (with Node's extension and index.js lookup),
// .json files, node_modules packages and the built-ins; module.exports,
// exports, __filename, __dirname and require.cache. Also the sources of the
// ES modules that stand for built-ins and CommonJS files (module-loader.ts).
const pathLib = internal('path');

const BUILTINS = {
  fs: () => internal('fs'),
  'fs/promises': () => internal('fs').promises,
  path: () => pathLib,
  'path/posix': () => pathLib,
  events: () => internal('events'),
  util: () => internal('util'),
  os: () => internal('util').os,
  process: () => globalThis.process,
  timers: () => internal('timers'),
  buffer: () => internal('buffer'),
  url: () => internal('url'),
  assert: () => internal('assert'),
  module: () => ({ createRequire, builtinModules: Object.keys(BUILTINS) }),
  child_process: () => unsupported('child_process'),
  crypto: () => ({ randomUUID, getRandomValues: fillRandom, webcrypto: { getRandomValues: fillRandom, randomUUID }, randomBytes: (n) => {
    const out = internal('buffer').Buffer.alloc(n);
    for (let at = 0; at < n; at += 65536) fillRandom(out.subarray(at, Math.min(n, at + 65536)));
    return out;
  } }),
  stream: () => unsupported('stream'),
  string_decoder: () => ({ StringDecoder: class StringDecoder { constructor(enc) { this.enc = enc || 'utf8'; } write(b) { return internal('buffer').Buffer.from(b).toString(this.enc); } end(b) { return b ? this.write(b) : ''; } } }),
  worker_threads: () => ({ isMainThread: true, parentPort: null, workerData: null }),
  tty: () => ({ isatty: () => false }),
  perf_hooks: () => ({ performance: globalThis.performance }),
};
const builtinCache = Object.create(null);

function builtin(name) {
  const bare = name.startsWith('node:') ? name.slice(5) : name;
  if (!Object.prototype.hasOwnProperty.call(BUILTINS, bare)) return undefined;
  if (!(bare in builtinCache)) builtinCache[bare] = BUILTINS[bare]();
  return builtinCache[bare];
}

function unsupported(name) {
  const e = new Error(`The module '${name}' is not available in wasmbox's JavaScript runtime`);
  e.code = 'ERR_WASMBOX_UNSUPPORTED_MODULE';
  throw e;
}

/** crypto.getRandomValues: bytes from the kernel's /dev/urandom, at most 65536 as Web Crypto allows. */
function fillRandom(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    const e = new TypeError('The data argument must be an integer-type TypedArray');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  if (array.byteLength > 65536) {
    const e = new Error(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
    e.name = 'QuotaExceededError';
    throw e;
  }
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(new Uint8Array(host('random', array.byteLength)));
  return array;
}
function randomUUID() {
  const b = fillRandom(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// --- CommonJS ---
const cache = Object.create(null);

class Module {
  constructor(id, parent) {
    this.id = id;
    this.filename = id;
    this.path = pathLib.dirname(id);
    this.paths = [];
    this.exports = {};
    this.parent = parent;
    this.loaded = false;
    this.children = [];
  }
}

function notFound(request, parent) {
  const e = new Error(`Cannot find module '${request}'${parent ? `\nRequire stack:\n- ${parent.filename}` : ''}`);
  e.code = 'MODULE_NOT_FOUND';
  e.requireStack = parent ? [parent.filename] : [];
  return e;
}

function isFile(p) {
  try {
    return host('stat', p, true).type === 'file';
  } catch {
    return false;
  }
}
function isDir(p) {
  try {
    return host('stat', p, true).type === 'dir';
  } catch {
    return false;
  }
}
function tryFile(p) {
  for (const candidate of [p, `${p}.js`, `${p}.json`, `${p}.cjs`, `${p}.mjs`]) if (isFile(candidate)) return candidate;
  if (isDir(p)) {
    try {
      const pkg = JSON.parse(internal('buffer').Buffer.from(host('readFile', `${p}/package.json`)).toString());
      if (typeof pkg.main === 'string') {
        const main = tryFile(pathLib.resolve(p, pkg.main));
        if (main) return main;
      }
    } catch {
      // No package.json: index.js.
    }
    for (const index of ['index.js', 'index.json', 'index.cjs']) if (isFile(`${p}/${index}`)) return `${p}/${index}`;
  }
  return undefined;
}

function resolveFilename(request, parent) {
  if (typeof request !== 'string' || request === '') {
    const e = new TypeError(`The argument 'id' must be a non-empty string. Received ${JSON.stringify(request)}`);
    e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
  const base = parent ? parent.path : host('cwd');
  if (request.startsWith('./') || request.startsWith('../') || request.startsWith('/') || request === '.' || request === '..') {
    const found = tryFile(pathLib.resolve(base, request));
    if (found) return found;
    throw notFound(request, parent);
  }
  for (let dir = base; ; dir = pathLib.dirname(dir)) {
    const found = tryFile(pathLib.join(dir, 'node_modules', request));
    if (found) return found;
    if (dir === '/') break;
  }
  throw notFound(request, parent);
}

function makeRequire(parent) {
  const require = (request) => {
    const b = builtin(request);
    if (b !== undefined) return b;
    if (typeof request === 'string' && request.startsWith('node:')) {
      const e = new Error(`No such built-in module: ${request}`);
      e.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
      throw e;
    }
    return load(resolveFilename(request, parent), parent);
  };
  require.resolve = (request) => (builtin(request) !== undefined ? request : resolveFilename(request, parent));
  require.cache = cache;
  require.main = mainModule;
  return require;
}

let mainModule;

function load(filename, parent) {
  const cached = cache[filename];
  if (cached) return cached.exports;
  const module = new Module(filename, parent);
  if (parent) parent.children.push(module);
  cache[filename] = module;
  try {
    const source = internal('buffer').Buffer.from(host('readFile', filename)).toString();
    if (filename.endsWith('.json')) {
      try {
        module.exports = JSON.parse(source);
      } catch (e) {
        e.message = `${filename}: ${e.message}`;
        throw e;
      }
    } else if (filename.endsWith('.mjs') || (!filename.endsWith('.cjs') && host('moduleKind', filename, source) === 'esm')) {
      const e = new Error(`require() of ES Module ${filename} not supported.\nInstead use import() or an import statement.`);
      e.code = 'ERR_REQUIRE_ESM';
      throw e;
    } else {
      const body = source.startsWith('#!') ? `//${source}` : source;
      const fn = host('compileFunction', body, filename);
      fn.call(module.exports, module.exports, makeRequire(module), module, filename, pathLib.dirname(filename));
    }
    module.loaded = true;
  } catch (e) {
    delete cache[filename];
    throw e;
  }
  return module.exports;
}

exports.builtin = builtin;
exports.builtinNames = () => Object.keys(BUILTINS);
exports.createRequire = createRequire;
function createRequire(filename) {
  const f = typeof filename === 'string' && filename.startsWith('file://') ? decodeURIComponent(filename.slice(7)) : String(filename);
  return makeRequire(new Module(f, undefined));
}
/** Run a file as the main CommonJS module. */
exports.requireMain = (filename) => {
  mainModule = new Module(filename, undefined);
  mainModule.id = '.';
  cache[filename] = mainModule;
  const source = internal('buffer').Buffer.from(host('readFile', filename)).toString();
  const body = source.startsWith('#!') ? `//${source}` : source;
  const fn = host('compileFunction', body, filename);
  fn.call(mainModule.exports, mainModule.exports, makeRequire(mainModule), mainModule, filename, pathLib.dirname(filename));
  mainModule.loaded = true;
};
/** A require for code run with -e (its module is "[eval]" in the cwd, as in Node). */
exports.evalRequire = () => makeRequire(new Module(pathLib.join(host('cwd'), '[eval]'), undefined));

function exportList(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return [];
  return Object.keys(value).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
}
function esmSource(ref, value) {
  const names = exportList(value);
  return `const m = ${ref}; export default m;${names.length ? ` export const { ${names.join(', ')} } = m;` : ''}`;
}
exports.builtinModuleSource = (name) => esmSource(`globalThis[Symbol.for('wasmbox.builtin')](${JSON.stringify(name)})`, builtin(name));
exports.cjsModuleSource = (filename) => {
  const value = load(filename, undefined);
  return esmSource(`globalThis[Symbol.for('wasmbox.builtin')].cjs(${JSON.stringify(filename)})`, value);
};
exports.loaded = (filename) => load(filename, undefined);
