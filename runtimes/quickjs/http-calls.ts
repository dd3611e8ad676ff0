/**
 * The host call behind the guest's fetch() (guest/http.js): one NetFetch
 * syscall (runtimes/quickjs/edge-wire.ts). The kernel decides whether the
 * URL may be fetched at all (engine/network.ts); a refusal or a network
 * error comes back as `{ error }`, which the guest turns into a TypeError.
 */
import type { HeaderList } from '../../engine/http-wire.js';
import { KernelSys } from '../kernel-sys.js';
import { MAX_BODY_BYTES } from '../../engine/http-wire.js';
import { SysError, type Sys } from '../sys.js';
import { netFetch } from './edge-wire.js';
import type { HostCall } from './host-calls.js';
import type { HostArgs } from './marshal.js';

export const HTTP_CALLS: Record<string, HostCall> = {
  netFetch(sys, a) {
    const headers = headerList(a);
    const body = a.type(4) === 'object' && a.ctx.dump(a.handle(4)) === null ? null : bytes(a.data(4));
    try {
      return netFetch(transportOf(sys), a.str(0), a.str(1), headers, a.str(3), body);
    } catch (error) {
      // Staging a body past the kernel's limit: a failed fetch, as the guest expects one (a TypeError).
      if (error instanceof SysError && error.code === 'EFBIG') return { error: `fetch: the request body is larger than ${MAX_BODY_BYTES} bytes` };
      throw error;
    }
  },
  // Fetch's "UTF-8 encode" and "UTF-8 decode" (the latter drops a leading BOM and replaces bad bytes), natively.
  utf8Encode: (_sys, a) => encoder.encode(a.str(0)),
  utf8Decode: (_sys, a) => decoder.decode(a.data(0) as Uint8Array<ArrayBuffer>),
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function transportOf(sys: Sys) {
  if (!(sys instanceof KernelSys)) throw new Error('fetch needs the kernel channel');
  return sys.transport;
}

/** The guest's header list: an array of [name, value] string pairs (guest/http.js checked the names and values). */
function headerList(a: HostArgs): HeaderList {
  const list = a.ctx.dump(a.handle(2)) as unknown;
  if (!Array.isArray(list)) throw new TypeError('fetch: headers must be a list of pairs');
  return list.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new TypeError('fetch: headers must be a list of [name, value] string pairs');
    }
    return [pair[0], pair[1]] as [string, string];
  });
}

function bytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}
