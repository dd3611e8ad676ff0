// Headers, Request, Response and fetch, after the Fetch standard
// (https://fetch.spec.whatwg.org/), small: bodies are bytes held in memory
// (QuickJS has no streams), so text(), json(), arrayBuffer() and bytes()
// settle at once and `body` is a one-chunk stand-in for a ReadableStream.
// fetch() goes through the host (runtimes/quickjs/http-calls.ts), which
// refuses every URL unless the sandbox's network allow-list permits it, and
// blocks this guest until the whole response has arrived.
// Also used by the edge-function serve loop (runtimes/quickjs/serve.ts):
// _handlerOf checks a module's default export, _serve runs one request.
'use strict';

// UTF-8 by the host (http-calls.ts): a body can be megabytes, too many for a loop in the
// interpreter; a short ASCII string (most headers-and-a-word answers) is cheaper here than a host call.
function utf8Encode(text) {
  text = String(text);
  if (text.length <= 256) {
    const out = new Uint8Array(text.length);
    let i = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      out[i] = c;
    }
    if (i === text.length) return out;
  }
  return new Uint8Array(host('utf8Encode', text));
}
const utf8Decode = (bytes) => host('utf8Decode', bufferOf(bytes));
const INTERNAL = Symbol('internal');
// Taken now, so a handler that replaces JSON's methods cannot garble what goes to the host.
const jsonParse = JSON.parse;
const jsonStringify = JSON.stringify;

// RFC 9110 §5.6.2 token: the characters a header name or a method may use.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Fetch "header value": no NUL, CR or LF; leading and trailing HTTP whitespace is stripped.
const BAD_VALUE = /[\0\r\n]/;
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function headerName(name) {
  name = String(name);
  if (!TOKEN.test(name)) throw new TypeError(`Headers: invalid header name ${JSON.stringify(name)}`);
  return name.toLowerCase();
}

function headerValue(value) {
  value = String(value).replace(HTTP_WHITESPACE, '');
  if (BAD_VALUE.test(value)) throw new TypeError(`Headers: invalid header value ${JSON.stringify(value)}`);
  return value;
}

class Headers {
  constructor(init) {
    this[INTERNAL] = []; // [lowercase name, value] in insertion order: the header list
    if (init === undefined || init === null) return;
    if (init instanceof Headers) {
      for (const [name, value] of init[INTERNAL]) this[INTERNAL].push([name, value]);
    } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const entry = [...pair];
        if (entry.length !== 2) throw new TypeError('Headers: each header must be a [name, value] pair');
        this.append(entry[0], entry[1]);
      }
    } else if (typeof init === 'object') {
      for (const key of Object.keys(init)) this.append(key, init[key]);
    } else {
      throw new TypeError('Headers: init must be a Headers, an array of [name, value] pairs or an object');
    }
  }
  append(name, value) {
    this[INTERNAL].push([headerName(name), headerValue(value)]);
  }
  delete(name) {
    const key = headerName(name);
    this[INTERNAL] = this[INTERNAL].filter(([n]) => n !== key);
  }
  get(name) {
    const key = headerName(name);
    const values = this[INTERNAL].filter(([n]) => n === key).map(([, v]) => v);
    return values.length === 0 ? null : values.join(', ');
  }
  getSetCookie() {
    return this[INTERNAL].filter(([n]) => n === 'set-cookie').map(([, v]) => v);
  }
  has(name) {
    const key = headerName(name);
    return this[INTERNAL].some(([n]) => n === key);
  }
  set(name, value) {
    const key = headerName(name);
    const v = headerValue(value);
    const list = this[INTERNAL];
    const at = list.findIndex(([n]) => n === key);
    if (at < 0) list.push([key, v]);
    else {
      list[at] = [key, v];
      this[INTERNAL] = list.filter(([n], i) => n !== key || i === at);
    }
  }
  // Fetch "sort and combine": names sorted, values of one name joined, set-cookie kept apart.
  *entries() {
    const names = [...new Set(this[INTERNAL].map(([n]) => n))].sort();
    for (const name of names) {
      if (name === 'set-cookie') for (const value of this.getSetCookie()) yield [name, value];
      else yield [name, this.get(name)];
    }
  }
  *keys() {
    for (const [name] of this.entries()) yield name;
  }
  *values() {
    for (const [, value] of this.entries()) yield value;
  }
  forEach(callback, thisArg) {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  get [Symbol.toStringTag]() {
    return 'Headers';
  }
}

