/**
 * Stock reservations through the real stack: events published on the broker as the
 * order service would, consumed by the product service through its daprd, on FerretDB.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { eventually, localSecrets } from '../src/stack';
import { admin, envelope, invoke, publishAsOrder, unique } from '../src/services';

// Reservations are decided asynchronously through the broker; the project's testTimeout is not applied per project.
jest.setTimeout(180_000);

const mongo = new MongoClient(localSecrets().PRODUCT_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });
afterAll(() => mongo.close());

async function product(onHand: number) {
  const res = await invoke('product', 'products', {
    method: 'POST',
    as: admin,
    body: {
      sku: `STK-${unique().toUpperCase()}`,
      name: 'Limited Edition Print',
      categories: ['test-stock'],
      price: { amount: 4900, currency: 'EUR' },
      onHand,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; sku: string };
}

const orderPlaced = (lines: { productId: string; sku: string; quantity: number }[]) => ({
  ...envelope(),
  orderId: randomUUID(),
  customerId: randomUUID(),
  lines: lines.map((l) => ({ ...l, unitPrice: { amount: 4900, currency: 'EUR' } })),
  total: { amount: 4900 * lines.reduce((n, l) => n + l.quantity, 0), currency: 'EUR' },
});

const stockOf = async (id: string) => (await invoke('product', `products/${id}`)).body.stock;

/** Waits until the product service has decided (or settled) the order's reservation. */
async function reservation(orderId: string, until: (status: string) => boolean = (s) => s !== 'RESERVING') {
  return eventually(
    async () => {
      const res = await invoke('product', `reservations/${orderId}`, { as: admin, via: 'own' });
      return res.status === 200 && until(res.body.status) ? res.body : undefined;
    },
    90_000,
    `reservation of ${orderId}`,
  );
}

describe('stock reservation', () => {
  it('50 concurrent orders for 10 units: exactly 10 reserved, 40 rejected, never below zero', async () => {
    const limited = await product(10);
    const orders = Array.from({ length: 50 }, () =>
      orderPlaced([{ productId: limited.id, sku: limited.sku, quantity: 1 }]),
    );
    const started = Date.now();
    await Promise.all(orders.map((o) => publishAsOrder('order.placed', o)));
    const outcomes = await Promise.all(orders.map((o) => reservation(o.orderId)));
    console.log(`50 concurrent reservations decided in ${Date.now() - started} ms`);

    const statuses = outcomes.map((r) => r.status);
    expect(statuses.filter((s) => s === 'RESERVED')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'REJECTED')).toHaveLength(40);
    const rejected = outcomes.find((r) => r.status === 'REJECTED');
    expect(rejected.rejections).toEqual([
      { productId: limited.id, requested: 1, available: 0, reason: 'OUT_OF_STOCK' },
    ]);
    expect(await stockOf(limited.id)).toEqual({ onHand: 10, reserved: 10, available: 0 });

    // Every intermediate balance in the ledger: never more promised than on the shelf.
    const ledger = await mongo.db().collection('stock_ledger').find({ productId: limited.id }).toArray();
    expect(ledger).toHaveLength(11);
    for (const entry of ledger) {
      expect(entry.reserved).toBeGreaterThanOrEqual(0);
      expect(entry.onHand - entry.reserved).toBeGreaterThanOrEqual(0);
    }
  });

  it('the same order.placed delivered twice reserves once', async () => {
    const item = await product(5);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 2 }]);
    await publishAsOrder('order.placed', order);
    await publishAsOrder('order.placed', order);
    // The same order again under a new eventId (a producer retry) is still the same order.
    await publishAsOrder('order.placed', { ...order, ...envelope() });
    expect((await reservation(order.orderId)).status).toBe('RESERVED');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await stockOf(item.id)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    const holds = await mongo
      .db()
      .collection('stock_ledger')
      .countDocuments({ productId: item.id, kind: 'HOLD' });
    expect(holds).toBe(1);
  });

  it('reserves all lines or none, naming the line that failed', async () => {
    const plenty = await product(10);
    const scarce = await product(1);
    const order = orderPlaced([
      { productId: plenty.id, sku: plenty.sku, quantity: 3 },
      { productId: scarce.id, sku: scarce.sku, quantity: 2 },
    ]);
    await publishAsOrder('order.placed', order);
    const decided = await reservation(order.orderId);
    expect(decided.status).toBe('REJECTED');
    expect(decided.rejections).toEqual([
      { productId: scarce.id, requested: 2, available: 1, reason: 'INSUFFICIENT_STOCK' },
    ]);
    expect(await stockOf(plenty.id)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await stockOf(scarce.id)).toEqual({ onHand: 1, reserved: 0, available: 1 });
  });

  it('rejects an unknown product', async () => {
    const order = orderPlaced([{ productId: '0123456789abcdef01234567', sku: 'NOPE', quantity: 1 }]);
    await publishAsOrder('order.placed', order);
    expect((await reservation(order.orderId)).rejections[0].reason).toBe('UNKNOWN_PRODUCT');
  });

  it('order.confirmed sells the held units, once', async () => {
    const item = await product(4);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 3 }]);
    await publishAsOrder('order.placed', order);
    await reservation(order.orderId);
    const confirmed = {
      ...envelope(),
      orderId: order.orderId,
      customerId: order.customerId,
      total: order.total,
    };
    await publishAsOrder('order.confirmed', confirmed);
    await publishAsOrder('order.confirmed', confirmed);
    await reservation(order.orderId, (s) => s === 'COMMITTED');
    await eventually(async () => ((await stockOf(item.id)).onHand === 1 ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stockOf(item.id)).toEqual({ onHand: 1, reserved: 0, available: 1 });
  });

  it('order.cancelled puts the units back', async () => {
    const item = await product(4);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 4 }]);
    await publishAsOrder('order.placed', order);
    await reservation(order.orderId);
    expect(await stockOf(item.id)).toEqual({ onHand: 4, reserved: 4, available: 0 });
    await publishAsOrder('order.cancelled', {
      ...envelope(),
      orderId: order.orderId,
      customerId: order.customerId,
      reason: 'payment failed',
    });
    await reservation(order.orderId, (s) => s === 'RELEASED');
    expect(await stockOf(item.id)).toEqual({ onHand: 4, reserved: 0, available: 4 });
  });

  it('a reservation that times out is released by the sweeper', async () => {
    const item = await product(2);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 2 }]);
    await publishAsOrder('order.placed', order);
    await reservation(order.orderId);
    // Let its time run out now instead of in 15 minutes.
    await mongo
      .db()
      .collection('reservation_outcomes')
      .updateOne({ _id: `${order.orderId}:decision` } as never, {
        $set: { expiresAt: new Date(Date.now() - 1000) },
      });
    await reservation(order.orderId, (s) => s === 'RELEASED');
    expect(await stockOf(item.id)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    const released = await mongo
      .db()
      .collection('reservation_outcomes')
      .findOne({ _id: `${order.orderId}:settlement` } as never);
    expect(released?.event?.payload).toMatchObject({
      orderId: order.orderId,
      reason: 'reservation timed out',
    });
  });

  it('a malformed order id is 400, an unknown one 404', async () => {
    expect((await invoke('product', 'reservations/nope', { as: admin, via: 'own' })).status).toBe(400);
    expect((await invoke('product', `reservations/${randomUUID()}`, { as: admin, via: 'own' })).status).toBe(
      404,
    );
  });
});
