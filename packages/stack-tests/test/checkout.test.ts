/**
 * The checkout saga end to end through the real stack: order, product and payment
 * services beside their sidecars, Redis Streams, PostgreSQL, FerretDB and the PayPal double.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { crashAndRestart } from '../src/apps';
import {
  address,
  approveOnPayPal,
  call,
  checkout,
  createProduct,
  fillCart,
  getOrder,
  newShopper,
  registeredShopper,
  type Who,
} from '../src/shop';
import { eventually, localSecrets } from '../src/stack';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const paymentsDb = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
afterAll(async () => {
  await ordersDb.end();
  await paymentsDb.end();
});

async function untilStatus(who: Who, orderId: string, statuses: string[], timeoutMs = 30_000) {
  return eventually(
    async () => {
      const res = await getOrder(who, orderId);
      return statuses.includes(res.body?.status) ? res.body : undefined;
    },
    timeoutMs,
    `order ${orderId} to become ${statuses.join(' or ')}`,
  );
}

const withApproveUrl = (who: Who, orderId: string) =>
  eventually(
    async () => {
      const res = await getOrder(who, orderId);
      return res.body?.payment?.approveUrl ? res.body : undefined;
    },
    30_000,
    'the payment to be opened',
  );

const stock = async (productId: string) => (await call('product', `products/${productId}`)).body.stock;

const historyOf = (order: { history: { status: string }[] }) => order.history.map((h) => h.status);

describe('checkout saga', () => {
  it('happy path: cart → order → stock reserved → PayPal approve → capture → CONFIRMED', async () => {
    const product = await createProduct(5, 1250);
    const shopper = await registeredShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);

    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'PENDING', total: { amount: 2500, currency: 'EUR' } });

    const reserved = await withApproveUrl(shopper, placed.body.id);
    expect(reserved.status).toBe('STOCK_RESERVED');
    await approveOnPayPal(reserved.payment.approveUrl);
    const captured = await call('payment', `payments/order/${placed.body.id}/capture`, {
      method: 'POST',
      who: shopper,
    });
    expect(captured.status).toBe(200);

    const confirmed = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);
    expect(historyOf(confirmed)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
    expect((await call('order', `carts/${shopper.userId}`, { who: shopper })).body.lines).toEqual([]);
    await eventually(
      async () => ((await stock(product.id)).onHand === 3 ? true : undefined),
      15_000,
      'stock to be committed',
    );
  });

  it('stock rejected → CANCELLED, and no payment is created', async () => {
    const product = await createProduct(1);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    const cancelled = await untilStatus(shopper, placed.body.id, ['CANCELLED']);
    expect(cancelled.cancelReason).toMatch(/stock/);
    expect((await call('payment', `payments/order/${placed.body.id}`, { who: shopper })).status).toBe(404);
  });

  it('payment declined → CANCELLED, and the stock is released', async () => {
    const product = await createProduct(3);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 3 }]);
    const placed = await checkout(shopper);
    const reserved = await withApproveUrl(shopper, placed.body.id);
    await approveOnPayPal(reserved.payment.approveUrl, 'approve-declining');
    await call('payment', `payments/order/${placed.body.id}/capture`, { method: 'POST', who: shopper });
    const cancelled = await untilStatus(shopper, placed.body.id, ['CANCELLED']);
    expect(cancelled.cancelReason).toMatch(/payment/);
    await eventually(
      async () => ((await stock(product.id)).reserved === 0 ? true : undefined),
      15_000,
      'stock release',
    );
  });

  it('approval never given → CANCELLED when the approval times out, and the stock is released', async () => {
    const product = await createProduct(2);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
    const placed = await checkout(shopper);
    await withApproveUrl(shopper, placed.body.id);
    const cancelled = await untilStatus(shopper, placed.body.id, ['CANCELLED'], 90_000);
    expect(cancelled.cancelReason).toMatch(/not approved in time/);
    await eventually(
      async () => ((await stock(product.id)).reserved === 0 ? true : undefined),
      15_000,
      'stock release',
    );
  }, 120_000);

  it('the same capture twice and a replayed payment.succeeded → one capture, one transition', async () => {
    const product = await createProduct(2);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    const reserved = await withApproveUrl(shopper, placed.body.id);
    await approveOnPayPal(reserved.payment.approveUrl);
    const [first, second] = await Promise.all([
      call('payment', `payments/order/${placed.body.id}/capture`, { method: 'POST', who: shopper }),
      call('payment', `payments/order/${placed.body.id}/capture`, { method: 'POST', who: shopper }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const confirmed = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);

    const { rows } = await paymentsDb.query(
      'SELECT count(*)::int AS n FROM captures c JOIN payments p ON p.id = c.payment_id WHERE p.order_id = $1',
      [placed.body.id],
    );
    expect(rows[0].n).toBe(1);

    // Deliver the same payment.succeeded event again, as a redelivering broker would.
    const { rows: events } = await paymentsDb.query(
      `SELECT payload FROM outbox WHERE topic = 'payment.succeeded' AND payload->>'orderId' = $1`,
      [placed.body.id],
    );
    expect(events).toHaveLength(1);
    const replay = await fetch('http://127.0.0.1:3504/v1.0/publish/pubsub/payment.succeeded', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events[0].payload),
    });
    expect(replay.status).toBe(204);
    await new Promise((r) => setTimeout(r, 2000));
    const after = (await getOrder(shopper, placed.body.id)).body;
    expect(historyOf(after)).toEqual(historyOf(confirmed));
  });

  it('two concurrent checkouts of one cart with the same Idempotency-Key → one order', async () => {
    const product = await createProduct(5);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const key = randomUUID();
    const [a, b] = await Promise.all([checkout(shopper, key), checkout(shopper, key)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await checkout(shopper, key);
    expect(again.body.id).toBe(a.body.id);
    const { rows } = await ordersDb.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
      shopper.userId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  describe('bad input → 400 problem+json naming the field, nothing written', () => {
    let shopper: Who;
    let productId: string;
    beforeAll(async () => {
      shopper = newShopper();
      productId = (await createProduct(5)).id;
    });
    afterEach(async () => {
      const { rows } = await ordersDb.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
        shopper.userId,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it.each([
      ['quantity 0', 0, 'lines.0.quantity'],
      ['quantity 10,000', 10_000, 'lines.0.quantity'],
    ])('cart line with %s', async (_name, quantity, path) => {
      const res = await call('order', `carts/${shopper.userId}`, {
        method: 'PUT',
        who: shopper,
        body: { lines: [{ productId, quantity }] },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('an unknown product', async () => {
      const res = await call('order', `carts/${shopper.userId}`, {
        method: 'PUT',
        who: shopper,
        body: { lines: [{ productId: '0123456789abcdef01234567', quantity: 1 }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'lines.0.productId' })]);
    });

    it('a currency the products are not sold in', async () => {
      await fillCart(shopper, [{ productId, quantity: 1 }]);
      const res = await checkout(shopper, randomUUID(), { shippingAddress: address, currency: 'USD' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('currency');
    });

    it.each([['not-a-uuid'], ['']])('a malformed Idempotency-Key %j', async (key) => {
      await fillCart(shopper, [{ productId, quantity: 1 }]);
      const res = await call('order', 'orders', {
        method: 'POST',
        who: shopper,
        body: { shippingAddress: address, currency: 'EUR' },
        headers: key ? { 'idempotency-key': key } : {},
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    });
  });

  // Last: it restarts the order service.
  it('the order service killed between two saga steps still brings the order to a final state', async () => {
    const product = await createProduct(2);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    // Crash right after the order is written: order.placed may still be in the outbox.
    await crashAndRestart('order', 'services/order', 5003);
    const reserved = await withApproveUrl(shopper, placed.body.id);
    await approveOnPayPal(reserved.payment.approveUrl);
    await call('payment', `payments/order/${placed.body.id}/capture`, { method: 'POST', who: shopper });
    const final = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);
    expect(historyOf(final)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
  });
});
