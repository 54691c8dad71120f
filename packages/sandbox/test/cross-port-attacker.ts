/**
 * Test helper for the cross-port CSRF probes (`browser-csrf`, `oauth2-browser-csrf`): an attacker's HTTP server on
 * another loopback port, and the pages it serves to the victim's browser.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Escapes a value for an HTML attribute. */
export const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Answers 200 with an HTML page. */
export function send(res: ServerResponse, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

/** A `no-referrer` page (Chromium then posts `Origin: null`) that submits `fields` to `action` as soon as it loads. */
export function autoSubmitPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${attr(name)}" value="${attr(value)}">`)
    .join('');
  return `<!doctype html><meta name="referrer" content="no-referrer"><form method="post" action="${attr(action)}">${inputs}</form><script>document.forms[0].submit()</script>`;
}

/** Starts the attacker's server on 127.0.0.1 (any port); a route that throws answers 500 with the error. */
export async function startAttacker(
  routes: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    routes(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
