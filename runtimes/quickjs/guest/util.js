// Node's util (https://nodejs.org/api/util.html), the common part, and os.
const { inspect, format, formatWithOptions } = internal('inspect');

/** Strict deep equality, as util.isDeepStrictEqual and assert.deepStrictEqual compare. */
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Map || a instanceof Set) return deepEqual([...a], [...b]);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}


module.exports = {
  inspect,
  format,
  formatWithOptions,
  promisify: (fn) => (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value)))),
  inherits: (ctor, superCtor) => Object.setPrototypeOf(ctor.prototype, superCtor.prototype),
  isDeepStrictEqual: deepEqual,
  types: { isPromise: (v) => v instanceof Promise, isDate: (v) => v instanceof Date, isRegExp: (v) => v instanceof RegExp },
  get TextEncoder() {
    return globalThis.TextEncoder;
  },
  get TextDecoder() {
    return globalThis.TextDecoder;
  },
  os: {
    EOL: '\n',
    platform: () => 'linux',
    type: () => 'Linux',
    arch: () => 'wasm32',
    homedir: () => globalThis.process.env.HOME || '/home/user',
    tmpdir: () => '/tmp',
    hostname: () => 'wasmbox',
    cpus: () => [],
    totalmem: () => 0,
    freemem: () => 0,
    endianness: () => 'LE',
  },
};
