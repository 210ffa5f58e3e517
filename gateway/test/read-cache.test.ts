import { SignJWT } from 'jose';
import request from 'supertest';
import { createLogger, type Dapr, type InvokeOptions, type InvokeResponse } from '@sidecart/service-kit';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/auth/tokens';
import { createGatewayApp } from '../src/app';
import { MemorySessionEnds } from '../src/store/sessions';
import { ReadCache } from '../src/domain/read-cache';
import { catalogCache } from '../src/routes/catalog-cache';

describe('ReadCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('never serves an entry past its time to live, counted from when its load started', async () => {
    const cache = new ReadCache<string>({ ttlMs: 2000, maxEntries: 10, now });
    const value = await cache.getOrLoad(
      'k',
      async () => {
        clock += 500; // the load itself took 500 ms
        return 'v1';
      },
      () => true,
    );
    expect(value).toBe('v1');
    clock = 1_000 + 1999;
    expect(cache.get('k')).toBe('v1');
    clock = 1_000 + 2000;
    expect(cache.get('k')).toBeUndefined();
  });

  it('evicts the least recently used entry past its maximum size', () => {
    const cache = new ReadCache<number>({ ttlMs: 60_000, maxEntries: 2, now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
  });

  it('shares one load between concurrent callers, and keeps only what is cacheable', async () => {
    const cache = new ReadCache<{ status: number }>({ ttlMs: 60_000, maxEntries: 10, now });
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await gate;
      return { status: 404 };
    };
    const both = Promise.all([1, 2, 3].map(() => cache.getOrLoad('k', load, (v) => v.status === 200)));
    release();
    expect(await both).toEqual([{ status: 404 }, { status: 404 }, { status: 404 }]);
    expect(loads).toBe(1);
    await cache.getOrLoad('k', load, (v) => v.status === 200);
    expect(loads).toBe(2); // the 404 was not kept
  });

  it('forgets everything on clear(), and does not keep a load that began before it', async () => {
    const cache = new ReadCache<string>({ ttlMs: 60_000, maxEntries: 10, now });
    cache.set('a', 'old a');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const before = cache.getOrLoad(
      'b',
      async () => {
        await gate;
        return 'old b';
      },
      () => true,
    );
    cache.clear();
    // A caller after clear() does not join the load begun before it.
    const after = cache.getOrLoad(
      'b',
      async () => 'new b',
      () => true,
    );
    release();
    expect(await Promise.all([before, after])).toEqual(['old b', 'new b']);
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 'new b']);
  });

  it('keeps nothing when its time to live is 0 (turned off)', async () => {
    const cache = new ReadCache<string>({ ttlMs: 0, maxEntries: 10, now });
    cache.set('k', 'v');
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('anonymous catalog reads through the gateway', () => {
  const logger = createLogger('gateway-test');
  logger.level = 'silent';
  const jwtKey = new TextEncoder().encode('test-key-that-is-at-least-32-bytes-long!!');

  /** A product service behind a sidecar that counts the calls reaching it. */
  function fakeDapr(price: { amount: number }) {
    const calls: { path: string; headers: Record<string, string> }[] = [];
    const dapr = {
      async invoke(_app: string, path: string, options: InvokeOptions = {}): Promise<InvokeResponse> {
        calls.push({ path, headers: options.headers ?? {} });
        if (path.startsWith('products/by-slug/missing')) {
          return {
            status: 404,
            headers: new Headers({ 'content-type': 'application/problem+json' }),
            body: { status: 404, title: 'Not Found' },
          };
        }
        return {
          status: 200,
          headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
          body: { path, price: price.amount, admin: options.headers?.['x-sidecart-user-role'] === 'admin' },
        };
      },
    } as unknown as Dapr;
    return { dapr, calls };
  }

  function gateway(price = { amount: 100 }) {
    const { dapr, calls } = fakeDapr(price);
    const app = createGatewayApp({
      dapr,
      logger,
      jwtKeys: { current: jwtKey, byId: new Map() },
      sessions: new MemorySessionEnds(),
      limit: async () => undefined,
      catalogCache: catalogCache({ ttlMs: 60_000, maxEntries: 100 }),
      storefrontOrigin: 'http://localhost:3000',
      trustProxy: 'loopback',
    });
    return { app, calls, price };
  }

  const adminToken = () =>
    new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('6b065900492b27f54e76c9d7')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(jwtKey);

  it('answers a repeated read from memory, with an ETag, Cache-Control and Vary', async () => {
    const { app, calls } = gateway();
    const first = await request(app).get('/api/v1/products?limit=8');
    const second = await request(app).get('/api/v1/products?limit=8');
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe('public, max-age=1');
    expect(second.headers.vary).toMatch(/authorization/i);
    expect(second.type).toBe('application/json');
    expect(calls.map((c) => c.path)).toEqual(['products?limit=8']);
    // Another query is another entry.
    await request(app).get('/api/v1/products?limit=9');
    expect(calls).toHaveLength(2);
  });

  it('answers 304 with no body to a client that sends the current ETag back', async () => {
    const { app } = gateway();
    const first = await request(app).get('/api/v1/categories');
    // fetch() sends Cache-Control: no-cache with every conditional request; still a 304.
    const again = await request(app)
      .get('/api/v1/categories')
      .set('if-none-match', first.headers.etag!)
      .set('cache-control', 'no-cache');
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const stale = await request(app).get('/api/v1/categories').set('if-none-match', '"something-else"');
    expect(stale.status).toBe(200);
  });

  it('never shares answers with, or takes them from, a request that carries a token', async () => {
    const { app, calls } = gateway();
    await request(app).get('/api/v1/products/a-slug');
    const asAdmin = await request(app)
      .get('/api/v1/products/a-slug')
      .set('authorization', `Bearer ${await adminToken()}`);
    expect(asAdmin.body.admin).toBe(true);
    expect(asAdmin.headers['cache-control']).toBeUndefined();
    expect(calls).toHaveLength(2);
    const anonymous = await request(app).get('/api/v1/products/a-slug');
    expect(anonymous.body.admin).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('does not keep a 404, and passes it through as a problem', async () => {
    const { app, calls } = gateway();
    for (let i = 0; i < 2; i++) {
      const res = await request(app).get('/api/v1/products/missing-one');
      expect(res.status).toBe(404);
      expect(res.type).toBe('application/problem+json');
      expect(res.headers.etag).toBeUndefined();
    }
    expect(calls).toHaveLength(2);
  });

  it('drops its shared answers once an admin changes the catalog through it', async () => {
    const { app, calls, price } = gateway();
    const token = `Bearer ${await adminToken()}`;
    expect((await request(app).get('/api/v1/products/a-slug')).body.price).toBe(100);
    price.amount = 250;
    const refused = await request(app)
      .patch('/api/v1/products/6b065900492b27f54e76c9d7')
      .set('authorization', token)
      .send({ price: 'free' });
    expect(refused.status).toBe(400); // refused by the gateway: nothing changed, nothing dropped
    expect((await request(app).get('/api/v1/products/a-slug')).body.price).toBe(100);
    const changed = await request(app)
      .patch('/api/v1/products/6b065900492b27f54e76c9d7')
      .set('authorization', token)
      .send({ name: 'A new name' });
    expect(changed.status).toBe(200);
    expect((await request(app).get('/api/v1/products/a-slug')).body.price).toBe(250);
    expect(calls.map((c) => c.path)).toEqual([
      'products/by-slug/a-slug',
      'products/6b065900492b27f54e76c9d7',
      'products/by-slug/a-slug',
    ]);
  });

  it('never caches writes or per-user routes', async () => {
    const { app, calls } = gateway();
    const token = `Bearer ${await adminToken()}`;
    await request(app).get('/api/v1/admin/orders').set('authorization', token);
    await request(app).get('/api/v1/admin/orders').set('authorization', token);
    expect(calls).toHaveLength(2);
  });
});
