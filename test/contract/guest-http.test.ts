/**
 * The guest's Headers, Request and Response (runtimes/quickjs/guest/http.js)
 * against the Fetch standard's rules, run by the `js` program in Node and in
 * Chromium. Each probe is evaluated in the guest; the expected values are
 * what the Fetch standard says (and what Node's and browsers' own classes
 * answer: the same probes run here against the host's classes first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from 'wasmbox';

/** name → an expression (may await) whose value is JSON-comparable; errors become `ErrorName`. */
const PROBES: Record<string, string> = {
  'headers: case-insensitive get': `new Headers({ 'Content-Type': 'a' }).get('content-TYPE')`,
  'headers: append joins with comma-space': `(() => { const h = new Headers(); h.append('x-a', '1'); h.append('X-A', '2'); return h.get('x-a'); })()`,
  'headers: set replaces every value': `(() => { const h = new Headers([['x', '1'], ['x', '2']]); h.set('X', '3'); return [...h]; })()`,
  'headers: delete and has': `(() => { const h = new Headers({ a: '1', b: '2' }); h.delete('A'); return [h.has('a'), h.has('B')]; })()`,
  'headers: iteration sorted and lowercased': `[...new Headers({ 'Zed': '1', 'alpha': '2', 'Mid': '3' })]`,
  'headers: set-cookie kept apart': `(() => { const h = new Headers(); h.append('Set-Cookie', 'a=1'); h.append('set-cookie', 'b=2'); return [h.getSetCookie(), [...h]]; })()`,
  'headers: values trimmed of HTTP whitespace': `new Headers({ a: '  x y \\t' }).get('a')`,
  'headers: invalid name': `new Headers({ 'bad name': 'x' })`,
  'headers: newline in value': `new Headers({ a: 'x\\ny' })`,
  'headers: pair of three': `new Headers([['a', 'b', 'c']])`,
  'headers: copy of a Headers': `[...new Headers(new Headers({ q: 'r' }))]`,
  'headers: get of a missing name': `new Headers().get('nope')`,
  'request: defaults': `(() => { const r = new Request('http://h.test/p?q#f'); return [r.method, r.url, r.redirect, r.bodyUsed, r.body]; })()`,
  'request: method normalized': `[new Request('http://h/', { method: 'post' }).method, new Request('http://h/', { method: 'mkcol' }).method]`,
  'request: forbidden method': `new Request('http://h/', { method: 'CONNECT' })`,
  'request: invalid method': `new Request('http://h/', { method: 'GE T' })`,
  'request: GET with a body': `new Request('http://h/', { body: 'x' })`,
  'request: relative URL': `new Request('/relative')`,
  'request: string body sets content-type': `new Request('http://h/', { method: 'POST', body: 'hi' }).headers.get('content-type')`,
  'request: json()': `await new Request('http://h/', { method: 'POST', body: '{"a":[1,2]}' }).json()`,
  'request: body used once': `await (async () => { const r = new Request('http://h/', { method: 'PUT', body: 'x' }); await r.text(); try { await r.text(); return 'read twice'; } catch (e) { return [r.bodyUsed, e.constructor.name]; } })()`,
  'request: clone keeps the body': `await (async () => { const r = new Request('http://h/', { method: 'POST', body: 'abc' }); const c = r.clone(); return [await r.text(), await c.text()]; })()`,
  'request: from a Request with overrides': `(() => { const r = new Request(new Request('http://h/a', { headers: { x: '1' } }), { method: 'DELETE' }); return [r.method, r.url, r.headers.get('x')]; })()`,
  'response: defaults': `(() => { const r = new Response(); return [r.status, r.ok, r.statusText, r.type, r.url, r.redirected, r.body]; })()`,
  'response: status range': `new Response('x', { status: 600 })`,
  'response: status 199': `new Response('x', { status: 199 })`,
  'response: null body status with a body': `new Response('x', { status: 204 })`,
  'response: ok': `[new Response(null, { status: 299 }).ok, new Response(null, { status: 300 }).ok]`,
  'response: bytes body': `await (async () => { const r = new Response(new Uint8Array([1, 2, 3]).subarray(1)); return [...await r.bytes()]; })()`,
  'response: arrayBuffer': `await (async () => new Uint8Array(await new Response('AB').arrayBuffer()).join(','))()`,
  'response: UTF-8 text, BOM dropped, bad bytes replaced': `await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xff, 0x41])).text()`,
  'response: text of a multi-byte string': `await new Response('héllo ✓ 𝄞').text()`,
  'response: json()': `(async () => { const r = Response.json({ a: 1 }, { status: 201, headers: { 'x-b': '2' } }); return [r.status, r.headers.get('content-type'), r.headers.get('x-b'), await r.json()]; })()`,
  'response: json keeps a given content-type': `Response.json(1, { headers: { 'content-type': 'application/vnd.x+json' } }).headers.get('content-type')`,
  'response: json of undefined': `Response.json(undefined)`,
  'response: redirect': `(() => { const r = Response.redirect('http://h.test/next', 301); return [r.status, r.headers.get('location')]; })()`,
  'response: redirect with a bad status': `Response.redirect('http://h/', 200)`,
  'response: error()': `(() => { const r = Response.error(); return [r.type, r.status, r.ok]; })()`,
  'response: clone': `await (async () => { const r = new Response('x'); const c = r.clone(); return [await r.text(), await c.text()]; })()`,
  'response: body reader': `await (async () => { const reader = new Response('hey').body.getReader(); const a = await reader.read(); const b = await reader.read(); return [[...a.value], a.done, b.done]; })()`,
  'response: URLSearchParams body': `new Response(new URLSearchParams({ a: '1 2' })).headers.get('content-type')`,
  'response: statusText with CR': `new Response('x', { statusText: 'a\\rb' })`,
};

