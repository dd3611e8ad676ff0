/**
 * How HTTP messages cross the syscall channel (engine/abi.ts, Op.Fetch* and
 * Op.NetFetch), shared by the kernel (engine/edge-calls.ts) and the guest
 * runtime (runtimes/quickjs/edge-wire.ts).
 *
 * A message head is positional like every other request: headers as a count
 * and name/value pairs, in order (a Fetch "header list" is ordered and may
 * repeat names, https://fetch.spec.whatwg.org/#concept-header-list).
 *
 * Bodies may be larger than the 1 MiB channel, so a body travels as
 * `f64 length` (-1 for a null body, which is not the same as an empty one:
 * https://fetch.spec.whatwg.org/#concept-body), a `u32 id` and an inline
 * first or last part:
 * - kernel → guest (a request for the handler, a guest fetch's response):
 *   the answer carries the first part inline; when more remains, `id` names
 *   the rest, which the guest reads with Op.FetchRead(id, offset); the
 *   kernel forgets it once the last byte is read.
 * - guest → kernel (the handler's response, a guest fetch's request): the
 *   guest first appends all but the last part with Op.FetchWrite(id, bytes)
 *   (id 0 starts a new staged body and the answer names it), then sends the
 *   message with that id and the last part inline.
 */
import type { Wire } from './abi.js';

export type HeaderList = [string, string][];

/** The most bytes of message bodies either direction accepts (request or response). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Header names and values together, counted as UTF-16 units; a bigger head is refused (431 / TypeError). */
export const MAX_HEADER_BYTES = 256 * 1024;
/** A longer URL is refused (414 / TypeError), as servers do (RFC 9110 §4.1 recommends at least 8000). */
export const MAX_URL_LENGTH = 64 * 1024;
/** Room kept in a channel answer for the message head, when deciding how much body fits inline. */
export const HEAD_ROOM = 64;

export function writeHeaders(w: Wire, headers: HeaderList): void {
  w.u32(headers.length);
  for (const [name, value] of headers) w.str(name).str(value);
}

export function readHeaders(w: Wire): HeaderList {
  const out: HeaderList = [];
  for (let n = w.readU32(); n > 0; n--) out.push([w.readStr(), w.readStr()]);
  return out;
}

/** The size of a header list as limits count it. */
export function headerBytes(headers: HeaderList): number {
  let n = 0;
  for (const [name, value] of headers) n += name.length + value.length + 4;
  return n;
}

/** Bytes a head takes on the wire, upper bound (UTF-8 is at most 3 bytes per UTF-16 unit). */
export function headWireBytes(strings: string[], headers: HeaderList): number {
  let n = 16;
  for (const s of strings) n += 4 + s.length * 3;
  for (const [name, value] of headers) n += 8 + (name.length + value.length) * 3;
  return n;
}
