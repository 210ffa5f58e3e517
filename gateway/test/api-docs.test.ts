import request from 'supertest';
import { createLogger, Dapr } from '@sidecart/service-kit';
import { createGatewayApp } from '../src/app';
import { MemorySessionEnds } from '../src/store/sessions';
import { rateLimiter } from '../src/routes/rate-limit';
import type { RateCounter } from '../src/store/rate-counter';

const logger = createLogger('gateway-test');
logger.level = 'silent';

/** A counter whose every budget is already spent: any request that is rate-limited gets 429. */
class SpentCounter implements RateCounter {
  readonly keys: string[] = [];
  async hit(key: string) {
    this.keys.push(key);
    return { count: 1_000_000, resetInMs: 60_000 };
  }
  async failures() {
    return { count: 0, lastAt: 0 };
  }
  async fail() {}
  async clearFailures() {}
  async close() {}
}

const counter = new SpentCounter();
const app = createGatewayApp({
  // Nothing listens there: the docs must answer without Dapr.
  dapr: new Dapr({ httpPort: 1 }),
  logger,
  jwtKeys: {
    current: new TextEncoder().encode('test-key-that-is-at-least-32-bytes-long!!'),
    byId: new Map(),
  },
  sessions: new MemorySessionEnds(),
  limit: rateLimiter(counter, { windowMs: 60_000, read: 600, write: 120, auth: 30 }, logger),
  storefrontOrigin: 'http://localhost:3000',
  trustProxy: 'loopback',
});

describe('/api/docs', () => {
  beforeEach(() => counter.keys.splice(0));

  it('serves the OpenAPI document as JSON', async () => {
    const res = await request(app).get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body.openapi).toMatch(/^3\.1\./);
    expect(res.body.paths['/admin/orders'].get.operationId).toBe('listAllOrders');
  });

  it('serves the AsyncAPI document of the events as JSON', async () => {
    const res = await request(app).get('/api/docs/events.json');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body.asyncapi).toBe('3.0.0');
    const addresses = Object.values(res.body.channels as Record<string, { address: string }>).map(
      (c) => c.address,
    );
    expect(addresses).toEqual(
      expect.arrayContaining(['order.confirmed', 'customer.deleted', 'order.placed.dlq']),
    );
  });

  it('serves the events as a page rendered on the server: no script, same-origin styles, a CSP', async () => {
    const res = await request(app).get('/api/docs/events');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<section id="order.confirmed"');
    expect(res.text).not.toMatch(/<script/i);
    const assets = [...res.text.matchAll(/\b(?:src|href)="([^"#]*)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/events.css', '/api/docs/events.json']));
    for (const asset of assets) {
      expect(asset).toMatch(/^\/(?!\/)/);
      const file = await request(app).get(asset);
      expect([asset, file.status]).toEqual([asset, 200]);
    }
    expect((await request(app).get('/api/docs/events.css')).type).toBe('text/css');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('serves the viewer as HTML that loads only same-origin files, and no inline script', async () => {
    const res = await request(app).get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    const assets = [...res.text.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) expect(asset).toMatch(/^\/(?!\/)/);
    // Every <script> has a src and no body: the CSP runs no inline script.
    expect(res.text.match(/<script\b[^>]*>[^<]+<\/script>/g)).toBeNull();
    expect(res.text.match(/<script\b(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();

    for (const asset of assets) {
      const file = await request(app).get(asset);
      expect([asset, file.status]).toEqual([asset, 200]);
    }
  });

  it('serves the scripts and styles the viewer loads with their content types', async () => {
    const bundle = await request(app).get('/api/docs/swagger-ui/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.type).toMatch(/javascript/);
    expect(bundle.headers['cache-control']).toMatch(/max-age=86400/);
    const init = await request(app).get('/api/docs/init.js');
    expect(init.type).toMatch(/javascript/);
    expect(init.text).toContain("url: '/api/docs/openapi.json'");
    expect((await request(app).get('/api/docs/swagger-ui/swagger-ui.css')).type).toBe('text/css');
  });

  it('keeps a CSP on the viewer that allows scripts from the gateway only', async () => {
    const csp = (await request(app).get('/api/docs')).headers['content-security-policy'] as string;
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives['script-src']).toBe("'self'");
    expect(directives['default-src']).toBe("'self'");
    expect(directives).not.toHaveProperty('upgrade-insecure-requests');
  });

  it('serves only the viewer files of swagger-ui-dist, not its demo page', async () => {
    expect((await request(app).get('/api/docs/swagger-ui/index.html')).status).toBe(404);
    expect((await request(app).get('/api/docs/swagger-ui/swagger-initializer.js')).status).toBe(404);
    expect((await request(app).get('/api/docs/swagger-ui/..%2Fpackage.json')).status).toBe(404);
  });

  it('needs no token and draws on no rate-limit budget, unlike the API', async () => {
    const docs = await request(app).get('/api/docs/openapi.json').set('authorization', 'Bearer not-a-token');
    expect(docs.status).toBe(200);
    expect(docs.headers).not.toHaveProperty('ratelimit-limit');
    expect(counter.keys).toEqual([]);

    // The same app's API routes are counted (and this counter has spent every budget).
    const api = await request(app).get('/api/v1/products');
    expect(api.status).toBe(429);
    expect(counter.keys).toHaveLength(1);
  });
});