/** The guest program: evaluate every probe, print one JSON object. */
function program(): string {
  const entries = Object.entries(PROBES).map(([name, expr]) => `  [${JSON.stringify(name)}, async () => (${expr})],`);
  return `const probes = [\n${entries.join('\n')}\n];
const out = {};
for (const [name, run] of probes) {
  try { out[name] = await run(); } catch (e) { out[name] = e.constructor.name; }
}
console.log(JSON.stringify(out));
`;
}

/** The same probes against the host's own Fetch classes (Node's undici, or the browser's). */
async function hostAnswers(): Promise<Record<string, unknown>> {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, expr] of Object.entries(PROBES)) {
    try {
      out[name] = JSON.parse(JSON.stringify(await new AsyncFunction(`return (${expr});`)()) ?? 'null');
    } catch (e) {
      out[name] = (e as Error).constructor.name;
    }
  }
  return out;
}

describe('guest Headers, Request and Response', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await Sandbox.create({ files: { '/app/probe.mjs': program() } });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('answer every probe as the host platform does', async () => {
    const r = await sb.exec(['js', '/app/probe.mjs']);
    expect(r.stderr).toBe('');
    const guest = JSON.parse(r.stdout) as Record<string, unknown>;
    const host = await hostAnswers();
    // A page resolves a relative URL against its own address; the guest, like Node, has no base URL.
    const pageOnly = typeof window === 'undefined' ? [] : ['request: relative URL'];
    for (const name of Object.keys(PROBES)) if (!pageOnly.includes(name)) expect(guest[name], name).toEqual(host[name]);
  });

  it('give the values the Fetch standard specifies', async () => {
    const r = await sb.exec(['js', '/app/probe.mjs']);
    const g = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(g['headers: append joins with comma-space']).toBe('1, 2');
    expect(g['headers: iteration sorted and lowercased']).toEqual([['alpha', '2'], ['mid', '3'], ['zed', '1']]);
    expect(g['headers: set-cookie kept apart']).toEqual([['a=1', 'b=2'], [['set-cookie', 'a=1'], ['set-cookie', 'b=2']]]);
    expect(g['headers: invalid name']).toBe('TypeError');
    expect(g['request: method normalized']).toEqual(['POST', 'mkcol']);
    expect(g['request: GET with a body']).toBe('TypeError');
    expect(g['request: relative URL']).toBe('TypeError');
    expect(g['response: status range']).toBe('RangeError');
    expect(g['response: null body status with a body']).toBe('TypeError');
    expect(g['response: UTF-8 text, BOM dropped, bad bytes replaced']).toBe('é\ufffdA');
    expect(g['response: error()']).toEqual(['error', 0, false]);
  });
});
