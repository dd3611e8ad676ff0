/**
 * A small HTTP server for the network allow-list tests, in Node only (the
 * browser project fetches from the vitest server's own origin instead).
 * Imported with a dynamic import so the browser bundle never sees node:http.
 *   /api/hello         200 "hello from the host", x-served-by: test
 *   /api/echo          the method, headers and body, as JSON (body in base64)
 *   /api/big?n=BYTES   n bytes of a repeating 0..250 pattern
 *   /api/redirect-in   302 to /api/hello
 *   /api/redirect-out  302 to /private/secret (outside /api/)
 *   /api/redirect-post 303 to /api/echo
 *   /private/secret    200 "secret"; every hit is counted in `hits`
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  origin: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      switch (url.pathname) {
        case '/api/hello':
          res.writeHead(200, 'Fine', { 'content-type': 'text/plain', 'x-served-by': 'test' }).end('hello from the host');
          return;
        case '/api/echo':
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, headers: req.headers, body: body.toString('base64') }));
          return;
        case '/api/big': {
          const n = Number(url.searchParams.get('n'));
          const out = Buffer.alloc(n);
          for (let i = 0; i < n; i++) out[i] = i % 251;
          res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(out);
          return;
        }
        case '/api/redirect-in':
          res.writeHead(302, { location: '/api/hello' }).end();
          return;
        case '/api/redirect-out':
          res.writeHead(302, { location: '/private/secret' }).end();
          return;
        case '/api/redirect-post':
          res.writeHead(303, { location: '/api/echo' }).end();
          return;
        case '/private/secret':
          res.writeHead(200).end('secret');
          return;
        default:
          res.writeHead(404).end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
