/** Text of a file's bytes. `Sys.readFile` returns a fresh, unshared array, which TextDecoder takes in every browser. */
const decoder = new TextDecoder();

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes as Uint8Array<ArrayBuffer>);
}