// Fetch "extract a body": the bytes and the Content-Type they imply.
function extractBody(init) {
  if (typeof init === 'string') return { bytes: utf8Encode(init), type: 'text/plain;charset=UTF-8' };
  if (init instanceof ArrayBuffer) return { bytes: new Uint8Array(init.slice(0)), type: null };
  if (ArrayBuffer.isView(init)) return { bytes: new Uint8Array(init.buffer.slice(init.byteOffset, init.byteOffset + init.byteLength)), type: null };
  if (typeof URLSearchParams === 'function' && init instanceof URLSearchParams) {
    return { bytes: utf8Encode(String(init)), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  // Anything else is converted to a string, as WebIDL converts it to USVString.
  return { bytes: utf8Encode(String(init)), type: 'text/plain;charset=UTF-8' };
}

function consume(message) {
  const state = message[INTERNAL];
  if (state.bodyUsed) return Promise.reject(new TypeError('Body is unusable: the body has already been read'));
  state.bodyUsed = true;
  return Promise.resolve(state.body === null ? new Uint8Array(0) : state.body);
}

// The body mixin (https://fetch.spec.whatwg.org/#body-mixin), over bytes.
const Body = {
  get body() {
    const state = this[INTERNAL];
    if (state.body === null) return null;
    const message = this;
    // One chunk, then done; enough for `for await (const chunk of request.body)` and getReader().read().
    const stream = {
      get locked() {
        return state.bodyUsed;
      },
      getReader() {
        let done = false;
        return {
          read() {
            if (done) return Promise.resolve({ done: true, value: undefined });
            done = true;
            return consume(message).then((bytes) => ({ done: false, value: bytes }));
          },
          releaseLock() {},
          cancel() {
            done = true;
            state.bodyUsed = true;
            return Promise.resolve();
          },
        };
      },
      [Symbol.asyncIterator]() {
        const reader = this.getReader();
        return { next: () => reader.read(), return: () => reader.cancel().then(() => ({ done: true, value: undefined })) };
      },
    };
    return stream;
  },
  get bodyUsed() {
    return this[INTERNAL].bodyUsed;
  },
  arrayBuffer() {
    return consume(this).then((bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  },
  bytes() {
    return consume(this).then((bytes) => new Uint8Array(bytes));
  },
  text() {
    return consume(this).then((bytes) => utf8Decode(bytes));
  },
  json() {
    return this.text().then((text) => JSON.parse(text));
  },
};

function mixBody(target) {
  for (const key of Object.keys(Object.getOwnPropertyDescriptors(Body))) {
    Object.defineProperty(target.prototype, key, Object.getOwnPropertyDescriptor(Body, key));
  }
}

function setBody(state, headers, init) {
  if (init === undefined || init === null) return;
  const { bytes, type } = extractBody(init);
  state.body = bytes;
  if (type !== null && !headers.has('content-type')) headers.append('content-type', type);
}

function cloneState(state) {
  if (state.bodyUsed) throw new TypeError('clone: the body has already been read');
  return { ...state, body: state.body === null ? null : new Uint8Array(state.body) };
}

// Fetch "normalize" a method: these six are uppercased, others kept as written.
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const REDIRECT_MODES = new Set(['follow', 'error', 'manual']);

function parseUrl(input) {
  try {
    return new URL(String(input)).href;
  } catch {
    throw new TypeError(`Request: invalid URL ${JSON.stringify(String(input))} (an absolute URL is needed)`);
  }
}

class Request {
  constructor(input, init = {}) {
    init = init === undefined || init === null ? {} : init;
    let state;
    if (input instanceof Request) {
      state = cloneState(input[INTERNAL]);
      state.headers = new Headers(input.headers);
    } else {
      state = { method: 'GET', url: parseUrl(input), headers: new Headers(), body: null, bodyUsed: false, redirect: 'follow', signal: null };
    }
    if (init.method !== undefined) {
      let method = String(init.method);
      if (!TOKEN.test(method)) throw new TypeError(`Request: invalid method ${JSON.stringify(method)}`);
      if (NORMALIZED.has(method.toUpperCase())) method = method.toUpperCase();
      if (FORBIDDEN_METHODS.has(method.toUpperCase())) throw new TypeError(`Request: method ${method} is forbidden`);
      state.method = method;
    }
    if (init.headers !== undefined) state.headers = new Headers(init.headers);
    if (init.redirect !== undefined) {
      if (!REDIRECT_MODES.has(init.redirect)) throw new TypeError(`Request: redirect must be 'follow', 'error' or 'manual'`);
      state.redirect = init.redirect;
    }
    if (init.signal !== undefined) state.signal = init.signal;
    if (init.body !== undefined && init.body !== null) {
      if (state.method === 'GET' || state.method === 'HEAD') throw new TypeError(`Request: a ${state.method} request cannot have a body`);
      state.bodyUsed = false;
      setBody(state, state.headers, init.body);
    }
    this[INTERNAL] = state;
  }
  get method() {
    return this[INTERNAL].method;
  }
  get url() {
    return this[INTERNAL].url;
  }
  get headers() {
    return this[INTERNAL].headers;
  }
  get redirect() {
    return this[INTERNAL].redirect;
  }
  get signal() {
    return this[INTERNAL].signal;
  }
  clone() {
    return fromState(Request, { ...cloneState(this[INTERNAL]), headers: new Headers(this.headers) });
  }
  get [Symbol.toStringTag]() {
    return 'Request';
  }
}
mixBody(Request);

// "A null body status is a status that is 101, 103, 204, 205, or 304."
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

class Response {
  constructor(body = null, init = {}) {
    init = init === undefined || init === null ? {} : init;
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`Response: status must be an integer from 200 to 599, got ${init.status}`);
    const statusText = init.statusText === undefined ? '' : String(init.statusText);
    if (/[\r\n]/.test(statusText)) throw new TypeError('Response: statusText must not contain CR or LF');
    const headers = new Headers(init.headers);
    const state = { status, statusText, headers, body: null, bodyUsed: false, url: '', redirected: false, type: 'default' };
    if (body !== null && body !== undefined) {
      if (NULL_BODY.has(status)) throw new TypeError(`Response: a ${status} response cannot have a body`);
      setBody(state, headers, body);
    }
    this[INTERNAL] = state;
  }
  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Response.json: the data cannot be serialized to JSON');
    const response = new Response(null, init);
    const state = response[INTERNAL];
    if (NULL_BODY.has(state.status)) throw new TypeError(`Response.json: a ${state.status} response cannot have a body`);
    state.body = utf8Encode(text);
    if (!state.headers.has('content-type')) state.headers.append('content-type', 'application/json');
    return response;
  }
  static redirect(url, status = 302) {
    const location = parseUrl(url);
    if (!REDIRECT_STATUSES.has(status)) throw new RangeError(`Response.redirect: status must be 301, 302, 303, 307 or 308, got ${status}`);
    return new Response(null, { status, headers: { location } });
  }
  static error() {
    return fromState(Response, { status: 0, statusText: '', headers: new Headers(), body: null, bodyUsed: false, url: '', redirected: false, type: 'error' });
  }
  get status() {
    return this[INTERNAL].status;
  }
  get statusText() {
    return this[INTERNAL].statusText;
  }
  get ok() {
    const s = this[INTERNAL].status;
    return s >= 200 && s <= 299;
  }
  get headers() {
    return this[INTERNAL].headers;
  }
  get url() {
    return this[INTERNAL].url;
  }
  get redirected() {
    return this[INTERNAL].redirected;
  }
  get type() {
    return this[INTERNAL].type;
  }
  clone() {
    return fromState(Response, { ...cloneState(this[INTERNAL]), headers: new Headers(this.headers) });
  }
  get [Symbol.toStringTag]() {
    return 'Response';
  }
}
mixBody(Response);

function fromState(Class, state) {
  const object = Object.create(Class.prototype);
  object[INTERNAL] = state;
  return object;
}

function headerList(headers) {
  return headers[INTERNAL].map(([name, value]) => [name, value]);
}

/** The bytes of a view as an ArrayBuffer (the host takes ArrayBuffers), without a copy when the view is the whole buffer. */
function bufferOf(b) {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

function bytesOf(state) {
  return state.body === null ? null : bufferOf(state.body);
}

/** fetch(): the host makes the request, or refuses it; a refusal or a network error is a TypeError, as in browsers. */
function fetch(input, init) {
  return new Promise((resolve, reject) => {
    const request = new Request(input, init);
    const state = request[INTERNAL];
    if (state.bodyUsed) throw new TypeError('fetch: the request body has already been read');
    if (state.signal && state.signal.aborted) throw state.signal.reason ?? new Error('This operation was aborted');
    const answer = host('netFetch', state.method, state.url, headerList(state.headers), state.redirect, bytesOf(state));
    if (typeof answer.error === 'string') {
      reject(new TypeError(answer.error));
      return;
    }
    resolve(fromState(Response, {
      status: answer.status,
      statusText: answer.statusText,
      headers: new Headers(answer.headers),
      body: answer.body === null ? null : new Uint8Array(answer.body),
      bodyUsed: false,
      url: answer.url,
      redirected: answer.redirected,
      type: 'basic',
    }));
  });
}

/** The Request an edge handler gets (the host checked everything already). */
function incoming(method, url, headers, body) {
  // The host's Request already held valid, lowercased names: no need to check them again.
  const list = fromState(Headers, headers);
  return fromState(Request, {
    method,
    url,
    headers: list,
    body: body === null ? null : new Uint8Array(body),
    bodyUsed: false,
    redirect: 'follow',
    signal: null,
  });
}

/**
 * What an edge handler returned, for the host: a Response (ours), or what
 * can stand for one: a string (200, text/plain), bytes (an ArrayBuffer or a
 * view: 200, application/octet-stream), or a plain object with a numeric
 * `status` and optional `statusText`, `headers` and `body` (given to `new
 * Response(body, object)`). Anything else is a TypeError, which the host
 * answers with a 500.
 */
function outgoing(value) {
  let response = value;
  if (typeof value === 'string') response = new Response(value);
  else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    response = new Response(value, { headers: { 'content-type': 'application/octet-stream' } });
  } else if (!(value instanceof Response)) {
    if (value === null || typeof value !== 'object' || typeof value.status !== 'number') {
      const what = value === null ? 'null' : value === undefined ? 'undefined' : typeof value === 'object' ? `an object without a numeric status` : `a ${typeof value}`;
      throw new TypeError(`the edge function's fetch returned ${what}; return a Response, a string or bytes`);
    }
    response = new Response(value.body === undefined ? null : value.body, value);
  }
  const state = response[INTERNAL];
  if (state.type === 'error') throw new TypeError("the edge function's fetch returned Response.error()");
  if (state.bodyUsed) throw new TypeError("the edge function's fetch returned a Response whose body was already read");
  return { status: state.status, statusText: state.statusText, headers: headerList(state.headers), body: bytesOf(state) };
}

/** The default export of an edge module, if it can serve: an object (or function) with a fetch method. */
function handlerOf(namespace) {
  if (!namespace || !('default' in namespace)) throw new TypeError('the module has no default export; export default { fetch(request, env) { ... } }');
  const target = namespace.default;
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null || typeof target.fetch !== 'function') {
    throw new TypeError('the default export has no fetch method; export default { fetch(request, env) { ... } }');
  }
  return target;
}

/**
 * Serve one request. The host passes the head as JSON text
 * `[method, url, [[name, value], ...]]` and the body as an ArrayBuffer or
 * null, and reads the answer as `[headJson]` or `[headJson, body]` with head
 * `[status, statusText, headers]`, or as a string: the text of what the
 * handler threw (the body of the 500), printed to stderr as an uncaught
 * error would be. Few values cross the boundary, because each crossing
 * costs more than the JSON (serve.ts).
 */
function serve(target, head, body, env) {
  let result;
  try {
    const [method, url, headers] = jsonParse(head);
    result = target.fetch(incoming(method, url, headers, body), env);
  } catch (error) {
    return Promise.resolve(failure(error));
  }
  return Promise.resolve(result).then(outgoing).then(pack, failure);
}

function pack(response) {
  const head = jsonStringify([response.status, response.statusText, response.headers]);
  return response.body === null ? [head] : [head, response.body];
}

function failure(error) {
  // process.exit() in a handler unwinds with ProcessExit: the guest is ending, nothing to report.
  if (error instanceof internal('process')._ProcessExit) return undefined;
  internal('errors').report(error);
  let text;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    text = 'a value that cannot be converted to a string was thrown';
  }
  return text;
}

module.exports = { Headers, Request, Response, fetch, _handlerOf: handlerOf, _serve: serve };
