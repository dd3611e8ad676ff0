/**
 * A guest's fetch(), served by the host's own fetch for URLs the sandbox's
 * allow-list permits (engine/network.ts). Redirects are never left to the
 * host: every request goes out with `redirect: 'manual'`, and a Location is
 * followed only when it is allowed too, by the rules of the Fetch spec's
 * "HTTP-redirect fetch" (https://fetch.spec.whatwg.org/#http-redirect-fetch).
 * The whole response body is read here (up to MAX_BODY_BYTES), so the guest
 * gets it in one piece.
 */
import type { EdgeRequest, EdgeResponse } from './edge-channel.js';
import { MAX_BODY_BYTES, type HeaderList } from './http-wire.js';
import type { NetworkPolicy } from './network.js';
import { readCapped } from './read-body.js';

export interface NetRequest extends EdgeRequest {
  redirect: 'follow' | 'manual' | 'error';
}

export interface NetResponse extends EdgeResponse {
  /** The URL of the last request made (after redirects). */
  url: string;
  redirected: boolean;
}

/** A failed guest fetch; its message becomes the guest's TypeError (what fetch() rejects with). */
export class NetFetchError extends Error {}

/** The Fetch spec's limit: "If request's redirect count is 20, then return a network error." */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Fetch spec "request-body-header name": dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);

export async function fetchAllowed(policy: NetworkPolicy, request: NetRequest, signal: AbortSignal): Promise<NetResponse> {
  let { method, url, headers, body } = request;
  for (let redirects = 0; ; redirects++) {
    const refusal = policy.refusal(url);
    if (refusal !== undefined) throw new NetFetchError(redirects === 0 ? refusal : `${refusal} (reached by a redirect)`);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, redirect: 'manual', signal });
    } catch (error) {
      throw new NetFetchError(`fetch: ${url}: ${describe(error)}`);
    }
    if (response.type === 'opaqueredirect') {
      // Browsers hide a manual redirect's status and Location (Fetch spec "opaque-redirect filtered response").
      throw new NetFetchError(`fetch: ${url} answered with a redirect, which this platform hides from the sandbox; fetch the final URL directly`);
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null || request.redirect === 'manual') {
      return { status: response.status, statusText: response.statusText, headers: listOf(response.headers), body: await readBody(response, url), url, redirected: redirects > 0 };
    }
    await response.body?.cancel().catch(() => {});
    if (request.redirect === 'error') throw new NetFetchError(`fetch: ${url} redirected to ${location} and the request's redirect mode is 'error'`);
    if (redirects === MAX_REDIRECTS) throw new NetFetchError(`fetch: more than ${MAX_REDIRECTS} redirects, starting at ${request.url}`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new NetFetchError(`fetch: ${url} redirected to an invalid location ${JSON.stringify(location)}`);
    }
    // Step 12: 301/302 turn a POST into a GET, 303 turns anything but GET/HEAD into a GET.
    const status = response.status;
    if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      body = null;
      headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
    }
    // Step 13: credentials do not follow a redirect to another origin.
    if (next.origin !== new URL(url).origin) headers = headers.filter(([name]) => name.toLowerCase() !== 'authorization');
    url = next.href;
  }
}

function listOf(headers: Headers): HeaderList {
  const out: HeaderList = [];
  headers.forEach((value, name) => out.push([name, value]));
  return out;
}

async function readBody(response: Response, url: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (response.body === null) return null;
  const bytes = await readCapped(response.body, MAX_BODY_BYTES);
  if (bytes === null) throw new NetFetchError(`fetch: the response body of ${url} is larger than ${MAX_BODY_BYTES} bytes`);
  return bytes;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the reason is in `cause` (ECONNREFUSED, ...).
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
