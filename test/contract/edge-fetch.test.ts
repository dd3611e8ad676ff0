/**
 * Edge functions (`sb.fetch`) and the guest network allow-list (issue 5
 * parts 4 and 5), one body run in Node and in Chromium. The guest's
 * Headers/Request/Response classes are checked in test/contract/guest-http.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EdgeFunctionError, Sandbox, SandboxClosedError } from 'wasmbox';
import type { TestServer } from '../helpers/http-server.js';

const open: Sandbox[] = [];
async function sandbox(options: Parameters<typeof Sandbox.create>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.create(options);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const inNode = typeof window === 'undefined';
/** A handler's timeout for requests that move megabytes (the test machine may be loaded). */
const SLOW_MS = 60_000;

/** Bytes 0..255 repeated: every byte value, so any text decoding on the way would show. */
function binary(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + (i >> 8)) & 0xff;
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

const ECHO = `
export default {
  async fetch(request, env) {
    const body = new Uint8Array(await request.arrayBuffer());
    const headers = new Headers({ 'x-method': request.method, 'x-url': request.url, 'x-length': String(body.length) });
    for (const [name, value] of request.headers) headers.append('x-echo-' + name, value);
    return new Response(body, { status: 201, statusText: 'Made', headers });
  },
};
`;

function serverProcesses(sb: Sandbox) {
  return sb.processes.list().items.filter((p) => p.argv[0] === 'js-serve');
}

