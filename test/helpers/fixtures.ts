/**
 * The compiled test programs (test/fixtures/bin), loaded the same way in Node
 * and in Chromium: Vite inlines each as a data URL, decoded here.
 */
const inlined = import.meta.glob('../fixtures/bin/*.wasm', { query: '?inline', import: 'default', eager: true }) as Record<string, string>;

const cache = new Map<string, Uint8Array>();

export function fixture(name: string): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    const url = inlined[`../fixtures/bin/${name}.wasm`];
    if (!url) throw new Error(`no fixture ${name}: run 'npm run fixtures'`);
    const binary = atob(url.slice(url.indexOf(',') + 1));
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    cache.set(name, bytes);
  }
  return bytes;
}

/** Every fixture installed under /usr/bin, for Sandbox.create({ files }). */
export function fixtureFiles(...names: string[]): Record<string, Uint8Array> {
  return Object.fromEntries(names.map((n) => [`/usr/bin/${n}`, fixture(n)]));
}

export const ALL_FIXTURES = ['hello', 'cat', 'iostress', 'loop', 'memhog', 'trap', 'sleeper', 'exitcode', 'walker', 'cpu', 'cwd', 'stdio', 'syscalls'];

export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let out = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) out += decoder.decode(chunk, { stream: true });
  return out + decoder.decode();
}
