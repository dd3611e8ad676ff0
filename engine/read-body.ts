/**
 * Read a body stream whole, but never more than `max` bytes: a larger body
 * is cancelled as soon as it passes the limit, so an endless or huge stream
 * costs at most `max` bytes of memory.
 */

/** Returns the bytes, or null when the body is larger than `max` (the stream is then cancelled). */
export async function readCapped(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
