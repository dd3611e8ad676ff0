// util.inspect and util.format, after Node's lib/internal/util/inspect.js
// (https://nodejs.org/api/util.html#utilinspectobject-options): the same
// layout rules (breakLength 80, compact 3, depth 2, arrays of more than six
// short items grouped in columns), without colors, proxies or showHidden.
const kObject = 0;
const kArray = 1;
const defaults = { depth: 2, breakLength: 80, compact: 3, maxArrayLength: 100, maxStringLength: 10000, sorted: false, getters: false };
const identifier = /^[a-zA-Z_$][a-zA-Z_$0-9]*$/;
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function inspect(value, options) {
  const ctx = Object.assign({}, defaults, typeof options === 'object' && options !== null ? options : {});
  if (ctx.depth === null) ctx.depth = Infinity;
  ctx.seen = [];
  ctx.circular = new Map();
  ctx.indentationLvl = 0;
  ctx.currentDepth = 0;
  return formatValue(ctx, value, 0, true);
}
inspect.custom = Symbol.for('nodejs.util.inspect.custom');
inspect.defaultOptions = defaults;

function quote(s) {
  let q = "'";
  if (s.includes("'")) {
    if (!s.includes('"')) q = '"';
    else if (!s.includes('`') && !s.includes('${')) q = '`';
  }
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return q + out + q;
}

function formatPrimitive(ctx, value) {
  switch (typeof value) {
    case 'string': {
      let s = value;
      let trailer = '';
      if (s.length > ctx.maxStringLength) {
        trailer = `... ${s.length - ctx.maxStringLength} more character${s.length - ctx.maxStringLength > 1 ? 's' : ''}`;
        s = s.slice(0, ctx.maxStringLength);
      }
      // Long multi-line strings are split after each newline, as Node does.
      if (s.length > 16 && s.includes('\n') && s.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return s.split(/(?<=\n)/).map(quote).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return quote(s) + trailer;
    }
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
  }
  return String(value);
}

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx, value);
  const custom = value[inspect.custom];
  if (typeof custom === 'function' && custom !== inspect) {
    const ret = custom.call(value, ctx.depth - recurseTimes, Object.assign({}, ctx, { stylize: (s) => s }), inspect);
    if (ret !== value) return typeof ret === 'string' ? ret : formatValue(ctx, ret, recurseTimes);
  }
  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function constructorName(obj) {
  let o = obj;
  while (o !== null) {
    const d = Object.getOwnPropertyDescriptor(o, 'constructor');
    if (d !== undefined && typeof d.value === 'function' && d.value.name !== '') return d.value.name;
    o = Object.getPrototypeOf(o);
  }
  return null;
}

function prefix(name, tag, fallback, size) {
  if (name === null) return tag !== '' && fallback !== tag ? `[${fallback}${size}: null prototype] [${tag}] ` : `[${fallback}${size}: null prototype] `;
  if (tag !== '' && name !== tag) return `${name}${size} [${tag}] `;
  return `${name}${size} `;
}

