import request from 'supertest';
import { z } from 'zod';
import { createLogger, createServiceApp, HttpProblem, parseBody, Subscriptions, traceIdOf } from '../src';

const logger = createLogger('test');
logger.level = 'silent';

const Body = z.strictObject({
  name: z.string().min(1),
  price: z.object({ amount: z.number().int().min(0) }),
});

const app = createServiceApp({
  service: 'test',
  logger,
  readiness: { ok: async () => undefined, broken: async () => Promise.reject(new Error('db down')) },
  routes: (app) => {
    app.post('/things', (req, res) => void res.status(201).json(parseBody(Body, req)));
    app.get('/teapot', () => {
      throw new HttpProblem(418, "I'm a teapot", 'short and stout');
    });
    app.get('/boom', () => {
      throw new Error('secret internals');
    });
  },
});

describe('createServiceApp', () => {
  it('answers a valid body', async () => {
    const res = await request(app)
      .post('/things')
      .send({ name: 'mug', price: { amount: 1299 } });
    expect(res.status).toBe(201);
  });

  it('names every invalid field in a 400 problem+json', async () => {
    const res = await request(app)
      .post('/things')
      .send({ name: '', price: { amount: -1.5 }, color: 'red' });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual([
      'color',
      'name',
      'price.amount',
    ]);
  });

  it('turns malformed JSON into 400, not 500', async () => {
    const res = await request(app).post('/things').set('content-type', 'application/json').send('{"name":');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('rejects bodies over the limit with 413', async () => {
    const res = await request(app)
      .post('/things')
      .send({ name: 'x'.repeat(70_000), price: { amount: 1 } });
    expect(res.status).toBe(413);
    expect(res.type).toBe('application/problem+json');
  });

  it('never leaks internals of an unexpected error', async () => {
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toMatch(/secret internals|at /);
  });

  it('passes an HttpProblem through with its status', async () => {
    const res = await request(app).get('/teapot');
    expect(res.status).toBe(418);
    expect(res.body).toMatchObject({ title: "I'm a teapot", detail: 'short and stout', status: 418 });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });

  it('echoes a valid x-request-id and replaces a hostile one', async () => {
    expect((await request(app).get('/healthz').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe(
      'abc-123',
    );
    const hostile = await request(app).get('/healthz').set('x-request-id', 'a b <script>');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads the trace id from a W3C traceparent, and nothing from a malformed one', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    for (const bad of [
      undefined,
      '',
      'nope',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      ['a'],
    ])
      expect(traceIdOf(bad)).toBeUndefined();
  });

  it('reports readiness per check and 503 when one is down', async () => {
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ ok: { status: 'ok' }, broken: { status: 'down', detail: 'db down' } });
  });
});

describe('app API token', () => {
  const guarded = createServiceApp({
    service: 'guarded',
    logger,
    appApiToken: 's3cret-token',
    routes: (app) => app.get('/data', (_req, res) => void res.json({ ok: true })),
  });

  it('refuses calls without the sidecar’s token, but not health probes', async () => {
    expect((await request(guarded).get('/data')).status).toBe(401);
    expect((await request(guarded).get('/data').set('dapr-api-token', 'wrong-token!')).status).toBe(401);
    expect((await request(guarded).get('/data').set('dapr-api-token', 's3cret-token')).status).toBe(200);
    expect((await request(guarded).get('/healthz')).status).toBe(200);
  });
});

describe('Subscriptions', () => {
  const seen: string[] = [];
  const subscriptions = new Subscriptions().subscribe('stock.released', async (event) => {
    if (event.reason === 'explode') throw new Error('handler failed');
    seen.push(event.orderId);
  });
  const subApp = createServiceApp({ service: 'sub', logger, subscriptions, routes: () => {} });
  const cloudEvent = (data: unknown) => ({
    id: 'ce-1',
    specversion: '1.0',
    type: 'com.dapr.event.sent',
    data,
  });
  const valid = {
    eventId: '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f60',
    occurredAt: '2026-11-25T10:00:00.000Z',
    orderId: '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f61',
    reason: 'timeout',
  };

  it('declares each subscription with its dead-letter topic', async () => {
    const res = await request(subApp).get('/dapr/subscribe');
    expect(res.body).toEqual([
      {
        pubsubname: 'pubsub',
        topic: 'stock.released',
        route: '/events/stock.released',
        deadLetterTopic: 'stock.released.dlq',
      },
    ]);
  });

  it('acknowledges a valid delivery after the handler ran', async () => {
    const res = await request(subApp)
      .post('/events/stock.released')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(cloudEvent(valid)));
    expect(res.body).toEqual({ status: 'SUCCESS' });
    expect(seen).toContain(valid.orderId);
  });

  it('drops an event that breaks the contract instead of retrying forever', async () => {
    const res = await request(subApp)
      .post('/events/stock.released')
      .send(cloudEvent({ ...valid, orderId: 'nope' }));
    expect(res.body).toEqual({ status: 'DROP' });
  });

  it('asks for redelivery when the handler throws', async () => {
    const res = await request(subApp)
      .post('/events/stock.released')
      .send(cloudEvent({ ...valid, reason: 'explode' }));
    expect(res.body).toEqual({ status: 'RETRY' });
  });
});
