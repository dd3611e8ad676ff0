/**
 * `js-serve ENTRY ENV_JSON`: the process behind an edge function
 * (engine/edge-function.ts). It loads the ES module at ENTRY once, checks
 * that its default export has a fetch method, then serves requests from
 * the kernel one at a time (engine/edge-channel.ts): block in FetchNext,
 * build the guest Request, call `fetch(request, env)`, run the event loop
 * until its promise settles, answer with FetchDone. Between requests the
 * guest does not run: timers left pending by one request run while the
 * next one is handled.
 *
 * The module stays loaded (warm) for the life of the process, so state in
 * it survives from one request to the next. A handler that throws or
 * returns something that is not a response gets its error printed to
 * stderr and a 500 (the message) sent back; the process goes on. A guest
 * that ends (process.exit, an uncaught error in a timer, out of memory, a
 * signal) ends the process; the host answers 502 and starts a new one.
 */
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { KernelSys } from '../kernel-sys.js';
import type { Program } from '../program.js';
import type { SyscallTransport } from '../syscall-client.js';
import { MAX_BODY_BYTES } from '../../engine/http-wire.js';
import { SysError } from '../sys.js';
import { fetchDone, fetchFailed, fetchLoadFailed, fetchNext, type IncomingRequest, type OutgoingResponse } from './edge-wire.js';
import { createGuest, type Guest } from './guest.js';
import { toGuest } from './marshal.js';

export const jsServe: Program = (ctx) => {
  const sys = ctx.sys;
  if (!(sys instanceof KernelSys)) throw new Error('js-serve needs the kernel channel');
  const quickjs = ctx.quickjs?.current;
  if (!quickjs) throw new Error('js-serve: QuickJS is not loaded in this worker');
  const [, entry, envJson] = ctx.argv;
  if (entry === undefined) throw new Error('usage: js-serve ENTRY [ENV_JSON]');
  const t = sys.transport;
  const guest = createGuest(sys, ctx.argv, ctx.env, { quickjs, memoryBytes: ctx.memoryBytes });
  try {
    const loaded = load(guest, entry);
    if ('error' in loaded) {
      sys.write(2, `js-serve: ${entry}: ${loaded.error}\n`);
      fetchLoadFailed(t, loaded.error);
      return 1;
    }
    const env = toGuest(guest.context, parseEnv(envJson));
    try {
      serveLoop(guest, t, loaded, env);
    } finally {
      env.dispose();
      loaded.target.dispose();
      loaded.serve.dispose();
    }
    const message = guest.endMessage();
    if (message !== undefined) sys.write(2, message);
    return guest.status();
  } finally {
    guest.dispose();
  }
};

interface Handler {
  /** The module's default export. */
  target: QuickJSHandle;
  /** guest/http.js `_serve`. */
  serve: QuickJSHandle;
}

function serveLoop(guest: Guest, t: SyscallTransport, handler: Handler, env: QuickJSHandle): void {
  let request = fetchNext(t);
  while (request !== null) {
    const reply = run(guest, handler, env, request);
    if (reply !== undefined) request = send(t, request.id, reply);
    // The guest ended while handling (process.exit, out of memory, a signal): the host answers 502.
    else if (guest.end) return;
    // The handler's promise is pending with nothing left to settle it: the kernel keeps this
    // process waiting, without a new request, until the request's timeout ends it (504).
    else request = fetchNext(t);
  }
}

type Reply = { response: OutgoingResponse } | { error: string };

/** Run the handler on one request: its response, the text of what it threw, or undefined if the guest ended. */
function run(guest: Guest, handler: Handler, env: QuickJSHandle, request: IncomingRequest): Reply | undefined {
  const ctx = guest.context;
  // Each value across the boundary costs a few microseconds: the head goes as one JSON string (guest/http.js _serve).
  const head = ctx.newString(JSON.stringify([request.method, request.url, request.headers]));
  const body = request.body === null ? ctx.null : toGuest(ctx, request.body);
  const call = ctx.callFunction(handler.serve, ctx.undefined, [handler.target, head, body, env]);
  head.dispose();
  body.dispose();
  if (call.error) {
    // _serve catches what the handler throws; an error here is the guest's end (out of memory, interrupted).
    call.error.dispose();
    return undefined;
  }
  const settled = settle(guest, call.value);
  call.value.dispose();
  // _serve never rejects: what the handler throws comes back as a string.
  if (settled?.type !== 'fulfilled') {
    if (settled?.type === 'rejected') settled.error.dispose();
    return undefined;
  }
  try {
    return readReply(guest, settled.value);
  } finally {
    settled.value.dispose();
  }
}

/** Send the reply and take the next request; a response that cannot be sent becomes a 500 saying why. */
function send(t: SyscallTransport, id: number, reply: Reply): IncomingRequest | null {
  if ('error' in reply) return fetchFailed(t, id, reply.error);
  try {
    return fetchDone(t, id, reply.response);
  } catch (error) {
    if (error instanceof RangeError) return fetchFailed(t, id, error.message);
    if (error instanceof SysError && error.code === 'EFBIG') return fetchFailed(t, id, `the response body is larger than ${MAX_BODY_BYTES} bytes`);
    throw error;
  }
}

type Settled = { type: 'fulfilled'; value: QuickJSHandle } | { type: 'rejected'; error: QuickJSHandle };

