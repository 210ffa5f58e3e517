/**
 * The checkout saga end to end, as a shopper drives it through the public gateway with a real
 * token: cart, order, stock reserved, PayPal approval (the double), capture, confirmation.
 * Behind the gateway: order, product and payment services beside their sidecars, Redis
 * Streams, PostgreSQL and FerretDB. Tests named "(… sidecar boundary)" put an event on the
 * broker themselves, because the redelivery is their subject.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { api } from '../src/api';
import { crashApp } from '../src/apps';
import { envelope, publishAs } from '../src/events';
import { paypalCapture, paypalOrder, paypalRefund } from '../src/paypal';
import {
  address,
  approvedOrder,
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  getOrder,
  newAdmin,
  newShopper,
  registeredShopper,
  stockOf,
  untilDeclineRecorded,
  untilStatus,
  untilStock,
  withApproveUrl,
  type Who,
} from '../src/shop';
import { allOverlap, eventually, localSecrets, race, sleep, stillAfter, systemHealthy } from '../src/stack';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const catalogDb = new MongoClient(secrets.PRODUCT_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });
afterAll(async () => {
  await ordersDb.end();
  await catalogDb.close();
});

const historyOf = (order: { history: { status: string }[] }) => order.history.map((h) => h.status);

/** The shopper's own orders, as GET /orders lists them. */
const ordersOf = async (who: Who) => (await api('GET', '/orders', who)).body.items as { id: string }[];

