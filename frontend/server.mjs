// The storefront's HTTP server: `next start` with one change. The gateway rate-limits per client,
// and the storefront tells it who the client is in X-Forwarded-For; a browser could send any value
// there and get a fresh budget per value. So the address comes from the socket, and a value the
// client sent is dropped, unless STOREFRONT_TRUST_PROXY=1 says a reverse proxy in front sets it.
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? '127.0.0.1';
const trustProxy = process.env.STOREFRONT_TRUST_PROXY === '1';

const app = next({ dev: false, dir: path.dirname(new URL(import.meta.url).pathname), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  if (!trustProxy) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  handle(req, res);
}).listen(port, hostname, () => {
  process.stdout.write(`storefront listening on http://${hostname}:${port}\n`);
});
