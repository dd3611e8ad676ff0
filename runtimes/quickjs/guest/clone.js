// structuredClone (https://html.spec.whatwg.org/#dom-structuredclone) for
// the types a program passes around: primitives, plain objects, arrays,
// Date, RegExp, Map, Set, ArrayBuffer and typed arrays, errors, with cycles.
function structuredClone(value) {
  const seen = new Map();
  const clone = (v) => {
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'function' || typeof v === 'symbol') throw dataCloneError(v);
      return v;
    }
    if (seen.has(v)) return seen.get(v);
    let out;
    if (Array.isArray(v)) {
      out = [];
      seen.set(v, out);
      for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
      return out;
    }
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) out = new v.constructor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    else if (v instanceof Map) {
      out = new Map();
      seen.set(v, out);
      for (const [k, x] of v) out.set(clone(k), clone(x));
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      seen.set(v, out);
      for (const x of v) out.add(clone(x));
      return out;
    } else if (v instanceof Error) {
      out = new (globalThis[v.name] || Error)(v.message);
      if (v.stack) out.stack = v.stack;
    } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      out = {};
      seen.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    } else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
      throw dataCloneError(v);
    } else {
      out = {};
      seen.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    }
    seen.set(v, out);
    return out;
  };
  return clone(value);
}
function dataCloneError(v) {
  const e = new Error(`${typeof v === 'function' ? String(v).slice(0, 40) : Object.prototype.toString.call(v)} could not be cloned.`);
  e.name = 'DataCloneError';
  return e;
}
module.exports = { structuredClone };
