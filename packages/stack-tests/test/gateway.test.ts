/**
 * The gateway as the single entry point: who may call what, through the real stack.
 * Every request here goes to http://127.0.0.1:8080/api/v1 like a browser's would.
 */
import { randomUUID } from 'node:crypto';
import { address, ADMIN, createProduct, newShopper, type Who } from '../src/shop';
import { GATEWAY, eventually } from '../src/stack';
import { tokenFor } from '../src/tokens';

/** Expected status per caller; 'any' = allowed through (the service decides), i.e. not 401. */
type Cell = number | 'any';
type Answer = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function api(
  method: string,
  path: string,
  who?: Who | string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const auth = typeof who === 'string' ? who : who ? `Bearer ${await tokenFor(who)}` : undefined;
  const res = await fetch(`${GATEWAY}/api/v1${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers } as Answer;
}

describe('authorization through the gateway', () => {
  const shopperA = newShopper();
  const shopperB = newShopper();
  let productId: string;
  let orderOfA: string;

  beforeAll(async () => {
    productId = (await createProduct(20)).id;
    expect((await api('PUT', '/cart', shopperA, { lines: [{ productId, quantity: 1 }] })).status).toBe(200);
    const placed = await api(
      'POST',
      '/orders',
      shopperA,
      { shippingAddress: address, currency: 'EUR' },
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    orderOfA = placed.body.id;
  });

  it.each<[string, string, string, Cell, Cell, Cell, Cell]>([
    // route,                          method, body?, anonymous, shopper A, shopper B, admin
    ['/products', 'GET', '', 200, 200, 200, 200],
    ['/categories', 'GET', '', 200, 200, 200, 200],
    ['/cart', 'GET', '', 401, 200, 200, 200],
    ['/orders', 'GET', '', 401, 200, 200, 200],
    ['/orders/:a', 'GET', '', 401, 200, 404, 200],
    ['/orders/:a/payment', 'GET', '', 401, 'any', 404, 'any'],
    ['/orders/:a/ship', 'POST', '{"trackingNumber":"TRK-1"}', 401, 403, 403, 409],
    ['/products', 'POST', '{}', 401, 403, 403, 400],
    ['/me', 'GET', '', 401, 'any', 'any', 'any'],
  ])('%s %s: anonymous %s, A %s, B %s, admin %s', async (route, method, body, ...expected) => {
    const path = route.replace(':a', orderOfA);
    const callers: (Who | undefined)[] = [undefined, shopperA, shopperB, ADMIN];
    for (const [i, who] of callers.entries()) {
      const res = await api(method, path, who, body ? JSON.parse(body) : undefined);
      if (expected[i] === 'any') expect(res.status).not.toBe(401);
      else expect({ caller: i, status: res.status }).toEqual({ caller: i, status: expected[i] });
      if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('B never reaches A’s cart: "my cart" is always the token’s own', async () => {
    const b = await api('GET', '/cart', shopperB);
    expect(b.body.customerId).toBe(shopperB.userId);
    expect(b.body.lines).toEqual([]);
  });

  it('identity headers sent by a client are ignored', async () => {
    const res = await api(
      'POST',
      '/products',
      shopperA,
      {},
      { 'x-sidecart-user-role': 'admin', 'x-sidecart-user-id': 'x' },
    );
    expect(res.status).toBe(403);
  });

  it.each([
    ['garbage', 'Bearer not.a.token'],
    ['wrong scheme', 'Basic dXNlcjpwYXNz'],
  ])('a %s token gets 401 even on a public route', async (_name, header) => {
    const res = await api('GET', '/products', header);
    expect(res.status).toBe(401);
  });

  it('an expired or wrong-audience token gets 401', async () => {
    const expired = await tokenFor(shopperA, { expiresIn: '-1m' });
    expect((await api('GET', '/cart', `Bearer ${expired}`)).status).toBe(401);
    const foreign = await tokenFor(shopperA, { audience: 'another-api' });
    expect((await api('GET', '/cart', `Bearer ${foreign}`)).status).toBe(401);
  });

  it('sign-up and the catalog need no token', async () => {
    const res = await api('POST', '/customers', undefined, {
      email: `gw-${randomUUID()}@example.com`,
      password: 'correct-horse-42',
      name: 'Gateway Test',
    });
    expect(res.status).toBe(201);
    await eventually(async () =>
      (await api('GET', `/products/${productId}`)).status === 200 ? true : undefined,
    );
  });
});