function errorText(err) {
  const name = err.name || 'Error';
  const message = err.message === undefined ? '' : String(err.message);
  const head = message ? `${name}: ${message}` : name;
  let stack = typeof err.stack === 'string' ? err.stack : '';
  // QuickJS's stack holds only the frames; Node's starts with "Name: message".
  if (stack.startsWith(head) || /^\w*Error\b/.test(stack)) return stack.replace(/\n$/, '');
  // Node keeps Error.stackTraceLimit (10) frames; QuickJS keeps them all.
  const frames = stack.replace(/\n$/, '').split('\n').filter((l) => l !== '');
  stack = frames.slice(0, 10).join('\n');
  return stack ? `${head}\n${stack}` : `[${head}]`;
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys = Object.keys(value);
  const symbols = Object.getOwnPropertySymbols(value).filter((s) => Object.getOwnPropertyDescriptor(value, s).enumerable);
  const ctor = constructorName(value);
  let tag = value[Symbol.toStringTag];
  if (typeof tag !== 'string') tag = '';
  let base = '';
  let braces;
  let formatter = formatObjectEntries;
  let extras = kObject;
  let noEntries = false;

  if (Array.isArray(value)) {
    const p = ctor !== 'Array' || tag !== '' ? prefix(ctor, tag, 'Array', `(${value.length})`) : '';
    keys = keys.filter((k) => !isIndex(k));
    braces = [`${p}[`, ']'];
    extras = kArray;
    formatter = formatArray;
    if (value.length === 0 && keys.length === 0 && symbols.length === 0) return `${braces[0]}]`;
  } else if (value instanceof Set) {
    keys = keys.filter(() => true);
    braces = [`${prefix(ctor, tag, 'Set', `(${value.size})`)}{`, '}'];
    formatter = formatSet;
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
  } else if (value instanceof Map) {
    braces = [`${prefix(ctor, tag, 'Map', `(${value.size})`)}{`, '}'];
    formatter = formatMap;
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = ctor || tag;
    keys = keys.filter((k) => !isIndex(k));
    braces = [`${prefix(ctor, tag, name, `(${value.length})`)}[`, ']'];
    extras = kArray;
    formatter = formatTypedArray;
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
  } else if (typeof value === 'function') {
    base = functionBase(value, ctor, tag);
    keys = keys.filter((k) => k !== 'prototype');
    if (keys.length === 0 && symbols.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof RegExp) {
    base = RegExp.prototype.toString.call(value);
    if (keys.length === 0 && symbols.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof Date) {
    base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (keys.length === 0 && symbols.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof Error) {
    base = errorText(value);
    keys = keys.filter((k) => k !== 'stack' && k !== 'message');
    if (ctx.indentationLvl > 0) base = base.split('\n').join(`\n${' '.repeat(ctx.indentationLvl)}`);
    if (keys.length === 0 && symbols.length === 0) return base;
    braces = ['{', '}'];
  } else if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    let hex = Array.from(bytes.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ');
    if (bytes.length > 50) hex += ` ... ${bytes.length - 50} more byte${bytes.length - 50 > 1 ? 's' : ''}`;
    braces = [`${prefix(ctor, tag, 'ArrayBuffer', '')}{`, '}'];
    const output = [`[Uint8Contents]: <${hex}>`, `byteLength: ${value.byteLength}`];
    return reduceToSingleString(ctx, output, '', braces, kObject, recurseTimes, value);
  } else if (value instanceof Promise) {
    const state = host('promiseState', value);
    braces = [`${prefix(ctor, tag, 'Promise', '')}{`, '}'];
    formatter = (c, v, r) => {
      if (state[0] === 'pending') return ['<pending>'];
      c.indentationLvl += 2;
      const s = formatValue(c, state[1], r);
      c.indentationLvl -= 2;
      return [state[0] === 'rejected' ? `<rejected> ${s}` : s];
    };
  } else if (value instanceof WeakMap || value instanceof WeakSet) {
    return `${prefix(ctor, tag, value instanceof WeakMap ? 'WeakMap' : 'WeakSet', '')}{ <items unknown> }`;
  } else if (isBoxed(value)) {
    const prim = value.valueOf();
    const type = typeof prim === 'string' ? 'String' : typeof prim === 'number' ? 'Number' : typeof prim === 'boolean' ? 'Boolean' : typeof prim === 'bigint' ? 'BigInt' : 'Symbol';
    base = `[${type}: ${formatPrimitive(Object.assign({}, ctx, { indentationLvl: 0 }), prim)}]`;
    if (typeof prim === 'string') keys = keys.filter((k) => !isIndex(k));
    if (keys.length === 0 && symbols.length === 0) return base;
    braces = ['{', '}'];
  } else {
    if (ctor === 'Object') {
      if (tag !== '') braces = [`Object [${tag}] {`, '}'];
      else braces = ['{', '}'];
    } else if (typeof value[Symbol.iterator] === 'function' && tag && /Iterator$/.test(tag)) {
      braces = [`[${tag}] {`, '}'];
    } else if (ctor === null) {
      braces = [`${prefix(ctor, tag, 'Object', '')}{`, '}'];
    } else {
      braces = [`${prefix(ctor, tag, 'Object', '')}{`, '}'];
    }
    if (keys.length === 0 && symbols.length === 0) {
      noEntries = true;
      return `${braces[0]}}`;
    }
  }
  if (noEntries) return `${braces[0]}}`;

  if (recurseTimes > ctx.depth) {
    const name = Array.isArray(value) ? 'Array' : (ctor || tag || 'Object');
    return ctor === null ? '[Object: null prototype]' : `[${name}]`;
  }
  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (const k of keys) output.push(formatProperty(ctx, value, recurseTimes, k, extras));
    for (const s of symbols) output.push(formatProperty(ctx, value, recurseTimes, s, extras));
  } finally {
    ctx.seen.pop();
  }
  if (ctx.circular.has(value)) {
    const ref = `<ref *${ctx.circular.get(value)}> `;
    if (base === '') braces[0] = `${ref}${braces[0]}`;
    else base = `${ref}${base}`;
  }
  return reduceToSingleString(ctx, output, base, braces, extras, recurseTimes, value);
}

function isIndex(k) {
  return /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;
}

function isBoxed(v) {
  return v instanceof String || v instanceof Number || v instanceof Boolean || (typeof BigInt === 'function' && v instanceof BigInt) || v instanceof Symbol;
}

function functionBase(fn, ctor, tag) {
  const src = Function.prototype.toString.call(fn);
  if (src.startsWith('class') && /^class\b/.test(src)) {
    let b = `[class ${fn.name || '(anonymous)'}`;
    const sup = Object.getPrototypeOf(fn);
    if (sup && sup.name) b += ` extends ${sup.name}`;
    return `${b}]`;
  }
  let type = 'Function';
  if (ctor === 'AsyncFunction' || ctor === 'GeneratorFunction' || ctor === 'AsyncGeneratorFunction') type = ctor;
  let b = `[${type}`;
  if (ctor === null) b += ' (null prototype)';
  b += fn.name === '' ? ' (anonymous)' : `: ${fn.name}`;
  b += ']';
  if (tag !== '' && ctor !== tag && tag !== type) b += ` [${tag}]`;
  return b;
}

function formatObjectEntries() {
  return [];
}

function formatArray(ctx, value, recurseTimes) {
  const output = [];
  const len = value.length;
  const max = Math.min(ctx.maxArrayLength, len);
  let holes = 0;
  for (let i = 0; i < len && output.length < max; i++) {
    if (!hasOwn(value, i)) {
      holes++;
      continue;
    }
    if (holes > 0) {
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      holes = 0;
      if (output.length >= max) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, i, kArray));
  }
  if (holes > 0) output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
  if (ctx.showHidden) output.push(`[length]: ${len}`);
  const shown = output.length;
  if (len > max && shown >= max) {
    const remaining = len - max;
    output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
  }
  return output;
}

function formatTypedArray(ctx, value) {
  const max = Math.min(ctx.maxArrayLength, value.length);
  const output = [];
  for (let i = 0; i < max; i++) output.push(formatPrimitive(ctx, value[i]));
  if (value.length > max) output.push(`... ${value.length - max} more item${value.length - max > 1 ? 's' : ''}`);
  return output;
}

function formatSet(ctx, value, recurseTimes) {
  const output = [];
  ctx.indentationLvl += 2;
  for (const v of value) output.push(formatValue(ctx, v, recurseTimes));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, recurseTimes) {
  const output = [];
  ctx.indentationLvl += 2;
  for (const [k, v] of value) output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
  ctx.indentationLvl -= 2;
  return output;
}

function formatProperty(ctx, value, recurseTimes, key, type) {
  let name;
  let str;
  const desc = Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
    // Node indents by 3 only with compact: true; its default (3) indents by 2.
    const diff = 2;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else {
    str = desc.set !== undefined ? '[Setter]' : 'undefined';
  }
  if (type === kArray) return str;
  if (typeof key === 'symbol') name = `[${key.toString()}]`;
  else if (identifier.test(key)) name = key;
  else name = quote(key);
  return `${name}: ${str}`;
}

function isBelowBreakLength(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const s of output) {
    total += s.length;
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(ctx, output, base, braces, extras, recurseTimes, value) {
  const entries = output.length;
  if (extras === kArray && entries > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

// Node's groupArrayElements: short entries in as many aligned columns as
// make a roughly square block (a character being ~2.5 times as high as wide).
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (value && value.length > ctx.maxArrayLength && outputLength > ctx.maxArrayLength) outputLength--;
  const separatorSpace = 2;
  const dataLen = new Array(outputLength);
  for (let i = 0; i < outputLength; i++) {
    const len = output[i].length;
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const tmp = [];
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
      maxLineLength.push(lineLength + separatorSpace);
    }
    let padStart = true;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
          padStart = false;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let str = '';
      let j = i;
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - i];
        str += padStart ? `${output[j]}, `.padStart(padding, ' ') : `${output[j]}, `.padEnd(padding, ' ');
      }
      if (padStart) str += output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ');
      else str += output[j];
      tmp.push(str);
    }
    if (outputLength < output.length) tmp.push(output[outputLength]);
    output = tmp;
  }
  return output;
}

