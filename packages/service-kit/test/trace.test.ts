import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  createLogger,
  createServiceApp,
  currentTraceContext,
  Dapr,
  mongoOutbox,
  newTraceparent,
  relayOutbox,
  traceIdOf,
  withTraceContext,
} from '../src';

const logger = createLogger('test');
logger.level = 'silent';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** The trace context a route sees, after the JSON body was read (stream callbacks lose the async context). */
const app = createServiceApp({
  service: 'test',
  logger,
  routes: (app) => {
    app.post('/seen', async (req, res) => {
      await new Promise((r) => setTimeout(r, 5)); // and across an await
      res.json({ body: req.body, context: currentTraceContext() ?? null });
    });
  },
});

/** A stand-in for the sidecar's HTTP API that records the headers of each call. */
async function recordingSidecar() {
  const calls: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(req.url?.startsWith('/v1.0/publish/') ? 204 : 200, {
        'content-type': 'application/json',
      });
      res.end(req.url?.startsWith('/v1.0/publish/') ? undefined : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dapr = new Dapr({ httpPort: (server.address() as AddressInfo).port, apiToken: 'token' });
  return { calls, dapr, close: () => server.close() };
}

describe('trace context', () => {
  it('continues a caller’s traceparent for the whole request, body and awaits included', async () => {
    const res = await request(app)
      .post('/seen')
      .set('traceparent', TRACEPARENT)
      .set('tracestate', 'vendor=1')
      .send({ a: 1 })
      .expect(200);
    expect(res.body).toEqual({
      body: { a: 1 },
      context: { traceparent: TRACEPARENT, tracestate: 'vendor=1' },
    });
  });

  it('starts a new sampled trace for a request that brings none, or a malformed or all-zero one', async () => {
    for (const given of [undefined, 'nope', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      const req = request(app).post('/seen').send({});
      const res = await (given ? req.set('traceparent', given) : req).expect(200);
      const started = res.body.context.traceparent as string;
      expect(traceIdOf(started)).toMatch(/^[0-9a-f]{32}$/);
      expect(started).toMatch(/-01$/);
      expect(started).not.toBe(given);
    }
    expect(newTraceparent(0)).toMatch(/-00$/);
  });

  it('is sent on every call through the sidecar made within it, unless the caller names one', async () => {
    const sidecar = await recordingSidecar();
    try {
      await withTraceContext({ traceparent: TRACEPARENT, tracestate: 'v=1' }, () =>
        sidecar.dapr.invoke('payment', '/payments', { method: 'POST', body: {} }),
      );
      const own = '00-11111111111111111111111111111111-2222222222222222-01';
      await withTraceContext({ traceparent: TRACEPARENT, tracestate: 'v=1' }, () =>
        sidecar.dapr.invoke('payment', '/payments', { headers: { traceparent: own } }),
      );
      await sidecar.dapr.invoke('payment', '/payments');
      expect(sidecar.calls.map((c) => [c.headers.traceparent, c.headers.tracestate])).toEqual([
        [TRACEPARENT, 'v=1'],
        [own, undefined],
        [undefined, undefined],
      ]);
    } finally {
      sidecar.close();
    }
  });

  it('the relay publishes each outbox event with the context it was stored with', async () => {
    const sidecar = await recordingSidecar();
    const payload = (n: number) => ({
      eventId: `00000000-0000-4000-8000-00000000000${n}`,
      occurredAt: new Date(0).toISOString(),
      orderId: `00000000-0000-4000-8000-00000000010${n}`,
      reason: 'x',
    });
    const store = mongoOutbox({
      pending: async () => ({
        ready: [
          { id: 'e1', topic: 'stock.released', payload: payload(1), trace: { traceparent: TRACEPARENT } },
          { id: 'e2', topic: 'stock.released', payload: payload(2) },
        ],
      }),
      markPublished: async () => undefined,
    });
    try {
      // A relay pass woken inside some request still publishes each event with its own context.
      const other = '00-99999999999999999999999999999999-2222222222222222-01';
      expect(await withTraceContext({ traceparent: other }, () => relayOutbox(store, sidecar.dapr))).toBe(2);
      expect(sidecar.calls.map((c) => [c.url, c.headers.traceparent, JSON.parse(c.body).orderId])).toEqual([
        ['/v1.0/publish/pubsub/stock.released', TRACEPARENT, payload(1).orderId],
        ['/v1.0/publish/pubsub/stock.released', undefined, payload(2).orderId],
      ]);
      expect(sidecar.calls[0]?.headers['dapr-api-token']).toBe('token');
    } finally {
      sidecar.close();
    }
  });

  it('a publish the sidecar refuses is an error naming the topic and the answer', async () => {
    const server = http.createServer((_req, res) => res.writeHead(500).end('ERR_PUBSUB_PUBLISH_MESSAGE'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dapr = new Dapr({ httpPort: (server.address() as AddressInfo).port });
    try {
      await expect(
        dapr.publish('stock.released', {
          eventId: '00000000-0000-4000-8000-000000000001',
          occurredAt: new Date(0).toISOString(),
          orderId: '00000000-0000-4000-8000-000000000101',
          reason: 'x',
        }),
      ).rejects.toThrow('publish to stock.released failed: 500 ERR_PUBSUB_PUBLISH_MESSAGE');
    } finally {
      server.close();
    }
  });
});
