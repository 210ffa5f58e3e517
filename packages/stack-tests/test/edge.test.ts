/**
 * The gateway's edge, through the real stack: shared rate limits across replicas, CORS,
 * security headers, body limits, and what a shopper sees while a service is down.
 */
import { crashApp, listenerPid, sidecarCommand, startReplica, startSidecar, stopSidecar } from '../src/apps';
import { randomUUID } from 'node:crypto';
import { createProduct, fromNewClient, newShopper } from '../src/shop';
import { GATEWAY, eventually } from '../src/stack';
import { tokenFor } from '../src/tokens';

const get = async (base: string, path: string, token?: string) =>
  fetch(`${base}/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('rate limits shared by every gateway replica', () => {
  const LIMIT = 10;
  const replicas = ['http://127.0.0.1:8081', 'http://127.0.0.1:8082'];
  const pids: number[] = [];

  beforeAll(async () => {
    // Two more gateway processes beside the stack's, with a small read budget; they count in
    // the same Redis as every other replica.
    for (const url of replicas) {
      pids.push(
        await startReplica('gateway', 'gateway', 8080, Number(new URL(url).port), {
          RATE_LIMIT_READ: String(LIMIT),
          RATE_LIMIT_WINDOW_SECONDS: '60',
        }),
      );
    }
  });
  afterAll(() => {
    for (const pid of pids) process.kill(pid, 'SIGTERM');
  });

  it('a burst spread over two replicas gets exactly the limit through, then 429 with Retry-After', async () => {
    const token = await tokenFor(newShopper());
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < LIMIT + 6; i++) {
      const res = await get(replicas[i % 2]!, '/cart', token);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(200), ...Array(6).fill(429)]);
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused!.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await refused!.json()) as { status: number }).status).toBe(429);
  });

  it('the budget is per client: another shopper on the same replicas is still served', async () => {
    const spent = await tokenFor(newShopper());
    for (let i = 0; i <= LIMIT; i++) await get(replicas[i % 2]!, '/cart', spent);
    expect((await get(replicas[0]!, '/cart', spent)).status).toBe(429);
    const other = await get(replicas[1]!, '/cart', await tokenFor(newShopper()));
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1));
  });
});

describe('the default budgets of the gateway npm start runs (README: auth 30, read 600, write 120 a minute)', () => {
  /** Sends `count` requests, `parallel` at a time, and counts the answers per status. */
  async function burst(count: number, send: () => Promise<Response>, parallel = 20) {
    const statuses: Record<number, number> = {};
    let last: Response | undefined;
    for (let sent = 0; sent < count; sent += parallel) {
      const answers = await Promise.all(Array.from({ length: Math.min(parallel, count - sent) }, send));
      for (const res of answers) {
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 429) last = res;
        await res.arrayBuffer();
      }
    }
    return { statuses, refused: last };
  }

  it('auth: one address gets 30 sign-in attempts a minute, then 429; another address is still served', async () => {
    const client = fromNewClient();
    const { statuses, refused } = await burst(34, () =>
      fetch(`${GATEWAY}/api/v1/customers/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...client },
        body: JSON.stringify({ email: `nobody-${randomUUID()}@example.com`, password: 'wrong-horse-42' }),
      }),
    );
    expect(statuses).toEqual({ 401: 30, 429: 4 });
    expect(refused!.headers.get('ratelimit-limit')).toBe('30');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const other = await fetch(`${GATEWAY}/api/v1/customers/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...fromNewClient() },
      body: JSON.stringify({ email: `nobody-${randomUUID()}@example.com`, password: 'wrong-horse-42' }),
    });
    expect(other.status).toBe(401);
  });

  it('write: one shopper gets 120 writes a minute, then 429, and can still read', async () => {
    const token = await tokenFor(newShopper());
    // Each write replaces the cart with the ETag the previous answer gave, as a browser does.
    let etag: string | null = null;
    const { statuses, refused } = await burst(
      125,
      async () => {
        const res = await fetch(`${GATEWAY}/api/v1/cart`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...(etag ? { 'if-match': etag } : {}),
          },
          body: JSON.stringify({ lines: [] }),
        });
        etag = res.headers.get('etag') ?? etag;
        return res;
      },
      1,
    );
    expect(statuses).toEqual({ 200: 120, 429: 5 });
    expect(refused!.headers.get('ratelimit-limit')).toBe('120');
    expect((await get(GATEWAY, '/cart', token)).status).toBe(200);
  });

  it('read: one shopper gets 600 reads a minute, then 429', async () => {
    const token = await tokenFor(newShopper());
    const { statuses, refused } = await burst(605, () => get(GATEWAY, '/cart', token));
    expect(statuses).toEqual({ 200: 600, 429: 5 });
    expect(refused!.headers.get('ratelimit-limit')).toBe('600');
  });
});

describe('browser-facing headers', () => {
  it('CORS lets the storefront origin call the API and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${GATEWAY}/api/v1/cart`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization,content-type,if-match',
        },
      });
    const storefront = await preflight('http://localhost:3000');
    expect(storefront.status).toBe(204);
    expect(storefront.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(storefront.headers.get('access-control-allow-headers')).toMatch(/if-match/);
    const stranger = await preflight('https://evil.example');
    expect(stranger.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(stranger.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('every answer carries security headers, errors included', async () => {
    for (const res of [await get(GATEWAY, '/products?limit=1'), await get(GATEWAY, '/no-such-route')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('a body over the size limit gets 413 problem+json and reaches no service', async () => {
    const res = await fetch(`${GATEWAY}/api/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(100_000), name: 'Big' }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('a service down', () => {
  it('its routes answer 503 problem+json quickly while the others keep working', async () => {
    const token = await tokenFor(newShopper());
    const paymentOf = `/orders/${crypto.randomUUID()}/payment`;
    expect((await get(GATEWAY, paymentOf, token)).status).toBe(404);

    const payment = crashApp('payment', 'services/payment', 5004);
    try {
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const res = await get(GATEWAY, paymentOf, token);
        const tookMs = Date.now() - started;
        expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
          status: 503,
          type: expect.stringMatching(/application\/problem\+json/),
        });
        expect(((await res.json()) as { detail: string }).detail).toMatch(/payment/);
        // "Quickly": well under the 5 s invocation timeout, no hanging on a dead app.
        expect(tookMs).toBeLessThan(3000);
      }
      expect((await get(GATEWAY, '/products?limit=1')).status).toBe(200);
      expect((await get(GATEWAY, '/cart', token)).status).toBe(200);
    } finally {
      await payment.restart();
    }
    await eventually(
      async () => ((await get(GATEWAY, paymentOf, token)).status === 404 ? true : undefined),
      60_000,
      'the payment routes to recover',
    );
  });
});

describe('a service whose sidecar restarted', () => {
  it('takes the first write after the restart (daprd could not send it yet: the gateway repeats it)', async () => {
    // Until the gateway's daprd dials the new product sidecar again (gRPC's reconnect backoff,
    // about 1 s), daprd answers every call "Error while dialing … connection refused"; each
    // POST answered 503 for 0.6 s after the restart before the gateway repeated such calls.
    const command = sidecarCommand('product');
    await stopSidecar('product');
    await startSidecar(command);
    const started = Date.now();
    const product = await createProduct(1);
    expect(product.id).toMatch(/.+/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('a service too slow', () => {
  it('its routes answer 504 problem+json after the invocation timeout, then recover', async () => {
    // A frozen process (SIGSTOP) keeps its port open but never answers: a hung service.
    // Asked as a signed-in shopper: an anonymous read may come from the gateway's shared
    // catalog cache (2 s) when another test read the categories just before (the CI run of
    // stop 16 did, in its random order, and got the cached 200).
    const shopper = await tokenFor(newShopper());
    const product = listenerPid(5002);
    process.kill(product, 'SIGSTOP');
    try {
      const started = Date.now();
      const res = await get(GATEWAY, '/categories', shopper);
      const tookMs = Date.now() - started;
      expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
        status: 504,
        type: expect.stringMatching(/application\/problem\+json/),
      });
      // The resiliency policy's 5 s timeout ends the wait, not the client.
      expect(tookMs).toBeGreaterThanOrEqual(4000);
      expect(tookMs).toBeLessThan(12_000);
      expect((await get(GATEWAY, '/cart', shopper)).status).toBe(200);
    } finally {
      process.kill(product, 'SIGCONT');
    }
    await eventually(
      async () => ((await get(GATEWAY, '/categories')).status === 200 ? true : undefined),
      60_000,
      'the catalog to answer again',
    );
  });
});