function hasUserToString(v) {
  let o = v;
  while (o !== null && o !== Object.prototype) {
    if (hasOwn(o, 'toString') && o !== Error.prototype) return true;
    o = Object.getPrototypeOf(o);
  }
  return false;
}

/** util.format: printf-like placeholders, then the remaining arguments inspected and joined by spaces. */
function formatWithOptions(options, ...args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let last = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const c = first[i + 1];
      if (a + 1 !== args.length) {
        let piece;
        switch (c) {
          case 's': {
            const arg = args[++a];
            if (typeof arg === 'number') piece = formatPrimitive({}, arg);
            else if (typeof arg === 'bigint') piece = `${arg}n`;
            else if (typeof arg !== 'object' || arg === null || hasUserToString(arg)) piece = String(arg);
            else piece = inspect(arg, Object.assign({}, options, { depth: 0 }));
            break;
          }
          case 'j':
            try {
              piece = JSON.stringify(args[++a]);
            } catch (e) {
              piece = '[Circular]';
            }
            break;
          case 'd': {
            const n = args[++a];
            piece = typeof n === 'bigint' ? `${n}n` : typeof n === 'symbol' ? 'NaN' : formatPrimitive({}, Number(n));
            break;
          }
          case 'i': {
            const n = args[++a];
            piece = typeof n === 'bigint' ? `${n}n` : typeof n === 'symbol' ? 'NaN' : formatPrimitive({}, parseInt(n));
            break;
          }
          case 'f': {
            const n = args[++a];
            piece = typeof n === 'symbol' ? 'NaN' : formatPrimitive({}, parseFloat(n));
            break;
          }
          case 'O':
            piece = inspect(args[++a], options);
            break;
          case 'o':
            piece = inspect(args[++a], Object.assign({}, options, { showHidden: true, depth: 4 }));
            break;
          case 'c':
            a++;
            piece = '';
            break;
          case '%':
            str += first.slice(last, i);
            last = i + 1;
            continue;
          default:
            continue;
        }
        if (last !== i) str += first.slice(last, i);
        str += piece;
        last = i + 2;
        i++;
      } else if (c === '%') {
        str += first.slice(last, i);
        last = i + 1;
      }
    }
    if (last !== 0) {
      a++;
      join = ' ';
      if (last < first.length) str += first.slice(last);
    }
  }
  while (a < args.length) {
    const v = args[a];
    str += join;
    str += typeof v !== 'string' ? inspect(v, options) : v;
    join = ' ';
    a++;
  }
  return str;
}

exports.inspect = inspect;
exports.format = (...args) => formatWithOptions(undefined, ...args);
exports.formatWithOptions = formatWithOptions;
