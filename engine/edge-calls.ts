/**
 * The edge-function syscalls (engine/abi.ts "edge functions"): a serving
 * process takes requests and answers them (Op.FetchNext, Op.FetchDone,
 * Op.FetchLoadFailed, engine/edge-channel.ts), any JavaScript process may
 * fetch() through the host when the allow-list permits (Op.NetFetch,
 * engine/network-fetch.ts), and bodies larger than the channel move in
 * parts (Op.FetchRead, Op.FetchWrite; the framing is in engine/http-wire.ts).
 * Encodings match runtimes/quickjs/edge-wire.ts.
 */
import { Op, type Wire } from './abi.js';
import { BodyStore } from './edge-bodies.js';
import type { EdgeChannel, EdgeRequest, EdgeResponse } from './edge-channel.js';
import { Errno } from './errno.js';
import { HEAD_ROOM, MAX_BODY_BYTES, headWireBytes, readHeaders, writeHeaders } from './http-wire.js';
import type { Kernel, KernelProcess } from './kernel.js';
import { NetFetchError, fetchAllowed, type NetRequest, type NetResponse } from './network-fetch.js';
import type { Blocked } from './syscall-server.js';
import { Notifier } from './waitable.js';

/** What a process keeps for the edge calls: its request channel when it serves, and its bodies in transit. */
export class EdgeState {
  readonly bodies = new BodyStore();
  constructor(readonly channel?: EdgeChannel) {}
}

const REDIRECT_MODES = new Set(['follow', 'manual', 'error']);

export function serveEdgeCall(kernel: Kernel, proc: KernelProcess, op: Op, req: Wire, res: Wire): number | Blocked {
  const edge = (proc.edge ??= new EdgeState());
  switch (op) {
    case Op.FetchNext:
      return next(edge, res);
    case Op.FetchRead: {
      const id = req.readU32();
      const offset = req.readF64();
      const chunk = edge.bodies.read(id, offset, res.capacity - HEAD_ROOM);
      if (typeof chunk === 'number') return -chunk;
      res.bytesOf(chunk);
      return Errno.OK;
    }
    case Op.FetchWrite: {
      const id = req.readU32();
      const result = edge.bodies.append(id, req.readBytesView());
      if (result < 0) return -result;
      res.u32(result);
      return Errno.OK;
    }
    case Op.FetchDone: {
      // Answering and taking the next request is one call: one wake of the host per request.
      const errno = done(edge, req);
      return errno === Errno.OK ? next(edge, res) : errno;
    }
    case Op.FetchLoadFailed: {
      if (!edge.channel) return Errno.EINVAL;
      edge.channel.loadFailed(req.readStr());
      return Errno.OK;
    }
    case Op.NetFetch:
      return netFetch(kernel, proc, edge, req, res);
    default:
      return Errno.ENOSYS;
  }
}

/** Block until a request is queued; answer `u32 0` when the channel closes, else the request. */
function next(edge: EdgeState, res: Wire): number | Blocked {
  const channel = edge.channel;
  if (!channel) return Errno.EINVAL;
  const take = (): number | Blocked => {
    res.reset();
    const queued = channel.take();
    if (queued === undefined) return { waitOn: [channel], retry: take };
    if (queued === null) {
      res.u32(0);
      return Errno.OK;
    }
    const { method, url, headers } = queued.request;
    res.u32(1).u32(queued.id).str(method).str(url);
    writeHeaders(res, headers);
    writeBody(edge, res, queued.request.body);
    return Errno.OK;
  };
  return take();
}

