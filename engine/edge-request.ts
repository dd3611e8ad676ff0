/**
 * sb.fetch's first argument, as the edge channel carries it: method, URL,
 * header list and body bytes. A Request, a URL or a URL string; a string
 * without a scheme is resolved against `http://sandbox/` (so `'/hello'`
 * works in Node, where `new Request('/hello')` throws, and in a page alike).
 * A request over a limit is answered here, as a server in front of the
 * handler would: 414 for a URL longer than MAX_URL_LENGTH, 431 for headers
 * over MAX_HEADER_BYTES (RFC 6585 §5), 413 for a body over MAX_BODY_BYTES
 * (RFC 9110 §15.5.14).
 */
import type { EdgeRequest } from './edge-channel.js';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_URL_LENGTH, headerBytes, type HeaderList } from './http-wire.js';
import { readCapped } from './read-body.js';

export const SANDBOX_ORIGIN = 'http://sandbox/';

export type ParsedRequest = { kind: 'request'; request: EdgeRequest } | { kind: 'refused'; status: 413 | 414 | 431; message: string };

export async function parseRequest(input: unknown): Promise<ParsedRequest> {
  if (typeof input === 'string' || input instanceof URL) {
    const url = absoluteUrl(String(input));
    if (url.length > MAX_URL_LENGTH) return tooLong(url);
    return { kind: 'request', request: { method: 'GET', url, headers: [], body: null } };
  }
  if (!(input instanceof Request)) {
    const what = input === null ? 'null' : typeof input === 'object' ? `an object (${Object.prototype.toString.call(input)})` : typeof input;
    throw new TypeError(`sb.fetch: the request must be a Request, a URL or a URL string, got ${what}`);
  }
  if (input.url.length > MAX_URL_LENGTH) return tooLong(input.url);
  const headers: HeaderList = [];
  input.headers.forEach((value, name) => headers.push([name, value]));
  if (headerBytes(headers) > MAX_HEADER_BYTES) {
    return { kind: 'refused', status: 431, message: `the request's headers are larger than ${MAX_HEADER_BYTES} bytes` };
  }
  if (input.bodyUsed) throw new TypeError('sb.fetch: the Request body has already been read');
  let body: Uint8Array<ArrayBuffer> | null = null;
  if (input.body !== null) {
    body = await readCapped(input.body, MAX_BODY_BYTES);
    if (body === null) return { kind: 'refused', status: 413, message: `the request body is larger than ${MAX_BODY_BYTES} bytes` };
  }
  return { kind: 'request', request: { method: input.method, url: input.url, headers, body } };
}

function absoluteUrl(text: string): string {
  try {
    return new URL(text, SANDBOX_ORIGIN).href;
  } catch {
    throw new TypeError(`sb.fetch: invalid URL ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}`);
  }
}

function tooLong(url: string): ParsedRequest {
  return { kind: 'refused', status: 414, message: `the URL is ${url.length} characters long; at most ${MAX_URL_LENGTH}` };
}
