/**
 * The authorization matrix: every public route of the gateway's table, called by an
 * anonymous visitor, shopper A, shopper B and an admin, through http://127.0.0.1:8080 as a
 * browser would. Each cell is the exact status expected; B never reaches A's data (404).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ROUTES } from '../../../gateway/src/routes/table';
import { address, createProduct, registeredShopper, type Who } from '../src/shop';
import { GATEWAY, eventually } from '../src/stack';
import { tokenFor } from '../src/tokens';

type Caller = 'anonymous' | 'A' | 'B' | 'admin';
type Row = {
  /** Request body, or a function of the ids the fixture created. */
  body?: unknown;
  headers?: Record<string, string>;
  expect: [anonymous: number, a: number, b: number, admin: number];
  /** The row ends something for good (an address, an account, sessions): it gets shoppers of its own. */
  ownShoppers?: true;
  /** `:id` is A's second order, which no row cancels (it waits for payment throughout). */
  openOrder?: true;
};

/**
 * Keyed by the table's `METHOD path`. Rows run in any order (npm test shuffles them); callers
 * in the order anonymous, A, B, admin. Rows that end something for good (an address, an
 * account, every session) get shoppers of their own; the others use invalid bodies where a
 * valid one would change what another row sees: a 400 proves the request reached the service.
 */
