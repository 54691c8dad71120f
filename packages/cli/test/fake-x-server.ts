/**
 * Test helper: {@link fakeXMedia} behind a loopback HTTP server, for CLI commands run in-process; every
 * request is checked against X's OpenAPI document (the server's origin stands in for api.x.com).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeXMedia } from '@oauth1x/test-kit/x/fake-x-media.js';
import { specFetch } from '@oauth1x/test-kit/x/spec-fetch.js';

/**
 * Starts the fake on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const x = await fakeXServer();
 * await x.close();
 * ```
 */
export async function fakeXServer(options: Parameters<typeof fakeXMedia>[0] = {}) {
  const fake = fakeXMedia(options);
  let spec: ReturnType<typeof specFetch> | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const request = new Request(`${url}${req.url}`, { method: req.method, headers, body });
      let response: Response;
      try {
        response = await (spec as ReturnType<typeof specFetch>).fetch(request);
      } catch (error) {
        response = new Response(JSON.stringify({ title: 'Spec violation', detail: String(error) }), { status: 599 });
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  spec = specFetch(fake.handle, { origin: url });
  const { seen, violations } = spec;
  return {
    url,
    fake,
    seen,
    violations,
    ops: () => seen.map((s) => s.operationId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
