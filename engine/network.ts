/**
 * The sandbox's network allow-list (issue 5: no network by default). A
 * guest's fetch() is refused unless the sandbox was created with
 * `network: { allow: [...] }` and the URL falls under one of those
 * prefixes; engine/network-fetch.ts then serves it with the host's fetch,
 * checking every redirect against the same list.
 *
 * Prefixes and candidates are compared after WHATWG URL parsing
 * (https://url.spec.whatwg.org/#concept-basic-url-parser), never as raw
 * strings: the parser lowercases the host, drops default ports and folds
 * `.`, `..` and their percent-encoded forms (`%2e%2e`, the "double-dot
 * path segment" of the URL spec) out of the path, so
 * `http://allowed.com.evil.com/` has host `allowed.com.evil.com` and
 * `http://allowed.com/api/%2e%2e/admin` has path `/admin`. Encoded slashes
 * and dots that survive parsing (`%2f`, `%5c`, `%2e`) are refused outright:
 * a server that decodes them before resolving the path would see a
 * different path than the one we checked.
 */

export interface NetworkOptions {
  /**
   * URL prefixes guest code may fetch, e.g. `https://api.example.com/v1/`.
   * http and https only; compared by origin (scheme, host, port) and then
   * by path at segment boundaries: `/v1` allows `/v1`, `/v1/x` and `/v1?q`,
   * not `/v1x`. No credentials, query or fragment in a prefix.
   */
  allow?: string[];
}

export const NETWORK_DISABLED_MESSAGE =
  'fetch: network access is disabled in this sandbox; allow URL prefixes with Sandbox.create({ network: { allow: [...] } })';

/** Prefixes at most; a longer list is almost certainly a mistake (or an attack on the option parser). */
const MAX_PREFIXES = 1000;
const ENCODED_SEPARATOR = /%(2f|5c|2e)/i;

interface Prefix {
  origin: string;
  /** The path, always ending in `/` (a prefix `/v1` is kept as `/v1/`, matching `/v1` itself too). */
  path: string;
  text: string;
}

export class NetworkPolicy {
  private constructor(private readonly prefixes: readonly Prefix[]) {}

  static readonly disabled = new NetworkPolicy([]);

  /** Check the `network` option of Sandbox.create; a TypeError says what is wrong. */
  static from(option: unknown): NetworkPolicy {
    if (option === undefined) return NetworkPolicy.disabled;
    if (typeof option !== 'object' || option === null || Array.isArray(option)) {
      throw new TypeError('network must be an object like { allow: ["https://api.example.com/"] }');
    }
    for (const key of Object.keys(option)) {
      if (key !== 'allow') throw new TypeError(`unknown network option '${key}'; known options: allow`);
    }
    const allow = (option as NetworkOptions).allow;
    if (allow === undefined) return NetworkPolicy.disabled;
    if (!Array.isArray(allow)) throw new TypeError('network.allow must be an array of URL prefixes (strings)');
    if (allow.length > MAX_PREFIXES) throw new RangeError(`network.allow has ${allow.length} prefixes; at most ${MAX_PREFIXES}`);
    return new NetworkPolicy(allow.map((entry, i) => parsePrefix(entry, i)));
  }

  get enabled(): boolean {
    return this.prefixes.length > 0;
  }

  /** The allowed prefixes, as given. */
  get allowed(): string[] {
    return this.prefixes.map((p) => p.text);
  }

  /**
   * Why `url` may not be fetched, or undefined when it may. `url` must be
   * absolute; the reason names the URL and the rule it broke.
   */
  refusal(url: string): string | undefined {
    if (!this.enabled) return NETWORK_DISABLED_MESSAGE;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `fetch: invalid URL ${JSON.stringify(url)}`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `fetch: ${parsed.protocol} URLs are not allowed (http and https only): ${parsed.href}`;
    if (parsed.username !== '' || parsed.password !== '') return `fetch: URLs with credentials are not allowed: ${redact(parsed)}`;
    if (ENCODED_SEPARATOR.test(parsed.pathname)) return `fetch: encoded '/', '\\' or '.' in a path are not allowed: ${parsed.href}`;
    const path = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`;
    for (const prefix of this.prefixes) {
      if (parsed.origin === prefix.origin && path.startsWith(prefix.path)) return undefined;
    }
    return `fetch: ${parsed.href} is not in the sandbox's network allow-list (${this.allowed.join(', ')})`;
  }
}

function parsePrefix(entry: unknown, index: number): Prefix {
  const where = `network.allow[${index}]`;
  if (typeof entry !== 'string') throw new TypeError(`${where} must be a string URL prefix, got ${entry === null ? 'null' : typeof entry}`);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new TypeError(`${where} is not an absolute URL: ${JSON.stringify(entry)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${where} must be an http or https URL, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new TypeError(`${where} must not contain credentials`);
  if (url.search !== '' || url.hash !== '' || entry.includes('?') || entry.includes('#')) {
    throw new TypeError(`${where} must not contain a query or fragment: ${JSON.stringify(entry)}`);
  }
  if (ENCODED_SEPARATOR.test(url.pathname)) throw new TypeError(`${where} must not contain encoded '/', '\\' or '.'`);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { origin: url.origin, path, text: entry };
}

function redact(url: URL): string {
  return `${url.protocol}//***@${url.host}${url.pathname}`;
}