const MATRIX: Record<string, Row> = {
  'POST /customers': { body: {}, expect: [400, 400, 400, 400] },
  'POST /customers/credentials/verify': { body: {}, expect: [400, 400, 400, 400] },
  // Only the storefront's server (an admin identity) vouches for an OAuth sign-in.
  'POST /customers/external': { body: {}, expect: [401, 403, 403, 400] },
  'GET /me': { expect: [401, 200, 200, 404] },
  'PATCH /me': { body: { name: 'Renamed Shopper' }, expect: [401, 200, 200, 404] },
  'POST /me/addresses': { body: { ...address, label: 'Home' }, expect: [401, 201, 201, 404] },
  'PATCH /me/addresses/:addressId': { body: { city: 'Paris' }, expect: [401, 200, 404, 404] },
  'DELETE /me/addresses/:addressId': { expect: [401, 204, 404, 404], ownShoppers: true },
  // The gateway refuses the empty body (its OpenAPI operation) before any service looks for the account.
  'POST /me/password': { body: {}, expect: [401, 400, 400, 400] },
  'GET /me/export': { expect: [401, 200, 200, 404] },
  'GET /me/orders': { expect: [401, 200, 200, 404] },

  'GET /products': { expect: [200, 200, 200, 200] },
  'GET /products/:id': { expect: [200, 200, 200, 200] },
  'GET /products/:id/recommendations': { expect: [200, 200, 200, 200] },
  'GET /categories': { expect: [200, 200, 200, 200] },
  'POST /products': { body: {}, expect: [401, 403, 403, 400] },
  'PATCH /products/:id': { body: { price: { amount: -1, currency: 'EUR' } }, expect: [401, 403, 403, 400] },
  'POST /products/:id/archive': { expect: [401, 403, 403, 200] },
  'POST /products/:id/stock': { body: {}, expect: [401, 403, 403, 400] },
  'GET /products/:id/audit': { expect: [401, 403, 403, 200] },
  // Without its date range: the admin's request reaches the check of it (400).
  'GET /admin/exports/orders.csv': { expect: [401, 403, 403, 400] },
  'GET /admin/exports/products.csv': { expect: [401, 403, 403, 400] },
  'PUT /products/:id/picture': { body: {}, expect: [401, 403, 403, 400] },
  'GET /images/:name': { expect: [200, 200, 200, 200] },

  'GET /cart': { expect: [401, 200, 200, 200] },
  // Guest carts: the header names the cart, so without one there is nothing to read or merge.
  'GET /guest-cart': { expect: [400, 400, 400, 400] },
  'PUT /guest-cart': { body: { lines: [] }, expect: [200, 200, 200, 200] },
  'POST /cart/merge': { expect: [401, 400, 400, 400] },
  // An empty body reaches the check of it: country and currency are required.
  'POST /cart/quote': { body: {}, expect: [401, 400, 400, 400] },
  'POST /guest-cart/quote': { body: { country: 'DE', currency: 'EUR' }, expect: [400, 400, 400, 400] },
  // A wrote a cart in the fixture: a write without the ETag it read is refused (409).
  'PUT /cart': { body: { lines: [] }, expect: [401, 409, 200, 200] },
  'POST /orders': { body: {}, expect: [401, 400, 400, 400] },
  'GET /orders': { expect: [401, 200, 200, 200] },
  'GET /orders/:id': { expect: [401, 200, 404, 200] },
  'GET /orders/:id/payment': { expect: [401, 200, 404, 200] },
  'POST /orders/:id/payment/capture': { expect: [401, 409, 404, 409] },
  // The payment waits for approval: a retry answers with it as it is (opens nothing).
  'POST /orders/:id/payment/retry': { expect: [401, 200, 404, 200], openOrder: true },
  'POST /orders/:id/ship': { body: { trackingNumber: 'TRK-1' }, expect: [401, 403, 403, 409] },
  'POST /orders/:id/deliver': { expect: [401, 403, 403, 409] },
  // A's order is not confirmed: no invoice, no credit note; the owner and the admin find none.
  'GET /orders/:id/invoice.pdf': { expect: [401, 404, 404, 404] },
  'GET /admin/orders/:id/invoice.pdf': { expect: [401, 403, 403, 404] },
  // Invalid bodies: the admin's request reaches the check of it, nothing is refunded.
  'POST /admin/orders/:id/refunds': { body: {}, expect: [401, 403, 403, 400] },
  'POST /admin/orders/:id/returns': { body: {}, expect: [401, 403, 403, 400] },
  'GET /orders/:id/credit-notes/:number.pdf': { expect: [401, 404, 404, 404] },
  'GET /admin/orders/:id/credit-notes/:number.pdf': { expect: [401, 403, 403, 404] },
  'GET /admin/orders': { expect: [401, 403, 403, 200] },
  'GET /admin/dashboard': { expect: [401, 403, 403, 200] },
  'POST /orders/:id/cancel': { body: {}, expect: [401, 200, 404, 409] },
  // Invalid bodies (the gateway checks them first): a change would move what other rows see.
  'PATCH /orders/:id': { body: {}, expect: [401, 400, 400, 400] },
  'PUT /orders/:id/shipping-address': { body: {}, expect: [401, 400, 400, 400] },
  'POST /webhooks/paypal': { body: {}, expect: [400, 400, 400, 400] },

  // Account links: an empty body reaches the check of it (the links themselves are accounts.test.ts's).
  'POST /customers/password-reset': { body: {}, expect: [400, 400, 400, 400] },
  'POST /customers/password-reset/check': { body: {}, expect: [400, 400, 400, 400] },
  'POST /customers/password-reset/complete': { body: {}, expect: [400, 400, 400, 400] },
  'POST /customers/email/verify': { body: {}, expect: [400, 400, 400, 400] },
  'POST /me/email/verification': { expect: [401, 202, 202, 404] },
  // Without its query: the admin's request reaches the check of it (400).
  'GET /admin/customers': { expect: [401, 403, 403, 400] },

  'DELETE /me': { expect: [401, 204, 204, 404], ownShoppers: true },
  'POST /me/sessions/end': { expect: [401, 204, 204, 404], ownShoppers: true },
};