describe('checkout saga through the gateway', () => {
  it('happy path: cart → order → stock reserved → PayPal approve → capture → CONFIRMED', async () => {
    const shopper = newShopper();
    const product = await createProduct(5, 1250);
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);

    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'PENDING', total: { amount: 2500, currency: 'EUR' } });

    const reserved = await withApproveUrl(shopper, placed.body.id);
    expect(reserved.status).toBe('STOCK_RESERVED');
    await untilStock(product.id, { onHand: 5, reserved: 2, available: 3 });
    await approveOnPayPal(reserved.payment.approveUrl);
    const captured = await capture(shopper, placed.body.id);
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'CAPTURED', capture: { amount: { amount: 2500 } } });

    const confirmed = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);
    expect(historyOf(confirmed)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
    expect((await api('GET', '/cart', shopper)).body.lines).toEqual([]);
    await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
  });

  it('stock rejected → CANCELLED, and no payment is created', async () => {
    const shopper = newShopper();
    const product = await createProduct(1);
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    const cancelled = await untilStatus(shopper, placed.body.id, ['CANCELLED']);
    expect(cancelled.cancelReason).toMatch(/stock/);
    expect((await api('GET', `/orders/${placed.body.id}/payment`, shopper)).status).toBe(404);
    await untilStock(product.id, { onHand: 1, reserved: 0, available: 1 });
  });

  it('payment declined → the order keeps its stock for a retry; cancelled then → the stock is released', async () => {
    const shopper = newShopper();
    const { product, orderId } = await approvedOrder(shopper, {
      onHand: 3,
      quantity: 3,
      action: 'approve-declining',
    });
    const declined = await capture(shopper, orderId);
    expect(declined.body).toMatchObject({ status: 'FAILED', failureReason: 'INSTRUMENT_DECLINED' });
    const waiting = await untilDeclineRecorded(shopper, orderId);
    expect(waiting.status).toBe('STOCK_RESERVED');
    expect(await stockOf(product.id)).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
    const cancel = await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'paying later' });
    expect(cancel.status).toBe(200);
    const cancelled = await untilStatus(shopper, orderId, ['CANCELLED']);
    expect(cancelled.cancelReason).toBe('paying later');
    await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
  });

  it('approval never given → CANCELLED when the approval times out, and the stock is released', async () => {
    const shopper = newShopper();
    const product = await createProduct(2);
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
    const placed = await checkout(shopper);
    await withApproveUrl(shopper, placed.body.id);
    const cancelled = await untilStatus(shopper, placed.body.id, ['CANCELLED'], 90_000);
    expect(cancelled.cancelReason).toMatch(/not approved in time/);
    await untilStock(product.id, { onHand: 2, reserved: 0, available: 2 });
    const late = await capture(shopper, placed.body.id);
    expect(late.status).toBe(409);
  }, 150_000);

  it('the same capture sent twice at once takes the money once (a race that raced)', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper, { amount: 1999 });
    const runs = await race(2, () => capture(shopper, orderId));
    expect(allOverlap(runs)).toBe(true);
    const [first, second] = runs.map((r) => r.result);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    expect(second!.body.capture.providerCaptureId).toBe(first!.body.capture.providerCaptureId);

    const confirmed = await untilStatus(shopper, orderId, ['CONFIRMED']);
    expect(historyOf(confirmed)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
    // At PayPal: the order holds exactly one capture, of the order's total.
    const payment = (await api('GET', `/orders/${orderId}/payment`, shopper)).body;
    const atPayPal = await paypalOrder(payment.providerOrderId);
    expect(atPayPal.body.purchase_units[0].payments.captures).toEqual([
      expect.objectContaining({
        id: first!.body.capture.providerCaptureId,
        amount: { currency_code: 'EUR', value: '19.99' },
      }),
    ]);
  });

  it('a payment.succeeded delivered twice to a cancelled order is acted on once (order sidecar boundary)', async () => {
    // A cancelled order answers a late payment by announcing its cancellation again (so a
    // captured payment is refunded). A second delivery of the same event would announce it
    // once more: that announcement, not a capped count, is what this test watches.
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper);
    const cancelled = await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'changed my mind' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const payment = (await api('GET', `/orders/${orderId}/payment`, shopper)).body;

    const announcements = async () =>
      (
        await ordersDb.query(
          `SELECT count(*)::int AS n FROM outbox WHERE topic = 'order.cancelled' AND payload->>'orderId' = $1`,
          [orderId],
        )
      ).rows[0].n as number;
    expect(await announcements()).toBe(1);

    const late = {
      ...envelope(),
      orderId,
      paymentId: payment.id,
      amount: payment.amount,
      providerCaptureId: randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase(),
    };
    await publishAs('payment', 'payment.succeeded', late);
    await eventually(async () => ((await announcements()) === 2 ? true : undefined), {
      what: 'the late payment to re-announce the cancellation',
    });
    await publishAs('payment', 'payment.succeeded', late);
    const before = (await getOrder(shopper, orderId)).body;
    await stillAfter(async () => {
      expect(await announcements()).toBe(2);
      expect((await getOrder(shopper, orderId)).body.history).toEqual(before.history);
    });
  });

  it('two concurrent checkouts of one cart with the same Idempotency-Key → one order (a race that raced)', async () => {
    const shopper = newShopper();
    const product = await createProduct(5);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const key = randomUUID();
    const runs = await race(2, () => checkout(shopper, key));
    expect(allOverlap(runs)).toBe(true);
    const [a, b] = runs.map((r) => r.result);
    expect([a!.status, b!.status].sort()).toEqual([200, 201]);
    expect(a!.body.id).toBe(b!.body.id);
    const again = await checkout(shopper, key);
    expect(again.body.id).toBe(a!.body.id);
    expect((await ordersOf(shopper)).map((o) => o.id)).toEqual([a!.body.id]);
    await withApproveUrl(shopper, a!.body.id);
    await untilStock(product.id, { onHand: 5, reserved: 1, available: 4 });
  });

  it('shoppers racing for the last unit: one order gets it, the others are cancelled, stock never below zero', async () => {
    const product = await createProduct(1, 4200);
    const shoppers = Array.from({ length: 4 }, () => newShopper());
    for (const shopper of shoppers) await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);

    const runs = await race(shoppers.length, (i) => checkout(shoppers[i]!));
    expect(allOverlap(runs)).toBe(true);
    expect(runs.map((r) => r.result.status)).toEqual(shoppers.map(() => 201));

    const outcomes = await Promise.all(
      runs.map((r, i) => untilStatus(shoppers[i]!, r.result.body.id, ['STOCK_RESERVED', 'CANCELLED'])),
    );
    const winners = outcomes.flatMap((o, i) => (o.status === 'STOCK_RESERVED' ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const loser of outcomes.filter((o) => o.status === 'CANCELLED'))
      expect(loser.cancelReason).toMatch(/stock rejected/);
    await untilStock(product.id, { onHand: 1, reserved: 1, available: 0 });

    // The winner pays and the unit is sold; no balance in the ledger ever promised more than the shelf.
    const winner = shoppers[winners[0]!]!;
    const order = await withApproveUrl(winner, outcomes[winners[0]!]!.id);
    await approveOnPayPal(order.payment.approveUrl);
    expect((await capture(winner, order.id)).status).toBe(200);
    await untilStatus(winner, order.id, ['CONFIRMED']);
    await untilStock(product.id, { onHand: 0, reserved: 0, available: 0 });
    await catalogDb.connect();
    const ledger = await catalogDb
      .db()
      .collection('stock_movements')
      .find({ productId: product.id })
      .toArray();
    for (const entry of ledger) {
      expect(entry.reserved).toBeGreaterThanOrEqual(0);
      expect(entry.onHand - entry.reserved).toBeGreaterThanOrEqual(0);
    }
    expect(ledger.filter((e) => e.kind === 'HOLD')).toHaveLength(1);
  });

  it('an admin ships and then delivers a confirmed order; the shopper follows it and can do neither', async () => {
    const shopper = await registeredShopper();
    const admin = newAdmin();
    const { orderId } = await approvedOrder(shopper);
    expect((await capture(shopper, orderId)).status).toBe(200);
    await untilStatus(shopper, orderId, ['CONFIRMED']);

    const shipment = { trackingNumber: 'TRK-4711', carrier: 'DHL' };
    expect((await api('POST', `/orders/${orderId}/ship`, shopper, shipment)).status).toBe(403);
    const noTracking = await api('POST', `/orders/${orderId}/ship`, admin, { carrier: 'DHL' });
    expect(noTracking.status).toBe(400);
    expect(noTracking.body.errors[0].path).toBe('trackingNumber');
    expect((await api('POST', `/orders/${orderId}/deliver`, admin)).status).toBe(409);

    const shipped = await api('POST', `/orders/${orderId}/ship`, admin, shipment);
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'SHIPPED', tracking: shipment });
    expect((await getOrder(shopper, orderId)).body).toMatchObject({ status: 'SHIPPED', tracking: shipment });
    expect((await api('POST', `/orders/${orderId}/ship`, admin, shipment)).status).toBe(409);
    // The shopper's history (customer service, from order.shipped) shows the parcel too.
    await eventually(
      async () => {
        const [entry] = (await api('GET', '/me/orders', shopper)).body.items;
        return entry?.status === 'SHIPPED' && entry.trackingNumber === 'TRK-4711' ? entry : undefined;
      },
      { what: "the shipment in the shopper's history" },
    );

    expect((await api('POST', `/orders/${orderId}/deliver`, shopper)).status).toBe(403);
    const delivered = await api('POST', `/orders/${orderId}/deliver`, admin);
    expect(delivered.status).toBe(200);
    expect(historyOf(delivered.body)).toEqual([
      'PENDING',
      'STOCK_RESERVED',
      'PAID',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
    // Delivered is final: no cancellation, no second delivery.
    expect(
      (await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'changed my mind' })).status,
    ).toBe(409);
    expect((await api('POST', `/orders/${orderId}/deliver`, admin)).status).toBe(409);
    expect((await getOrder(shopper, orderId)).body.status).toBe('DELIVERED');
  });

  it('a shopper cancels a paid order and gets the money back', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper, { onHand: 2, quantity: 1, amount: 3000 });
    expect((await capture(shopper, orderId)).status).toBe(200);
    await untilStatus(shopper, orderId, ['CONFIRMED']);
    const cancelled = await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'arrived too late' });
    expect(cancelled.status).toBe(200);
    const refunded = await untilStatus(shopper, orderId, ['REFUNDED']);
    expect(historyOf(refunded)).toEqual([
      'PENDING',
      'STOCK_RESERVED',
      'PAID',
      'CONFIRMED',
      'CANCELLED',
      'REFUNDED',
    ]);
    const payment = (await api('GET', `/orders/${orderId}/payment`, shopper)).body;
    expect(payment).toMatchObject({
      status: 'REFUNDED',
      refund: { amount: { amount: 3000, currency: 'EUR' } },
    });
    // PayPal gave the whole capture back.
    expect((await paypalRefund(payment.refund.providerRefundId)).body.amount).toEqual({
      currency_code: 'EUR',
      value: '30.00',
    });
    expect((await paypalCapture(payment.capture.providerCaptureId)).body.status).toBe('REFUNDED');
  });

  describe('bad input → 400 problem+json naming the field, nothing written', () => {
    let shopper: Who;
    let productId: string;
    beforeAll(async () => {
      shopper = newShopper();
      productId = (await createProduct(5)).id;
    });
    afterEach(async () => {
      expect(await ordersOf(shopper)).toEqual([]);
    });

    it.each([
      ['quantity 0', 0, 'lines.0.quantity'],
      ['quantity 10,000', 10_000, 'lines.0.quantity'],
    ])('cart line with %s', async (_name, quantity, path) => {
      const current = await api('GET', '/cart', shopper);
      const etag = current.headers.get('etag');
      const res = await api(
        'PUT',
        '/cart',
        shopper,
        { lines: [{ productId, quantity }] },
        etag ? { 'if-match': etag } : {},
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    });

    it('an unknown product', async () => {
      const current = await api('GET', '/cart', shopper);
      const etag = current.headers.get('etag');
      const res = await api(
        'PUT',
        '/cart',
        shopper,
        { lines: [{ productId: '0123456789abcdef01234567', quantity: 1 }] },
        etag ? { 'if-match': etag } : {},
      );
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
      const res = await api(
        'POST',
        '/orders',
        shopper,
        { shippingAddress: address, currency: 'EUR' },
        key ? { 'idempotency-key': key } : {},
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    });
  });

  it('the order service killed between two saga steps still brings the order to a final state', async () => {
    const shopper = newShopper();
    const product = await createProduct(2);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    // Crash right after the order is written: order.placed may still be in the outbox.
    const crashed = crashApp('order', 'services/order', 5003);
    await sleep(2000);
    // Restored as `npm start` runs it: the same command, environment and sidecar (src/apps.ts).
    await crashed.restart();
    await eventually(async () => ((await systemHealthy()) ? true : undefined), {
      what: 'the gateway to see every service healthy again',
    });
    const reserved = await withApproveUrl(shopper, placed.body.id);
    await approveOnPayPal(reserved.payment.approveUrl);
    expect((await capture(shopper, placed.body.id)).status).toBe(200);
    const final = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);
    expect(historyOf(final)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
  });
});
