// A Buffer (https://nodejs.org/api/buffer.html) for what programs commonly
// do with fs's results: Uint8Array with from/alloc/concat and toString in
// utf8, hex, base64, latin1 and ascii. Not the whole API (KNOWN_LIMITATIONS.md).
const { utf8Encode, utf8Decode, atob, btoa } = internal('text');

function normalizeEncoding(enc) {
  const e = String(enc === undefined ? 'utf8' : enc).toLowerCase();
  if (e === 'utf8' || e === 'utf-8') return 'utf8';
  if (e === 'latin1' || e === 'binary') return 'latin1';
  if (e === 'hex' || e === 'base64' || e === 'ascii' || e === 'base64url') return e;
  const err = new TypeError(`Unknown encoding: ${enc}`);
  err.code = 'ERR_UNKNOWN_ENCODING';
  throw err;
}

function latin1Bytes(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 255;
  return out;
}
function latin1String(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return s;
}

class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === 'string') {
      const enc = normalizeEncoding(encodingOrOffset);
      let bytes;
      if (enc === 'utf8') bytes = utf8Encode(value);
      else if (enc === 'hex') {
        const n = Math.floor(value.length / 2);
        bytes = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const b = parseInt(value.substr(i * 2, 2), 16);
          if (Number.isNaN(b)) {
            bytes = bytes.subarray(0, i);
            break;
          }
          bytes[i] = b;
        }
      } else if (enc === 'base64' || enc === 'base64url') {
        bytes = latin1Bytes(atob(value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')));
      } else bytes = latin1Bytes(value);
      const buf = new Buffer(bytes.length);
      buf.set(bytes);
      return buf;
    }
    if (value instanceof ArrayBuffer) {
      const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
      return new Buffer(value, offset, length === undefined ? value.byteLength - offset : length);
    }
    if (ArrayBuffer.isView(value)) {
      const buf = new Buffer(value.byteLength);
      buf.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return buf;
    }
    if (Array.isArray(value) || (value && typeof value.length === 'number')) {
      const buf = new Buffer(value.length);
      for (let i = 0; i < value.length; i++) buf[i] = value[i] & 255;
      return buf;
    }
    if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.from(value.data);
    const e = new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  static alloc(size, fill) {
    const buf = new Buffer(size);
    if (fill !== undefined) buf.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill);
    return buf;
  }
  static allocUnsafe(size) {
    return new Buffer(size);
  }
  static isBuffer(value) {
    return value instanceof Buffer;
  }
  static isEncoding(enc) {
    try {
      normalizeEncoding(enc);
      return true;
    } catch {
      return false;
    }
  }
  static byteLength(value, encoding) {
    return typeof value === 'string' ? Buffer.from(value, encoding).length : value.byteLength;
  }
  static concat(list, total) {
    if (total === undefined) total = list.reduce((n, b) => n + b.length, 0);
    const out = Buffer.alloc(total);
    let at = 0;
    for (const b of list) {
      if (at >= total) break;
      out.set(b.subarray(0, total - at), at);
      at += b.length;
    }
    return out;
  }
  static compare(a, b) {
    return a.compare(b);
  }
  toString(encoding, start = 0, end = this.length) {
    const bytes = this.subarray(start, end);
    switch (normalizeEncoding(encoding)) {
      case 'utf8':
        return utf8Decode(bytes, false);
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return btoa(latin1String(bytes));
      case 'base64url':
        return btoa(latin1String(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      case 'ascii':
        return latin1String(bytes.map((b) => b & 127));
      default:
        return latin1String(bytes);
    }
  }
  equals(other) {
    return this.compare(other) === 0;
  }
  compare(other) {
    const n = Math.min(this.length, other.length);
    for (let i = 0; i < n; i++) if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
    return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
  }
  slice(start, end) {
    return this.subarray(start, end);
  }
  write(string, offset = 0, length, encoding) {
    const bytes = Buffer.from(string, typeof length === 'string' ? length : encoding);
    const n = Math.min(bytes.length, this.length - offset, typeof length === 'number' ? length : Infinity);
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  toJSON() {
    return { type: 'Buffer', data: Array.from(this) };
  }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    const shown = Array.from(this.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `<Buffer${shown ? ` ${shown}` : ''}${this.length > 50 ? ` ... ${this.length - 50} more bytes` : ''}>`;
  }
}

module.exports = { Buffer, kMaxLength: 2 ** 31 - 1, constants: { MAX_LENGTH: 2 ** 31 - 1 } };
