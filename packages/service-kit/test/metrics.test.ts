import request from 'supertest';
import { createLogger, createServiceApp, metrics, observeOutbox, routeOf, serveMetrics } from '../src';

const logger = createLogger('test');
logger.level = 'silent';

describe('request metrics', () => {
  it('label a request with its route pattern, never its ids, and its status', async () => {
    const app = createServiceApp({
      service: 'test',
      logger,
      routes: (app) => {
        app.get('/orders/:id', (req, res) => void res.json({ id: req.params.id }));
      },
    });
    await request(app).get('/orders/4b1d1ab5-0000-4000-8000-000000000001').expect(200);
    await request(app).get('/orders/4b1d1ab5-0000-4000-8000-000000000002').expect(200);
    await request(app).get('/nowhere/at/all').expect(404);
    const text = await metrics.metrics();
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="\/orders\/:id",status="200"\} 2/,
    );
    expect(text).toMatch(/route="unmatched",status="404"\} 1/);
    expect(text).not.toContain('4b1d1ab5');
  });

  it('names a mounted route with its base path', () => {
    expect(routeOf({ baseUrl: '/carts', route: { path: '/:customerId' } })).toBe('/carts/:customerId');
    expect(routeOf({ baseUrl: '/categories', route: { path: '/' } })).toBe('/categories');
    expect(routeOf({ baseUrl: '', route: { path: '/' } })).toBe('/');
    expect(routeOf({})).toBe('unmatched');
  });

  it('are served on their own port as Prometheus text, with Node’s own metrics', async () => {
    const server = serveMetrics(0, logger);
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toContain('nodejs_eventloop_lag_seconds');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    server.close();
  });
});

describe('outbox metrics', () => {
  it('report what waits and the oldest age, read at scrape time; NaN while a store cannot be read', async () => {
    expect(await metrics.metrics()).not.toContain('sidecart_outbox_pending_events'); // no outbox yet
    let stats = { pending: 3, oldestSeconds: 12.5 };
    let broken = false;
    const stop = observeOutbox(async () => {
      if (broken) throw new Error('database down');
      return stats;
    }, logger);
    const read = async () => {
      await new Promise((r) => setTimeout(r, 1100)); // past the per-scrape cache
      return metrics.metrics();
    };
    let text = await read();
    expect(text).toMatch(/^sidecart_outbox_pending_events 3$/m);
    expect(text).toMatch(/^sidecart_outbox_oldest_pending_age_seconds 12.5$/m);
    stats = { pending: 0, oldestSeconds: 0 };
    text = await read();
    expect(text).toMatch(/^sidecart_outbox_pending_events 0$/m);
    broken = true;
    text = await read();
    // prom-client writes NaN as `Nan`; Prometheus parses it case-insensitively.
    expect(text).toMatch(/^sidecart_outbox_pending_events nan$/im);
    expect(text).toMatch(/^sidecart_outbox_oldest_pending_age_seconds nan$/im);
    stop();
  });
});