/** Settle request `id` with the guest's answer: a response, or the message of what its handler threw. */
function done(edge: EdgeState, req: Wire): number {
  const channel = edge.channel;
  if (!channel) return Errno.EINVAL;
  const id = req.readU32();
  const ok = req.readU32() === 1;
  if (!ok) {
    const message = req.readStr();
    edge.bodies.clear();
    return channel.done(id, { kind: 'error', message }) ? Errno.OK : Errno.EINVAL;
  }
  const status = req.readU32();
  const statusText = req.readStr();
  const headers = readHeaders(req);
  const body = readBody(edge, req);
  // The request's unread body, if the handler never read it, goes with the request.
  edge.bodies.clear();
  if (typeof body === 'number') {
    // The request is answered here, with a 500 saying why, and the process goes on to the next one.
    const message = body === Errno.EFBIG ? `the response body is larger than ${MAX_BODY_BYTES} bytes` : `the response body could not be assembled (errno ${body})`;
    return channel.done(id, { kind: 'error', message }) ? Errno.OK : Errno.EINVAL;
  }
  const response: EdgeResponse = { status, statusText, headers, body };
  return channel.done(id, { kind: 'response', response }) ? Errno.OK : Errno.EINVAL;
}

/**
 * A guest fetch(): refused at once unless the allow-list permits the URL,
 * else the worker stays blocked until the host's fetch settles. The fetch
 * is aborted if the process ends first.
 */
function netFetch(kernel: Kernel, proc: KernelProcess, edge: EdgeState, req: Wire, res: Wire): number | Blocked {
  const method = req.readStr();
  const url = req.readStr();
  const headers = readHeaders(req);
  const redirect = req.readStr();
  const body = readBody(edge, req);
  if (typeof body === 'number') return body;
  if (!REDIRECT_MODES.has(redirect)) return Errno.EINVAL;
  const refusal = kernel.network.refusal(url);
  if (refusal !== undefined) return answerNet(edge, res, { error: refusal });

  const request: NetRequest = { method, url, headers, body, redirect: redirect as NetRequest['redirect'] };
  const settled = new Settled();
  const abort = new AbortController();
  const stopOnEnd = proc.endNotice.subscribe(() => abort.abort());
  fetchAllowed(kernel.network, request, abort.signal).then(
    (response) => settled.set({ response }),
    (error: unknown) => settled.set({ error: error instanceof NetFetchError ? error.message : `fetch: ${String(error)}` }),
  );
  const check = (): number | Blocked => {
    if (settled.outcome === undefined) return { waitOn: [settled], retry: check };
    stopOnEnd();
    res.reset();
    return answerNet(edge, res, settled.outcome);
  };
  return check();
}

type NetOutcome = { response: NetResponse } | { error: string };

/** `u32 0, str message` for a failed fetch; `u32 1`, status, statusText, url, redirected, headers, body otherwise. */
function answerNet(edge: EdgeState, res: Wire, outcome: NetOutcome): number {
  if ('error' in outcome) {
    res.u32(0).str(outcome.error);
    return Errno.OK;
  }
  const r = outcome.response;
  if (headWireBytes([r.statusText, r.url], r.headers) > res.capacity / 2) {
    res.u32(0).str(`fetch: the response headers of ${r.url} are too large`);
    return Errno.OK;
  }
  res.u32(1).u32(r.status).str(r.statusText).str(r.url).u32(r.redirected ? 1 : 0);
  writeHeaders(res, r.headers);
  writeBody(edge, res, r.body);
  return Errno.OK;
}

/** Kernel → guest body: f64 length (-1 null), u32 id of the rest (0 none), the first part inline. */
function writeBody(edge: EdgeState, res: Wire, body: Uint8Array | null): void {
  if (body === null) {
    res.f64(-1).u32(0).u32(0);
    return;
  }
  const room = res.capacity - res.pos - 12 - HEAD_ROOM;
  const { inline, id } = edge.bodies.offer(body, room);
  res.f64(body.byteLength).u32(id).bytesOf(inline);
}

/** Guest → kernel body: f64 length (-1 null), u32 id of the staged part (0 none), the last part inline. */
function readBody(edge: EdgeState, req: Wire): Uint8Array<ArrayBuffer> | null | number {
  const length = req.readF64();
  const id = req.readU32();
  const tail = req.readBytesView();
  if (length === -1) return null;
  const body = edge.bodies.take(id, tail, length);
  return typeof body === 'number' ? -body : body;
}

/** A promise's outcome, as something a blocked syscall can wait on. */
class Settled extends Notifier {
  outcome: NetOutcome | undefined;
  set(outcome: NetOutcome): void {
    this.outcome = outcome;
    this.notify();
  }
}