/**
 * Run the event loop until `promise` settles: its outcome (handles the
 * caller disposes), or undefined if the guest ended first or nothing was
 * left to settle it. A value that is not a promise is its own outcome.
 * Every look at a settled promise's state makes a new handle; the looks
 * made while waiting are disposed here. Unlike Guest.awaitPromise, the
 * promise jobs are drained before the first look: most handlers settle there.
 */
function settle(guest: Guest, promise: QuickJSHandle): Settled | undefined {
  const ctx = guest.context;
  const look = (): Settled | undefined => {
    const state = ctx.getPromiseState(promise);
    if (state.type === 'pending') return undefined;
    if (state.type === 'rejected') return { type: 'rejected', error: state.error };
    return { type: 'fulfilled', value: state.notAPromise ? promise.dup() : state.value };
  };
  const release = (s: Settled | undefined) => (s?.type === 'fulfilled' ? s.value : s?.error)?.dispose();
  // Most handlers settle within their promise jobs: drain those, then look once.
  guest.runUntil(() => true);
  let outcome = guest.end ? undefined : look();
  if (outcome === undefined && !guest.end) {
    guest.runUntil(() => {
      const seen = look();
      release(seen);
      return seen !== undefined;
    });
    outcome = look();
  }
  if (guest.end) {
    release(outcome);
    return undefined;
  }
  return outcome;
}

/** What _serve settled with: `[headJson]` or `[headJson, ArrayBuffer]` for a response, a string for an error. */
function readReply(guest: Guest, outcome: QuickJSHandle): Reply | undefined {
  const ctx = guest.context;
  const type = ctx.typeof(outcome);
  if (type === 'string') return { error: ctx.getString(outcome) };
  if (type !== 'object') return undefined; // process.exit() in the handler: the guest is ending
  const headHandle = ctx.getProp(outcome, 0);
  const bodyHandle = ctx.getProp(outcome, 1);
  try {
    const head = ctx.typeof(headHandle) === 'string' ? parseHead(ctx.getString(headHandle)) : undefined;
    if (head === undefined) return { error: "the edge function's response could not be read (was the guest's JSON replaced?)" };
    let body: Uint8Array | null = null;
    if (ctx.typeof(bodyHandle) !== 'undefined') {
      const buffer = ctx.getArrayBuffer(bodyHandle);
      try {
        body = buffer.value.slice();
      } finally {
        buffer.dispose();
      }
    }
    return { response: { ...head, body } };
  } finally {
    headHandle.dispose();
    bodyHandle.dispose();
  }
}

/** `[status, statusText, [[name, value], ...]]`, checked: the guest's runtime is the guest's to break. */
function parseHead(json: string): Omit<OutgoingResponse, 'body'> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [status, statusText, headers] = value as unknown[];
  if (typeof status !== 'number' || !Number.isInteger(status) || typeof statusText !== 'string' || !Array.isArray(headers)) return undefined;
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return undefined;
  }
  return { status, statusText, headers: headers as [string, string][] };
}

/** Import the entry and find its handler; the error's text when it cannot serve. */
function load(guest: Guest, entry: string): Handler | { error: string } {
  const ctx = guest.context;
  const http = guest.library('http');
  if ('error' in http) return { error: `the fetch library failed to load: ${http.error.message}` };
  try {
    // A module evaluates to a promise of its namespace (top-level await); ours re-exports the entry's.
    const source = `import * as ns from ${JSON.stringify(entry)};\nexport default ns;`;
    const evaluation = ctx.evalCode(source, `${entry}#serve`, { type: 'module' });
    if (evaluation.error) return { error: takeError(guest, evaluation.error) };
    const settled = settle(guest, evaluation.value);
    evaluation.value.dispose();
    if (!settled) return { error: guest.endMessage()?.trim() ?? 'the module ended the process while loading' };
    if (settled.type === 'rejected') return { error: takeError(guest, settled.error) };
    const ns = ctx.getProp(settled.value, 'default');
    settled.value.dispose();
    const handlerOf = ctx.getProp(http.value, '_handlerOf');
    const target = ctx.callFunction(handlerOf, ctx.undefined, ns);
    handlerOf.dispose();
    ns.dispose();
    if (target.error) return { error: takeError(guest, target.error) };
    return { target: target.value, serve: ctx.getProp(http.value, '_serve') };
  } finally {
    http.value.dispose();
  }
}

/** An error's `Name: message`, and the handle disposed. */
function takeError(guest: Guest, error: QuickJSHandle): string {
  try {
    return describe(guest, error);
  } finally {
    error.dispose();
  }
}

function describe(guest: Guest, error: QuickJSHandle): string {
  const ctx = guest.context;
  const dumped = ctx.dump(error) as { name?: unknown; message?: unknown } | unknown;
  if (typeof dumped === 'object' && dumped !== null && 'message' in dumped) {
    const { name, message } = dumped as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`;
  }
  return String(dumped);
}

function parseEnv(json: string | undefined): Record<string, string> {
  if (json === undefined) return {};
  const env = JSON.parse(json) as unknown;
  if (typeof env !== 'object' || env === null || Array.isArray(env)) throw new Error('js-serve: ENV_JSON must be an object');
  return env as Record<string, string>;
}