describe('sb.fetch', () => {
  it('round-trips GET and POST with headers and a binary body', async () => {
    const sb = await sandbox({ files: { '/app/echo.js': ECHO } });
    const get = await sb.fetch(new Request('http://sandbox/hello?x=1', { headers: { 'X-Custom': 'é ok', accept: 'text/plain' } }), { entry: '/app/echo.js' });
    expect(get).toBeInstanceOf(Response);
    expect(get.status).toBe(201);
    expect(get.statusText).toBe('Made');
    expect(get.headers.get('x-method')).toBe('GET');
    expect(get.headers.get('x-url')).toBe('http://sandbox/hello?x=1');
    expect(get.headers.get('x-echo-accept')).toBe('text/plain');
    expect(get.headers.get('x-length')).toBe('0');

    const body = binary(100_000);
    const post = await sb.fetch(new Request('http://sandbox/upload', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } }), { entry: '/app/echo.js' });
    expect(post.headers.get('x-method')).toBe('POST');
    expect(post.headers.get('x-echo-content-type')).toBe('application/octet-stream');
    expect(sameBytes(new Uint8Array(await post.arrayBuffer()), body)).toBe(true);

    // A URL or a string is a GET; a bare path is resolved against http://sandbox/.
    const byString = await sb.fetch('/path?q', { entry: '/app/echo.js' });
    expect(byString.headers.get('x-url')).toBe('http://sandbox/path?q');
    const byUrl = await sb.fetch(new URL('https://example.test/a'), { entry: '../../app/echo.js' });
    expect(byUrl.headers.get('x-url')).toBe('https://example.test/a');
  });

  it('moves a 20 MiB binary body both ways', async () => {
    const sb = await sandbox({ files: { '/app/echo.js': ECHO } });
    const body = binary(20 * 1024 * 1024);
    const res = await sb.fetch(new Request('http://sandbox/big', { method: 'PUT', body }), { entry: '/app/echo.js', timeoutMs: SLOW_MS });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-length')).toBe(String(body.byteLength));
    expect(sameBytes(new Uint8Array(await res.arrayBuffer()), body)).toBe(true);
  });

  it('lets the handler read and write the sandbox files', async () => {
    const sb = await sandbox({
      files: {
        '/app/notes.js': `
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
export default {
  async fetch(request) {
    if (request.method === 'POST') {
      writeFileSync('/data/note.txt', await request.text());
      return new Response('saved', { status: 201 });
    }
    return new Response(existsSync('/data/seed.txt') ? readFileSync('/data/seed.txt', 'utf8') : 'none');
  },
};
`,
        '/data/seed.txt': 'seeded by the host\n',
      },
    });
    expect(await (await sb.fetch('http://sandbox/', { entry: '/app/notes.js' })).text()).toBe('seeded by the host\n');
    const saved = await sb.fetch(new Request('http://sandbox/', { method: 'POST', body: 'written by the handler' }), { entry: '/app/notes.js' });
    expect(saved.status).toBe(201);
    expect(await sb.fs.readFile('/data/note.txt', { encoding: 'utf8' })).toBe('written by the handler');
    expect((await sb.exec('cat /data/note.txt')).stdout).toBe('written by the handler');
  });

  it('keeps the module warm: 1,000 requests to one handler are answered in order by one process', async () => {
    const sb = await sandbox({
      files: { '/app/count.js': 'let count = 0;\nexport default { fetch(request) { count++; return new Response(`${count} ${new URL(request.url).searchParams.get("i")}`); } };\n' },
    });
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => sb.fetch(`http://sandbox/?i=${i}`, { entry: '/app/count.js' }).then((r) => r.text())));
    answers.forEach((text, i) => expect(text).toBe(`${i + 1} ${i}`));
    const sequential: string[] = [];
    for (let i = 0; i < 20; i++) sequential.push(await (await sb.fetch(`http://sandbox/?i=${i}`, { entry: '/app/count.js' })).text());
    expect(sequential[19]).toBe('1020 19');
    expect(serverProcesses(sb)).toHaveLength(1);
    expect(serverProcesses(sb)[0]!.state).toBe('running');
  });

  it('runs timers and promise chains while it handles a request', async () => {
    const sb = await sandbox({
      files: { '/app/timers.js': 'export default {\n  async fetch() {\n    await new Promise((r) => setTimeout(r, 30));\n    return await new Promise((r) => setTimeout(() => r(new Response("late", { status: 203 })), 10));\n  },\n};\n' },
    });
    const res = await sb.fetch('http://sandbox/', { entry: '/app/timers.js' });
    expect([res.status, await res.text()]).toEqual([203, 'late']);
  });

  it('answers 500 with the message when the handler throws, and the next request works', async () => {
    const sb = await sandbox({
      files: {
        '/app/throws.js': `
let count = 0;
export default {
  async fetch(request) {
    count++;
    if (request.url.endsWith('/sync')) throw new RangeError('sync boom ' + count);
    if (request.url.endsWith('/async')) { await null; throw new Error('async boom ' + count); }
    if (request.url.endsWith('/bad')) return 42;
    return new Response('ok ' + count);
  },
};
`,
      },
    });
    const entry = '/app/throws.js';
    const sync = await sb.fetch('http://sandbox/sync', { entry });
    expect(sync.status).toBe(500);
    expect(await sync.text()).toBe('RangeError: sync boom 1');
    const asyncError = await sb.fetch('http://sandbox/async', { entry });
    expect(asyncError.status).toBe(500);
    expect(await asyncError.text()).toBe('Error: async boom 2');
    const bad = await sb.fetch('http://sandbox/bad', { entry });
    expect(bad.status).toBe(500);
    expect(await bad.text()).toMatch(/returned a number; return a Response, a string or bytes/);
    // Same process, same module state.
    expect(await (await sb.fetch('http://sandbox/fine', { entry })).text()).toBe('ok 4');
    // The stacks went to the process's stderr.
    const [proc] = serverProcesses(sb);
    let stderr = '';
    for await (const chunk of proc!.output({ stream: 'stderr' })) {
      stderr += new TextDecoder().decode(chunk);
      if (stderr.includes('async boom')) break;
    }
    expect(stderr).toMatch(/RangeError: sync boom 1[\s\S]*at [\s\S]*Error: async boom 2/);
  });

  it('answers 504 when the handler never answers, restarts it, and the next request works', async () => {
    const sb = await sandbox({
      files: {
        '/app/hangs.js': `
let count = 0;
export default {
  fetch(request) {
    count++;
    if (request.url.endsWith('/never')) return new Promise(() => {});
    if (request.url.endsWith('/spin')) for (;;) {}
    return 'count ' + count;
  },
};
`,
      },
    });
    const entry = '/app/hangs.js';
    expect(await (await sb.fetch('http://sandbox/', { entry })).text()).toBe('count 1');
    const started = Date.now();
    const never = await sb.fetch('http://sandbox/never', { entry, timeoutMs: 300 });
    expect(never.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await never.text()).toMatch(/did not answer within 300 ms/);
    // A new process: the module state starts again.
    expect(await (await sb.fetch('http://sandbox/', { entry })).text()).toBe('count 1');
    const spin = await sb.fetch('http://sandbox/spin', { entry, timeoutMs: 300 });
    expect(spin.status).toBe(504);
    expect(await (await sb.fetch('http://sandbox/', { entry })).text()).toBe('count 1');
    const states = serverProcesses(sb).map((p) => p.state);
    expect(states.filter((s) => s === 'killed')).toHaveLength(2);
    expect(states.filter((s) => s === 'running')).toHaveLength(1);
  });

  it('sends requests queued behind a hung one to the next process', async () => {
    const sb = await sandbox({ files: { '/app/hangs.js': `export default { fetch(r) { return r.url.endsWith('/never') ? new Promise(() => {}) : 'fine'; } };` } });
    const entry = '/app/hangs.js';
    const [hung, after] = await Promise.all([sb.fetch('http://sandbox/never', { entry, timeoutMs: 300 }), sb.fetch('http://sandbox/', { entry, timeoutMs: 300 })]);
    expect(hung.status).toBe(504);
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('fine');
  });

  it('answers 502 when the process dies while handling, and restarts it', async () => {
    const sb = await sandbox({ files: { '/app/exits.js': `let n = 0;\nexport default { fetch(r) { n++; if (r.url.endsWith('/exit')) process.exit(3); return 'n=' + n; } };` } });
    const entry = '/app/exits.js';
    expect(await (await sb.fetch('http://sandbox/', { entry })).text()).toBe('n=1');
    const died = await sb.fetch('http://sandbox/exit', { entry });
    expect(died.status).toBe(502);
    expect(await died.text()).toMatch(/exited with status 3 before answering/);
    expect(await (await sb.fetch('http://sandbox/', { entry })).text()).toBe('n=1');
    // Killed from outside: the same.
    const [live] = serverProcesses(sb).filter((p) => p.state === 'running');
    live!.kill('SIGKILL');
    await live!.wait();
    expect(await (await sb.fetch('http://sandbox/', { entry })).text()).toBe('n=1');
  });

  it('accepts strings, bytes and Response-like objects from the handler', async () => {
    const sb = await sandbox({
      files: {
        '/app/kinds.js': `
export default {
  fetch(request) {
    const kind = new URL(request.url).pathname.slice(1);
    if (kind === 'string') return 'plain text';
    if (kind === 'bytes') return new Uint8Array([0, 255, 1]);
    if (kind === 'object') return { status: 202, statusText: 'Later', headers: { 'x-kind': 'object' }, body: 'from an object' };
    if (kind === 'json') return Response.json({ a: [1, 2] }, { status: 200 });
    if (kind === 'redirect') return Response.redirect('https://example.test/next', 307);
    if (kind === 'empty') return new Response(null, { status: 204 });
    if (kind === 'cookies') { const h = new Headers(); h.append('set-cookie', 'a=1'); h.append('set-cookie', 'b=2'); return new Response('c', { headers: h }); }
    return undefined;
  },
};
`,
      },
    });
    const entry = '/app/kinds.js';
    const get = (path: string) => sb.fetch(`http://sandbox/${path}`, { entry });
    const text = await get('string');
    expect([text.status, text.headers.get('content-type'), await text.text()]).toEqual([200, 'text/plain;charset=UTF-8', 'plain text']);
    const bytes = await get('bytes');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 255, 1]);
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    const object = await get('object');
    expect([object.status, object.statusText, object.headers.get('x-kind'), await object.text()]).toEqual([202, 'Later', 'object', 'from an object']);
    const json = await get('json');
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ a: [1, 2] });
    const redirect = await get('redirect');
    expect([redirect.status, redirect.headers.get('location')]).toEqual([307, 'https://example.test/next']);
    const empty = await get('empty');
    expect([empty.status, await empty.text()]).toEqual([204, '']);
    const cookies = await get('cookies');
    // Browsers drop Set-Cookie from a Response they build (Fetch spec: a forbidden response-header name).
    expect(cookies.headers.get('set-cookie')).toBe(inNode ? 'a=1, b=2' : null);
    const none = await get('undefined');
    expect(none.status).toBe(500);
    expect(await none.text()).toMatch(/returned undefined/);
  });

  it('passes env to the handler, one warm handler per env, and runs a fresh process with warm: false', async () => {
    const sb = await sandbox({ files: { '/app/env.js': 'let n = 0;\nexport default { fetch(r, env) { n++; return `${env.NAME} ${process.env.NAME} ${n}`; } };\n' } });
    const entry = '/app/env.js';
    expect(await (await sb.fetch('http://sandbox/', { entry, env: { NAME: 'a' } })).text()).toBe('a a 1');
    expect(await (await sb.fetch('http://sandbox/', { entry, env: { NAME: 'b' } })).text()).toBe('b b 1');
    expect(await (await sb.fetch('http://sandbox/', { entry, env: { NAME: 'a' } })).text()).toBe('a a 2');
    expect(await (await sb.fetch('http://sandbox/', { entry, env: { NAME: 'a' }, warm: false })).text()).toBe('a a 1');
    expect(await (await sb.fetch('http://sandbox/', { entry, env: { NAME: 'a' }, warm: false })).text()).toBe('a a 1');
    expect(await (await sb.fetch('http://sandbox/', { entry, env: { NAME: 'a' } })).text()).toBe('a a 3');
    // The two warm processes go on; each one-shot process exits cleanly once it has answered.
    const [warmA, warmB, ...oneShots] = serverProcesses(sb);
    expect([warmA!.state, warmB!.state]).toEqual(['running', 'running']);
    expect(await Promise.all(oneShots.map(async (p) => (await p.wait()).exitCode))).toEqual([0, 0]);
  });

  it('rejects with EdgeFunctionError when the module cannot serve, and serves once it is fixed', async () => {
    const sb = await sandbox({
      files: {
        '/app/syntax.js': 'export default { fetch( {\n',
        '/app/nodefault.js': 'export const fetch = () => "x";\n',
        '/app/nofetch.js': 'export default { handle() {} };\n',
        '/app/throws-on-load.js': 'throw new Error("cannot start");\nexport default { fetch() { return "x"; } };\n',
      },
    });
    const cases: [string, RegExp][] = [
      ['/app/missing.js', /missing\.js/],
      ['/app/syntax.js', /SyntaxError/],
      ['/app/nodefault.js', /no default export/],
      ['/app/nofetch.js', /default export has no fetch method/],
      ['/app/throws-on-load.js', /cannot start/],
    ];
    for (const [entry, reason] of cases) {
      const error = await sb.fetch('http://sandbox/', { entry }).then(() => undefined, (e: unknown) => e);
      expect(error, entry).toBeInstanceOf(EdgeFunctionError);
      expect((error as EdgeFunctionError).code).toBe('EDGE_FUNCTION_INVALID');
      expect((error as EdgeFunctionError).entry).toBe(entry);
      expect((error as EdgeFunctionError).reason, entry).toMatch(reason);
    }
    await sb.fs.writeFile('/app/missing.js', 'export default { fetch() { return "fixed"; } };\n');
    expect(await (await sb.fetch('http://sandbox/', { entry: '/app/missing.js' })).text()).toBe('fixed');
    // CommonJS is imported as the js program imports it: module.exports is the default export.
    await sb.fs.writeFile('/app/common.cjs', 'module.exports = { fetch(request) { return "cjs " + request.method; } };\n');
    expect(await (await sb.fetch('http://sandbox/', { entry: '/app/common.cjs' })).text()).toBe('cjs GET');
  });

  it('refuses bad arguments with TypeError or RangeError', async () => {
    const sb = await sandbox({ files: { '/app/echo.js': ECHO } });
    const entry = '/app/echo.js';
    for (const bad of [42, null, undefined, {}, { url: 'http://x/' }, 'http://[bad']) {
      await expect(sb.fetch(bad as never, { entry }), String(bad)).rejects.toThrow(TypeError);
    }
    await expect(sb.fetch('http://sandbox/', undefined as never)).rejects.toThrow(/options must be an object/);
    await expect(sb.fetch('http://sandbox/', {} as never)).rejects.toThrow(/options\.entry/);
    await expect(sb.fetch('http://sandbox/', { entry: '' })).rejects.toThrow(/options\.entry/);
    await expect(sb.fetch('http://sandbox/', { entry: 'a\0b' })).rejects.toThrow(/NUL/);
    await expect(sb.fetch('http://sandbox/', { entry, timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(sb.fetch('http://sandbox/', { entry, timeoutMs: Number.NaN })).rejects.toThrow(RangeError);
    await expect(sb.fetch('http://sandbox/', { entry, warm: 'yes' as never })).rejects.toThrow(/warm must be true or false/);
    await expect(sb.fetch('http://sandbox/', { entry, env: { A: 1 } as never })).rejects.toThrow(/must be a string/);
    const used = new Request('http://sandbox/', { method: 'POST', body: 'x' });
    await used.text();
    await expect(sb.fetch(used, { entry })).rejects.toThrow(/already been read/);
  });

  it('answers 414, 431 and 413 for requests over the limits without running the handler', async () => {
    const sb = await sandbox({ files: { '/app/echo.js': ECHO } });
    const entry = '/app/echo.js';
    expect((await sb.fetch(`http://sandbox/${'a'.repeat(70 * 1024)}`, { entry })).status).toBe(414);
    const headers = new Headers();
    for (let i = 0; i < 64; i++) headers.set(`x-big-${i}`, 'v'.repeat(5000));
    expect((await sb.fetch(new Request('http://sandbox/', { headers }), { entry })).status).toBe(431);
    const tooBig = await sb.fetch(new Request('http://sandbox/', { method: 'POST', body: new Uint8Array(64 * 1024 * 1024 + 1) }), { entry });
    expect(tooBig.status).toBe(413);
    expect(serverProcesses(sb)).toHaveLength(0);
    // Big but allowed headers go through.
    const fine = new Headers();
    for (let i = 0; i < 16; i++) fine.set(`x-big-${i}`, 'v'.repeat(8000));
    const res = await sb.fetch(new Request('http://sandbox/', { headers: fine }), { entry });
    expect(res.headers.get('x-echo-x-big-15')).toBe('v'.repeat(8000));
  });

  it('answers 500 when the handler returns a body over the limit, and the next request works', async () => {
    const sb = await sandbox({ files: { '/app/huge.js': `export default { fetch(r) { return r.url.endsWith('/huge') ? new Response(new Uint8Array(64 * 1024 * 1024 + 1)) : 'small'; } };\n` } });
    const huge = await sb.fetch('http://sandbox/huge', { entry: '/app/huge.js', timeoutMs: SLOW_MS });
    expect(huge.status).toBe(500);
    expect(await huge.text()).toMatch(/response body is larger than 67108864 bytes/);
    expect(await (await sb.fetch('http://sandbox/', { entry: '/app/huge.js' })).text()).toBe('small');
  });

  it('rejects pending requests with SandboxClosedError on close, and every call after it', async () => {
    const sb = await Sandbox.create({ files: { '/app/hangs.js': 'export default { fetch() { return new Promise(() => {}); } };' } });
    const pending = sb.fetch('http://sandbox/', { entry: '/app/hangs.js' });
    const settled = pending.then(() => 'resolved', (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    await sb.close();
    expect(await settled).toBeInstanceOf(SandboxClosedError);
    await expect(sb.fetch('http://sandbox/', { entry: '/app/hangs.js' })).rejects.toThrow(SandboxClosedError);
  });
});

const FETCHER = `
export default {
  async fetch(request) {
    const { url, init, raw } = await request.json();
    try {
      const res = await fetch(url, init);
      const body = new Uint8Array(await res.arrayBuffer());
      if (raw) return new Response(body, { status: res.status });
      return Response.json({ status: res.status, statusText: res.statusText, url: res.url, redirected: res.redirected, length: body.length,
        text: body.length < 10000 ? new TextDecoder().decode(body) : '', headers: Object.fromEntries(res.headers) });
    } catch (error) {
      return Response.json({ error: error.constructor.name + ': ' + error.message });
    }
  },
};
`;

/** The same URL on a host that merely starts with the allowed one (`127.0.0.1.evil.test`). */
function lookAlike(url: string): string {
  const u = new URL(url);
  u.hostname = `${u.hostname}.evil.test`;
  return u.href;
}

async function guestFetch(sb: Sandbox, url: string, init?: unknown): Promise<Record<string, unknown>> {
  const res = await sb.fetch(new Request('http://sandbox/', { method: 'POST', body: JSON.stringify({ url, init }) }), { entry: '/app/fetcher.js', timeoutMs: SLOW_MS });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the fetcher answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('guest fetch and the network allow-list', () => {
  let server: TestServer | undefined;
  /** What the guest may fetch: the Node test server, or in Chromium the vitest server's own origin. */
  let origin: string;
  beforeAll(async () => {
    if (inNode) {
      const helper = '../helpers/http-server.js';
      const { startServer } = (await import(/* @vite-ignore */ helper)) as typeof import('../helpers/http-server.js');
      server = await startServer();
      origin = server.origin;
    } else {
      origin = location.origin;
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is refused without an allow-list, with a TypeError that says how to allow it', async () => {
    const sb = await sandbox({ files: { '/app/fetcher.js': FETCHER } });
    const answer = await guestFetch(sb, `${origin}/api/hello`);
    expect(answer.error).toBe('TypeError: fetch: network access is disabled in this sandbox; allow URL prefixes with Sandbox.create({ network: { allow: [...] } })');
    const r = await sb.exec(['js', '-e', `fetch('${origin}/').then(() => console.log('fetched'), (e) => console.log(e instanceof TypeError, e.message))`]);
    expect(r.stdout).toMatch(/^true fetch: network access is disabled/);
  });

  it('rejects a network option that is not an allow-list', async () => {
    for (const bad of ['all', { allow: 'http://x/' }, { allow: ['ftp://x/'] }, { allow: [7] }, { block: [] }]) {
      await expect(Sandbox.create({ network: bad as never }), JSON.stringify(bad)).rejects.toThrow(TypeError);
    }
  });

  it('fetches allowed URLs through the host, and refuses others and tricky look-alikes', async () => {
    const prefix = inNode ? `${origin}/api/` : `${origin}/test/fixtures/`;
    const allowedUrl = inNode ? `${origin}/api/hello` : `${origin}/test/fixtures/README.md`;
    const sb = await sandbox({ files: { '/app/fetcher.js': FETCHER }, network: { allow: [prefix] } });
    const ok = await guestFetch(sb, allowedUrl);
    expect(ok.error).toBeUndefined();
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(inNode ? /^hello from the host$/ : /^# WASI test fixtures/);
    expect(ok.url).toBe(allowedUrl);
    const refusals = [
      `${origin}/private/secret`,
      `${prefix}../private/secret`,
      `${prefix}%2e%2e/private/secret`,
      `${prefix}..%2fprivate/secret`,
      `${origin.replace('://', '://user:pw@')}/api/hello`,
      lookAlike(`${origin}/api/hello`),
      `${prefix.slice(0, -1)}x/hello`,
    ];
    for (const url of refusals) {
      const answer = await guestFetch(sb, url);
      expect(answer.error, url).toMatch(/^TypeError: fetch: /);
      expect(answer.error, url).toMatch(/not in the sandbox's network allow-list|encoded|credentials|invalid URL/);
    }
    if (server) expect(server.hits.get('/private/secret')).toBeUndefined();
  });

  it.runIf(inNode)('sends the method, headers and body, and follows only redirects that stay in the list', async () => {
    const sb = await sandbox({ files: { '/app/fetcher.js': FETCHER }, network: { allow: [`${origin}/api/`] } });
    const echo = await guestFetch(sb, `${origin}/api/echo`, { method: 'POST', headers: { 'x-guest': 'yes', 'content-type': 'text/plain' }, body: 'payload ✓' });
    const echoed = JSON.parse(echo.text as string) as { method: string; headers: Record<string, string>; body: string };
    expect(echoed.method).toBe('POST');
    expect(echoed.headers['x-guest']).toBe('yes');
    expect(atob(echoed.body)).toBe(String.fromCharCode(...new TextEncoder().encode('payload ✓')));

    const redirectedIn = await guestFetch(sb, `${origin}/api/redirect-in`);
    expect([redirectedIn.status, redirectedIn.text, redirectedIn.redirected, redirectedIn.url]).toEqual([200, 'hello from the host', true, `${origin}/api/hello`]);
    const redirectedOut = await guestFetch(sb, `${origin}/api/redirect-out`);
    expect(redirectedOut.error).toMatch(/private\/secret is not in the sandbox's network allow-list .*reached by a redirect/);
    expect(server!.hits.get('/private/secret')).toBeUndefined();
    const manual = await guestFetch(sb, `${origin}/api/redirect-out`, { redirect: 'manual' });
    expect([manual.status, (manual.headers as Record<string, string>).location]).toEqual([302, '/private/secret']);
    const error = await guestFetch(sb, `${origin}/api/redirect-in`, { redirect: 'error' });
    expect(error.error).toMatch(/redirect mode is 'error'/);
    // 303 turns a POST into a GET without its body (Fetch spec, HTTP-redirect fetch step 12).
    const seeOther = await guestFetch(sb, `${origin}/api/redirect-post`, { method: 'POST', body: 'dropped', headers: { 'content-type': 'text/plain' } });
    const after303 = JSON.parse(seeOther.text as string) as { method: string; headers: Record<string, string>; body: string };
    expect([after303.method, after303.body, after303.headers['content-type']]).toEqual(['GET', '', undefined]);
  });

  it.runIf(inNode)('moves large bodies to and from the network, and reports a refused connection', async () => {
    const sb = await sandbox({ files: { '/app/fetcher.js': FETCHER }, network: { allow: [`${origin}/api/`, 'http://127.0.0.1:1/'] } });
    const n = 3 * 1024 * 1024 + 17;
    const res = await sb.fetch(new Request('http://sandbox/', { method: 'POST', body: JSON.stringify({ url: `${origin}/api/big?n=${n}`, raw: true }) }), { entry: '/app/fetcher.js', timeoutMs: SLOW_MS });
    const big = new Uint8Array(await res.arrayBuffer());
    expect(big.byteLength).toBe(n);
    expect(big.every((b, i) => b === i % 251)).toBe(true);
    const upload = await guestFetch(sb, `${origin}/api/echo`, { method: 'POST', body: 'u'.repeat(2 * 1024 * 1024) });
    // The echo's JSON holds the body in base64: 2 MiB of 'u' is 'dXV1' repeated.
    expect(upload.length).toBeGreaterThan((2 * 1024 * 1024 * 4) / 3);
    const refused = await guestFetch(sb, 'http://127.0.0.1:1/');
    expect(refused.error).toMatch(/^TypeError: fetch: http:\/\/127\.0\.0\.1:1\/: fetch failed/);
  });

  it('refuses a request body over the limit before it leaves the sandbox', async () => {
    const sb = await sandbox({
      network: { allow: ['http://127.0.0.1:1/'] },
      files: { '/app/upload.js': `export default { async fetch() { try { await fetch('http://127.0.0.1:1/', { method: 'POST', body: new Uint8Array(64 * 1024 * 1024 + 1) }); return 'sent'; } catch (e) { return e.constructor.name + ': ' + e.message; } } };\n` },
    });
    const res = await sb.fetch('http://sandbox/', { entry: '/app/upload.js', timeoutMs: SLOW_MS });
    expect(await res.text()).toBe('TypeError: fetch: the request body is larger than 67108864 bytes');
  });

  it('keeps the allow-list in a fork, not in a snapshot', async () => {
    const prefix = inNode ? `${origin}/api/` : `${origin}/test/fixtures/`;
    const sb = await sandbox({ files: { '/app/fetcher.js': FETCHER }, network: { allow: [prefix] } });
    const copy = await sb.fork();
    open.push(copy);
    const answer = await guestFetch(copy, `${origin}/private/secret`);
    expect(answer.error).toMatch(/not in the sandbox's network allow-list \(/);
    expect(answer.error).toContain(prefix);
    const restored = await sandbox({ from: await sb.snapshot() });
    expect((await guestFetch(restored, `${prefix}x`)).error).toMatch(/network access is disabled in this sandbox/);
  });
});
