/**
 * The guest's end of the edge-function syscalls (engine/edge-calls.ts):
 * take a request, answer it, report a module that cannot serve, and make a
 * fetch through the host. Bodies of any size up to MAX_BODY_BYTES move in
 * parts as engine/http-wire.ts describes.
 */
import { Op } from '../../engine/abi.js';
import { errnoName } from '../../engine/errno.js';
import { HEAD_ROOM, MAX_BODY_BYTES, headWireBytes, readHeaders, writeHeaders, type HeaderList } from '../../engine/http-wire.js';
import type { SyscallTransport } from '../syscall-client.js';
import { SysError } from '../sys.js';

export interface IncomingRequest {
  id: number;
  method: string;
  url: string;
  headers: HeaderList;
  body: Uint8Array | null;
}

export interface OutgoingResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  body: Uint8Array | null;
}

export type NetAnswer =
  | { error: string }
  | { status: number; statusText: string; url: string; redirected: boolean; headers: HeaderList; body: Uint8Array | null };

function check(errno: number, syscall: string): void {
  if (errno !== 0) throw new SysError(errnoName(errno), syscall);
}

/** Block until the host hands over a request; null when the host wants this process to exit. */
export function fetchNext(t: SyscallTransport): IncomingRequest | null {
  t.begin();
  check(t.call(Op.FetchNext), 'fetch_next');
  return readRequest(t);
}

/** The answer of FetchNext (and of FetchDone, which waits for the next request too). */
function readRequest(t: SyscallTransport): IncomingRequest | null {
  const r = t.response;
  if (r.readU32() === 0) return null;
  const id = r.readU32();
  const method = r.readStr();
  const url = r.readStr();
  const headers = readHeaders(r);
  return { id, method, url, headers, body: readBody(t) };
}

/** Answer request `id` with a response, then block for the next request (as fetchNext). */
export function fetchDone(t: SyscallTransport, id: number, response: OutgoingResponse): IncomingRequest | null {
  if (headWireBytes([response.statusText], response.headers) > t.maxPayload / 2) throw new RangeError("the edge function's response headers are too large");
  if (response.body !== null && response.body.byteLength > MAX_BODY_BYTES) throw new RangeError(`the response body is larger than ${MAX_BODY_BYTES} bytes`);
  const staged = stageBody(t, response.body, headWireBytes([response.statusText], response.headers));
  const w = t.begin().u32(id).u32(1).u32(response.status).str(response.statusText);
  writeHeaders(w, response.headers);
  writeBodyTail(w, response.body, staged);
  check(t.call(Op.FetchDone), 'fetch_done');
  return readRequest(t);
}

/** Answer request `id` with the message of what the handler threw (the host sends a 500), then block for the next. */
export function fetchFailed(t: SyscallTransport, id: number, message: string): IncomingRequest | null {
  t.begin().u32(id).u32(0).str(clip(message, t.maxPayload / 4));
  check(t.call(Op.FetchDone), 'fetch_done');
  return readRequest(t);
}

/** The module cannot serve: say why; the host rejects the requests waiting with EdgeFunctionError. */
export function fetchLoadFailed(t: SyscallTransport, message: string): void {
  t.begin().str(clip(message, t.maxPayload / 4));
  check(t.call(Op.FetchLoadFailed), 'fetch_load_failed');
}

/** fetch() through the host: blocks until the whole response is here, or says why there is none. */
export function netFetch(t: SyscallTransport, method: string, url: string, headers: HeaderList, redirect: string, body: Uint8Array | null): NetAnswer {
  const head = headWireBytes([method, url, redirect], headers);
  if (head > t.maxPayload / 2) return { error: 'fetch: the request URL and headers are too large' };
  if (body !== null && body.byteLength > MAX_BODY_BYTES) return { error: `fetch: the request body is larger than ${MAX_BODY_BYTES} bytes` };
  const staged = stageBody(t, body, head);
  const w = t.begin().str(method).str(url);
  writeHeaders(w, headers);
  w.str(redirect);
  writeBodyTail(w, body, staged);
  check(t.call(Op.NetFetch), 'net_fetch');
  const r = t.response;
  if (r.readU32() === 0) return { error: r.readStr() };
  const status = r.readU32();
  const statusText = r.readStr();
  const finalUrl = r.readStr();
  const redirected = r.readU32() === 1;
  const answerHeaders = readHeaders(r);
  return { status, statusText, url: finalUrl, redirected, headers: answerHeaders, body: readBody(t) };
}

/** A body the kernel sends: length, id of the rest, first part; reads the rest with FetchRead. */
function readBody(t: SyscallTransport): Uint8Array | null {
  const r = t.response;
  const length = r.readF64();
  const id = r.readU32();
  const first = r.readBytes();
  if (length === -1) return null;
  if (id === 0) return first;
  const body = new Uint8Array(length);
  body.set(first);
  let at = first.byteLength;
  while (at < length) {
    t.begin().u32(id).f64(at);
    check(t.call(Op.FetchRead), 'fetch_read');
    const chunk = t.response.readBytesView();
    if (chunk.byteLength === 0) throw new SysError('EIO', 'fetch_read');
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * Send all but the last part of a body that does not fit beside its message
 * head with FetchWrite; returns the staged id (0 for none) and where the
 * inline tail starts.
 */
function stageBody(t: SyscallTransport, body: Uint8Array | null, head: number): { id: number; from: number } {
  if (body === null) return { id: 0, from: 0 };
  const inlineMax = t.maxPayload - head - HEAD_ROOM;
  if (body.byteLength <= inlineMax) return { id: 0, from: 0 };
  const part = t.maxPayload - HEAD_ROOM;
  let id = 0;
  let from = 0;
  while (body.byteLength - from > inlineMax) {
    const end = Math.min(from + part, body.byteLength);
    t.begin().u32(id).bytesOf(body.subarray(from, end));
    check(t.call(Op.FetchWrite), 'fetch_write');
    id = t.response.readU32();
    from = end;
  }
  return { id, from };
}

function writeBodyTail(w: ReturnType<SyscallTransport['begin']>, body: Uint8Array | null, staged: { id: number; from: number }): void {
  if (body === null) w.f64(-1).u32(0).u32(0);
  else w.f64(body.byteLength).u32(staged.id).bytesOf(body.subarray(staged.from));
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
