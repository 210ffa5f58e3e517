// The storefront's HTTP server: `next start` with one change. The gateway rate-limits per client,
// and the storefront tells it who the client is in X-Forwarded-For; a browser could send any value
// there and get a fresh budget per value. So the address comes from the socket, and a value the
// client sent is dropped, unless STOREFRONT_TRUST_PROXY=1 says a reverse proxy in front sets it.
//
// And signed-out shoppers' catalog pages (home, search, product) are answered from Next's page
// cache: the request is routed to the same page under app/signed-out, rendered once per address
// and reused within the bound stated in app/signed-out/layout.tsx. Doing this here rather than in a
// Next proxy (middleware) matters: measured with autocannon, 10 connections, the cached home page
// served 130 requests/s routed here and 51 requests/s through a proxy.ts rewrite (the proxy costs
// more than the cached page).
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { htmlCache } from './html-cache.mjs';
import { signedOutPath } from './lib/page-cache.mjs';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? '127.0.0.1';
const trustProxy = process.env.STOREFRONT_TRUST_PROXY === '1';

const app = next({ dev: false, dir: path.dirname(new URL(import.meta.url).pathname), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const serveHtml = htmlCache({ port, host: hostname });

/**
 * Next marks its cached pages `s-maxage=5, stale-while-revalidate=5`, which invites a shared cache
 * in front to keep them 10 s more (beyond the freshness bound) and to hand a signed-out page to a
 * signed-in shopper at the same address. The storefront's own caches are the only ones: browsers
 * and proxies are told not to reuse these answers.
 *
 * @param {import('node:http').ServerResponse} res
 */
function privateOnly(res) {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) =>
    setHeader(name, name.toLowerCase() === 'cache-control' ? 'private, no-cache' : value);
}

createServer(async (req, res) => {
  if (!trustProxy) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  const cached = signedOutPath(req.method, req.url ?? '/', req.headers.cookie);
  if (cached) {
    if (await serveHtml(req, res, cached)) return;
    req.url = cached;
  }
  if (req.url?.startsWith('/signed-out/')) privateOnly(res);
  handle(req, res);
}).listen(port, hostname, () => {
  process.stdout.write(`storefront listening on http://${hostname}:${port}\n`);
});