describe('authorization matrix: every route × anonymous, shopper A, shopper B, admin', () => {
  type Callers = { who: Record<Exclude<Caller, 'anonymous'>, Who>; tokens: Partial<Record<Caller, string>> };
  let shared: Callers;
  const ids: Record<string, string> = {};

  /** Shoppers A and B (registered), an admin with no customer account ("me" finds nothing for it). */
  async function newCallers(): Promise<Callers> {
    const who = {
      A: await registeredShopper(),
      B: await registeredShopper(),
      admin: { userId: randomBytes(12).toString('hex'), role: 'admin' as const },
    };
    const tokens: Partial<Record<Caller, string>> = {};
    for (const caller of ['A', 'B', 'admin'] as const) tokens[caller] = await tokenFor(who[caller]);
    return { who, tokens };
  }

  /** A's address book entry, for the address rows. */
  async function addressOf(callers: Callers): Promise<string> {
    const added = await fetch(`${GATEWAY}/api/v1/me/addresses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${callers.tokens.A}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...address, label: 'Work' }),
    });
    expect(added.status).toBe(201);
    return ((await added.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    shared = await newCallers();
    const { tokens } = shared;

    const product = await createProduct(20);
    const archivable = await createProduct(1);
    ids.product = product.id;
    ids.productId = archivable.id;
    // A demo product's picture, for the pictures row (no test makes books: the list is the demo's).
    const listed = (await (await fetch(`${GATEWAY}/api/v1/products?category=books&limit=1`)).json()) as {
      items: { images: string[] }[];
    };
    ids.picture = listed.items[0]!.images[0]!.split('/').pop()!;

    const asA = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${GATEWAY}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.A}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const cart = await asA('PUT', '/cart', { lines: [{ productId: product.id, quantity: 1 }] });
    expect(cart.status).toBe(200);
    const order = await asA(
      'POST',
      '/orders',
      { shippingAddress: address, currency: 'EUR' },
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(order.status).toBe(201);
    ids.orderId = ((await order.json()) as { id: string }).id;
    // A second order, for the rows that need one still waiting for payment whatever ran before.
    const emptied = await asA('GET', '/cart');
    const refill = await asA(
      'PUT',
      '/cart',
      { lines: [{ productId: product.id, quantity: 1 }] },
      { 'if-match': emptied.headers.get('etag') ?? '' },
    );
    expect(refill.status).toBe(200);
    const open = await asA(
      'POST',
      '/orders',
      { shippingAddress: address, currency: 'EUR' },
      { 'idempotency-key': randomUUID() },
    );
    expect(open.status).toBe(201);
    ids.openOrderId = ((await open.json()) as { id: string }).id;
    ids.addressId = await addressOf(shared);
    // The saga opens the payment once stock is reserved; the payment rows need it to exist.
    await eventually(
      async () => ((await asA('GET', `/orders/${ids.orderId}/payment`)).status === 200 ? true : undefined),
      60_000,
      'A’s payment to be opened',
    );
    await eventually(
      async () =>
        (await asA('GET', `/orders/${ids.openOrderId}/payment`)).status === 200 ? true : undefined,
      60_000,
      'A’s second payment to be opened',
    );
  });

  it('names every route of the gateway table, and nothing else', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  const rows = Object.entries(MATRIX);
  it.each(rows)('%s', async (key, row) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const { who, tokens } = row.ownShoppers ? await newCallers() : shared;
    const addressId =
      row.ownShoppers && pattern.includes(':addressId') ? await addressOf({ who, tokens }) : ids.addressId!;
    const path = pattern
      .replace(':addressId', addressId)
      .replace(':name', ids.picture!)
      .replace(':number', 'CN-2000-000001')
      .replace(/^\/products\/:id$/, `/products/${ids.product}`)
      .replace(/\/products\/:id/, `/products/${ids.productId}`)
      .replace(':id', row.openOrder ? ids.openOrderId! : ids.orderId!);
    const statuses: number[] = [];
    for (const caller of ['anonymous', 'A', 'B', 'admin'] as const) {
      const token = tokens[caller];
      const res = await fetch(`${GATEWAY}/api/v1${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(row.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...row.headers,
        },
        body: row.body === undefined ? undefined : JSON.stringify(row.body),
      });
      statuses.push(res.status);
      if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const text = await res.text();
      // B must not learn anything of A: no id, email or address of A in anything B is shown.
      if (caller === 'B') {
        expect(text).not.toContain(who.A.userId);
        expect(text).not.toContain(ids.orderId!);
      }
    }
    expect(statuses).toEqual(row.expect);
  });

  it('the order page is composed: each line carries its product’s slug and images', async () => {
    const res = await fetch(`${GATEWAY}/api/v1/orders/${ids.orderId}`, {
      headers: { authorization: `Bearer ${shared.tokens.admin}` },
    });
    const order = (await res.json()) as { lines: { product: unknown }[] };
    expect(order.lines).toHaveLength(1);
    expect(order.lines[0]!.product).toEqual({ slug: expect.any(String), images: expect.any(Array) });
  });
});
