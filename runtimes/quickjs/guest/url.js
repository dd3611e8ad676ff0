// URL and URLSearchParams (https://url.spec.whatwg.org/), the common part:
// special schemes with an authority (http, https, ws, wss, ftp, file),
// relative references against a base, dot segments, default ports, percent-
// encoding of paths and queries. No IDNA (non-ASCII host names stay as given).
const SPECIAL = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };

function invalid(input) {
  const e = new TypeError(`Invalid URL`);
  e.code = 'ERR_INVALID_URL';
  e.input = input;
  return e;
}

function encodeSet(s, keep) {
  let out = '';
  for (const ch of s) {
    if (keep.test(ch)) out += ch;
    else for (const b of internal('text').utf8Encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
const PATH_KEEP = /[A-Za-z0-9\-._~!$&'()*+,;=:@/%[\]|^`{}]/;
const QUERY_KEEP = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%[\]|^`{}\\]/;
const FRAGMENT_KEEP = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%[\]|^{}\\#]/;
const USER_KEEP = /[A-Za-z0-9\-._~!$&'()*+,%]/;

function removeDots(path) {
  const out = [];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    const last = i === parts.length - 1;
    if (p === '.' || p.toLowerCase() === '%2e') {
      if (last) out.push('');
    } else if (p === '..' || /^(\.|%2e){2}$/i.test(p)) {
      out.pop();
      if (last) out.push('');
    } else out.push(p);
  }
  return `/${out.join('/')}`;
}

function parse(input, base) {
  let s = String(input).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const m = /^([A-Za-z][A-Za-z0-9+\-.]*):(.*)$/s.exec(s);
  const r = { protocol: '', username: '', password: '', hostname: '', port: '', pathname: '', search: '', hash: '', opaque: false };
  let rest;
  if (m) {
    r.protocol = `${m[1].toLowerCase()}:`;
    rest = m[2];
  } else {
    if (!base) throw invalid(input);
    Object.assign(r, { protocol: base.protocol, username: base.username, password: base.password, hostname: base.hostname, port: base.port });
    rest = s;
    const special = r.protocol in SPECIAL;
    if (special) rest = rest.replace(/\\/g, '/');
    if (rest.startsWith('//')) {
      // scheme-relative: a new authority
    } else {
      const hashAt = rest.indexOf('#');
      let hash = hashAt >= 0 ? rest.slice(hashAt) : '';
      let before = hashAt >= 0 ? rest.slice(0, hashAt) : rest;
      const qAt = before.indexOf('?');
      let search = qAt >= 0 ? before.slice(qAt) : '';
      let path = qAt >= 0 ? before.slice(0, qAt) : before;
      if (path === '') {
        r.pathname = base.pathname;
        r.search = qAt >= 0 ? search : base.search;
      } else if (path.startsWith('/')) {
        r.pathname = path;
        r.search = search;
      } else {
        r.pathname = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1) + path;
        r.search = search;
      }
      r.pathname = encodeSet(removeDots(r.pathname), PATH_KEEP);
      r.search = r.search === '?' ? '' : encodeSet(r.search, QUERY_KEEP);
      r.hash = hash === '#' ? '' : encodeSet(hash, FRAGMENT_KEEP);
      return r;
    }
  }
  const special = r.protocol in SPECIAL;
  if (special) rest = rest.replace(/\\/g, '/');
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) {
    r.hash = rest.slice(hashAt) === '#' ? '' : encodeSet(rest.slice(hashAt), FRAGMENT_KEEP);
    rest = rest.slice(0, hashAt);
  }
  const qAt = rest.indexOf('?');
  if (qAt >= 0) {
    r.search = rest.slice(qAt) === '?' ? '' : encodeSet(rest.slice(qAt), QUERY_KEEP);
    rest = rest.slice(0, qAt);
  }
  if (special || rest.startsWith('//')) {
    rest = rest.replace(/^\/*/, special ? '' : '').replace(/^\/\//, '');
    const slash = rest.indexOf('/');
    let authority = slash >= 0 ? rest.slice(0, slash) : rest;
    let path = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      authority = authority.slice(at + 1);
      const colon = userinfo.indexOf(':');
      r.username = encodeSet(colon >= 0 ? userinfo.slice(0, colon) : userinfo, USER_KEEP);
      r.password = colon >= 0 ? encodeSet(userinfo.slice(colon + 1), USER_KEEP) : '';
    }
    const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
    if (!portMatch) throw invalid(input);
    r.hostname = portMatch[1].toLowerCase();
    if (/[\s<>^|%]/.test(r.hostname) || (special && r.protocol !== 'file:' && r.hostname === '')) throw invalid(input);
    const port = portMatch[2] || '';
    if (port !== '') {
      const n = Number(port);
      if (n > 65535) throw invalid(input);
      r.port = String(n) === SPECIAL[r.protocol] ? '' : String(n);
    }
    r.pathname = encodeSet(removeDots(path || '/'), PATH_KEEP);
    if (!special && path === '') r.pathname = '';
  } else {
    r.opaque = !rest.startsWith('/');
    r.pathname = r.opaque ? encodeSet(rest, /[^\u0000-\u001f\u007f-\uffff]/) : encodeSet(removeDots(rest), PATH_KEEP);
  }
  return r;
}

class URLSearchParams {
  constructor(init = '') {
    this._list = [];
    this._url = null;
    if (typeof init === 'string') this._parse(init);
    else if (init instanceof URLSearchParams) this._list = init._list.map(([k, v]) => [k, v]);
    else if (init && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const [k, v] = [...pair];
        this._list.push([String(k), String(v)]);
      }
    } else if (init && typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
  }
  _parse(s) {
    this._list = [];
    for (const part of s.replace(/^\?/, '').split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const dec = (x) => {
        try {
          return decodeURIComponent(x.replace(/\+/g, ' '));
        } catch {
          return x;
        }
      };
      this._list.push(eq >= 0 ? [dec(part.slice(0, eq)), dec(part.slice(eq + 1))] : [dec(part), '']);
    }
  }
  _update() {
    if (this._url) this._url._r.search = this._list.length ? `?${this.toString()}` : '';
  }
  get size() { return this._list.length; }
  append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
  delete(k, v) { this._list = this._list.filter(([a, b]) => a !== String(k) || (v !== undefined && b !== String(v))); this._update(); }
  get(k) { const e = this._list.find(([a]) => a === String(k)); return e ? e[1] : null; }
  getAll(k) { return this._list.filter(([a]) => a === String(k)).map(([, b]) => b); }
  has(k, v) { return this._list.some(([a, b]) => a === String(k) && (v === undefined || b === String(v))); }
  set(k, v) {
    const key = String(k);
    const i = this._list.findIndex(([a]) => a === key);
    if (i < 0) this._list.push([key, String(v)]);
    else {
      this._list[i][1] = String(v);
      this._list = this._list.filter(([a], j) => a !== key || j === i);
    }
    this._update();
  }
  sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
  forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
  keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
  values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
  entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  toString() {
    const enc = (x) => encodeURIComponent(x).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return this._list.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  }
  get [Symbol.toStringTag]() { return 'URLSearchParams'; }
}

class URL {
  constructor(input, base) {
    const b = base === undefined ? undefined : base instanceof URL ? base._r : parse(base);
    this._r = parse(input, b);
    this._params = new URLSearchParams(this._r.search);
    this._params._url = this;
  }
  static canParse(input, base) {
    try {
      new URL(input, base);
      return true;
    } catch {
      return false;
    }
  }
  get protocol() { return this._r.protocol; }
  get username() { return this._r.username; }
  get password() { return this._r.password; }
  get hostname() { return this._r.hostname; }
  set hostname(v) { this._r.hostname = String(v).toLowerCase(); }
  get port() { return this._r.port; }
  set port(v) { const p = String(v); this._r.port = p === SPECIAL[this._r.protocol] ? '' : p; }
  get host() { return this._r.port ? `${this._r.hostname}:${this._r.port}` : this._r.hostname; }
  get origin() { return this._r.protocol in SPECIAL && this._r.protocol !== 'file:' ? `${this._r.protocol}//${this.host}` : 'null'; }
  get pathname() { return this._r.pathname; }
  set pathname(v) { this._r.pathname = encodeSet(removeDots(String(v).startsWith('/') ? String(v) : `/${v}`), PATH_KEEP); }
  get search() { return this._r.search; }
  set search(v) {
    const s = String(v);
    this._r.search = s === '' || s === '?' ? '' : encodeSet(s.startsWith('?') ? s : `?${s}`, QUERY_KEEP);
    this._params._parse(this._r.search);
  }
  get searchParams() { return this._params; }
  get hash() { return this._r.hash; }
  set hash(v) { const s = String(v); this._r.hash = s === '' || s === '#' ? '' : encodeSet(s.startsWith('#') ? s : `#${s}`, FRAGMENT_KEEP); }
  get href() {
    const r = this._r;
    if (r.opaque) return `${r.protocol}${r.pathname}${r.search}${r.hash}`;
    const auth = r.username || r.password ? `${r.username}${r.password ? `:${r.password}` : ''}@` : '';
    const slashes = r.protocol in SPECIAL || r.hostname !== '' ? '//' : '';
    return `${r.protocol}${slashes}${auth}${this.host}${r.pathname}${r.search}${r.hash}`;
  }
  toString() { return this.href; }
  toJSON() { return this.href; }
  get [Symbol.toStringTag]() { return 'URL'; }
}

function fileURLToPath(url) {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
  return decodeURIComponent(u.pathname);
}
function pathToFileURL(path) {
  return new URL(`file://${encodeSet(internal('path').resolve(path), PATH_KEEP)}`);
}

module.exports = { URL, URLSearchParams, fileURLToPath, pathToFileURL };
