import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sidecarRequest } from '../src';

/** A stand-in for the sidecar's HTTP API: answers after `delayMs`, echoing what it received. */
function sidecar(delayMs = 0) {
  const seen: { method?: string; length?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, length: req.headers['content-length'], body });
      const timer = setTimeout(() => {
        res.writeHead(req.url === '/missing' ? 404 : 200, {
          'content-type': 'application/json',
          ETag: '"7"',
        });
        res.end(JSON.stringify({ echoed: body }));
      }, delayMs);
      timer.unref();
    });
  });
  return new Promise<{ url: string; seen: typeof seen; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
      }),
    ),
  );
}

describe('sidecarRequest', () => {
  it('sends the body with its length and gives back status, headers by any case, and the text', async () => {
    const s = await sidecar();
    try {
      const body = JSON.stringify({ name: 'Müsli' });
      const answer = await sidecarRequest(`${s.url}/state`, { method: 'POST', body });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ETag')).toBe('"7"');
      expect(answer.headers.get('x-absent')).toBeNull();
      expect(JSON.parse(answer.text)).toEqual({ echoed: body });
      expect(s.seen[0]).toEqual({ method: 'POST', length: String(Buffer.byteLength(body)), body });
      expect((await sidecarRequest(`${s.url}/missing`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('gives up after its time limit with an error named TimeoutError (what the breaker counts as a timeout)', async () => {
    const s = await sidecar(2_000);
    try {
      const started = Date.now();
      await expect(sidecarRequest(`${s.url}/slow`, { timeoutMs: 100 })).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await s.close();
    }
  });

  it('fails, not hangs, when nothing listens', async () => {
    const s = await sidecar();
    const url = s.url;
    await s.close();
    await expect(sidecarRequest(`${url}/x`, { timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
