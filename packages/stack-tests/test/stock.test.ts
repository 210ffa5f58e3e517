/**
 * Stock through the real stack. Admins adjust stock and everyone reads it through the public
 * gateway (real tokens). The reservation tests put order events on the broker as the order
 * service would (through its sidecar): the product service's event boundary is their subject,
 * and they read a reservation's state from the service's operator route behind its sidecar.
 * The checkout race for the last unit through POST /api/v1/orders is in checkout.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { api } from '../src/api';
import { envelope, publishAs } from '../src/events';
import { operatorRead } from '../src/services';
import { createProduct, newAdmin, newShopper, stockOf, untilStock } from '../src/shop';
import { allOverlap, eventually, localSecrets, race, stillAfter } from '../src/stack';

// Reservations are decided asynchronously through the broker; the project's testTimeout is not applied per project.
jest.setTimeout(180_000);

const mongo = new MongoClient(localSecrets().PRODUCT_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });
afterAll(() => mongo.close());

const catalog = () => mongo.db();

const orderPlaced = (lines: { productId: string; sku: string; quantity: number }[]) => ({
  ...envelope(),
  orderId: randomUUID(),
  customerId: randomUUID(),
  lines: lines.map((l) => ({ ...l, unitPrice: { amount: 4900, currency: 'EUR' } })),
  total: { amount: 4900 * lines.reduce((n, l) => n + l.quantity, 0), currency: 'EUR' },
});

/** Waits until the product service has decided (or settled) the order's reservation (operator route). */
async function reservation(orderId: string, until: (status: string) => boolean = (s) => s !== 'RESERVING') {
  return eventually(
    async () => {
      const res = await operatorRead('product', `reservations/${orderId}`);
      return res.status === 200 && until(res.body.status) ? res.body : undefined;
    },
    { within: 90_000, what: `reservation of ${orderId}` },
  );
}

/** The ledger's totals for a product: what every movement added up to, and the lowest balances ever. */
async function ledgerOf(productId: string) {
  const entries = await catalog()
    .collection('stock_movements')
    .find({ productId })
    .sort({ seq: 1 })
    .toArray();
  return {
    onHand: entries.reduce((n, e) => n + e.onHandDelta, 0),
    reserved: entries.reduce((n, e) => n + e.reservedDelta, 0),
    lowestAvailable: Math.min(...entries.map((e) => e.onHand - e.reserved)),
    lowestReserved: Math.min(...entries.map((e) => e.reserved)),
  };
}

/** How many reservations the product service was deciding at the same moment, at most. */
async function mostDecidedAtOnce(orderIds: string[]): Promise<number> {
  const opened = await catalog()
    .collection('reservations')
    .find({ _id: { $in: orderIds } } as never)
    .toArray();
  const decided = await catalog()
    .collection('reservation_outcomes')
    .find({ _id: { $in: orderIds.map((id) => `${id}:decision`) } } as never)
    .toArray();
  const decidedAt = new Map(decided.map((d) => [d.orderId as string, (d.at as Date).getTime()]));
  const edges = opened.flatMap((r) => [
    { t: (r.createdAt as Date).getTime(), d: 1 },
    { t: decidedAt.get(r._id as unknown as string)!, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (now += e.d));
  return most;
}

describe('stock: admin adjustments through the gateway', () => {
  it('an admin restocks and corrects; shoppers see it; a shopper may not adjust', async () => {
    const product = await createProduct(2);
    const admin = newAdmin();
    const restock = await api('POST', `/products/${product.id}/stock`, admin, {
      delta: 5,
      reason: 'RESTOCK',
    });
    expect(restock.status).toBe(200);
    expect(restock.body.stock).toEqual({ onHand: 7, reserved: 0, available: 7 });
    const lost = await api('POST', `/products/${product.id}/stock`, admin, {
      delta: -3,
      reason: 'LOST',
      note: 'dropped',
    });
    expect(lost.body.stock).toEqual({ onHand: 4, reserved: 0, available: 4 });
    await untilStock(product.id, { onHand: 4, reserved: 0, available: 4 });

    const below = await api('POST', `/products/${product.id}/stock`, admin, {
      delta: -5,
      reason: 'CORRECTION',
    });
    expect(below.status).toBe(409);
    const zero = await api('POST', `/products/${product.id}/stock`, admin, { delta: 0, reason: 'RESTOCK' });
    expect(zero.status).toBe(400);
    expect(zero.body.errors.map((e: { path: string }) => e.path)).toContain('delta');
    expect(
      (await api('POST', `/products/${product.id}/stock`, newShopper(), { delta: 9, reason: 'RESTOCK' }))
        .status,
    ).toBe(403);
    await untilStock(product.id, { onHand: 4, reserved: 0, available: 4 });
    expect(await ledgerOf(product.id)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('admins taking units off the shelf at once never take more than there are (a race that raced)', async () => {
    const product = await createProduct(5);
    const admins = Array.from({ length: 8 }, () => newAdmin());
    const runs = await race(admins.length, (i) =>
      api('POST', `/products/${product.id}/stock`, admins[i]!, { delta: -1, reason: 'DAMAGED' }),
    );
    expect(allOverlap(runs)).toBe(true);
    const statuses = runs.map((r) => r.result.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
    await untilStock(product.id, { onHand: 0, reserved: 0, available: 0 });
    expect(await ledgerOf(product.id)).toEqual({
      onHand: 0,
      reserved: 0,
      lowestAvailable: 0,
      lowestReserved: 0,
    });
  });
});

describe('stock reservation on order events (order sidecar boundary)', () => {
  it('50 orders for 10 units decided at once: exactly 10 reserved, 40 rejected, never below zero', async () => {
    const limited = await createProduct(10, 4900);
    const orders = Array.from({ length: 50 }, () =>
      orderPlaced([{ productId: limited.id, sku: limited.sku, quantity: 1 }]),
    );
    const published = await race(orders.length, (i) => publishAs('order', 'order.placed', orders[i]));
    expect(allOverlap(published)).toBe(true);
    const outcomes = await Promise.all(orders.map((o) => reservation(o.orderId)));

    // The race happened where it matters: the product service had several of them open at once.
    const atOnce = await mostDecidedAtOnce(orders.map((o) => o.orderId));
    console.log(`at most ${atOnce} of 50 reservations were being decided at the same moment`);
    expect(atOnce).toBeGreaterThan(1);

    const statuses = outcomes.map((r) => r.status);
    expect(statuses.filter((s) => s === 'RESERVED')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'REJECTED')).toHaveLength(40);
    const rejected = outcomes.find((r) => r.status === 'REJECTED');
    expect(rejected.rejections).toEqual([
      { productId: limited.id, requested: 1, available: 0, reason: 'OUT_OF_STOCK' },
    ]);
    await untilStock(limited.id, { onHand: 10, reserved: 10, available: 0 });
    // Every intermediate balance in the ledger: never more promised than on the shelf.
    expect(await ledgerOf(limited.id)).toEqual({
      onHand: 10,
      reserved: 10,
      lowestAvailable: 0,
      lowestReserved: 0,
    });
  });

  it('the same order.placed delivered twice, and re-sent under a new eventId, holds the units once', async () => {
    const item = await createProduct(5, 4900);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 2 }]);
    await publishAs('order', 'order.placed', order);
    await publishAs('order', 'order.placed', order);
    // The same order again under a new eventId (a producer retry) is still the same order.
    await publishAs('order', 'order.placed', { ...order, ...envelope() });
    expect((await reservation(order.orderId)).status).toBe('RESERVED');
    // A second hold would promise 2 more units: the shelf shows it, and so do the ledger's totals.
    await untilStock(item.id, { onHand: 5, reserved: 2, available: 3 });
    await stillAfter(async () => {
      expect(await stockOf(item.id)).toEqual({ onHand: 5, reserved: 2, available: 3 });
      expect(await ledgerOf(item.id)).toMatchObject({ onHand: 5, reserved: 2 });
    });
  });

  it('reserves all lines or none, naming the line that failed', async () => {
    const plenty = await createProduct(10, 4900);
    const scarce = await createProduct(1, 4900);
    const order = orderPlaced([
      { productId: plenty.id, sku: plenty.sku, quantity: 3 },
      { productId: scarce.id, sku: scarce.sku, quantity: 2 },
    ]);
    await publishAs('order', 'order.placed', order);
    const decided = await reservation(order.orderId);
    expect(decided.status).toBe('REJECTED');
    expect(decided.rejections).toEqual([
      { productId: scarce.id, requested: 2, available: 1, reason: 'INSUFFICIENT_STOCK' },
    ]);
    await untilStock(plenty.id, { onHand: 10, reserved: 0, available: 10 });
    await untilStock(scarce.id, { onHand: 1, reserved: 0, available: 1 });
  });

  it('rejects an unknown product', async () => {
    const order = orderPlaced([{ productId: '0123456789abcdef01234567', sku: 'NOPE', quantity: 1 }]);
    await publishAs('order', 'order.placed', order);
    expect((await reservation(order.orderId)).rejections[0].reason).toBe('UNKNOWN_PRODUCT');
  });

  it('order.confirmed delivered twice sells the held units once', async () => {
    const item = await createProduct(4, 4900);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 3 }]);
    await publishAs('order', 'order.placed', order);
    await reservation(order.orderId);
    const confirmed = {
      ...envelope(),
      orderId: order.orderId,
      customerId: order.customerId,
      lines: order.lines,
      total: order.total,
    };
    await publishAs('order', 'order.confirmed', confirmed);
    await publishAs('order', 'order.confirmed', confirmed);
    await reservation(order.orderId, (s) => s === 'COMMITTED');
    // Selling twice would take 3 more units off the shelf (or be refused below zero).
    await untilStock(item.id, { onHand: 1, reserved: 0, available: 1 });
    await stillAfter(async () => {
      expect(await stockOf(item.id)).toEqual({ onHand: 1, reserved: 0, available: 1 });
      expect(await ledgerOf(item.id)).toMatchObject({ onHand: 1, reserved: 0 });
    });
  });

  it('a confirmed order cancelled before it ships puts its sold units back, once however often delivered', async () => {
    const item = await createProduct(5, 4900);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 2 }]);
    await publishAs('order', 'order.placed', order);
    await reservation(order.orderId);
    await publishAs('order', 'order.confirmed', {
      ...envelope(),
      orderId: order.orderId,
      customerId: order.customerId,
      lines: order.lines,
      total: order.total,
    });
    await reservation(order.orderId, (s) => s === 'COMMITTED');
    await untilStock(item.id, { onHand: 3, reserved: 0, available: 3 });
    const cancelled = {
      ...envelope(),
      orderId: order.orderId,
      customerId: order.customerId,
      reason: 'changed my mind',
    };
    await publishAs('order', 'order.cancelled', cancelled);
    await publishAs('order', 'order.cancelled', { ...cancelled, ...envelope() }); // re-sent under a new eventId
    await untilStock(item.id, { onHand: 5, reserved: 0, available: 5 });
    // Putting them back twice would show 7 on the shelf.
    await stillAfter(async () => {
      expect(await stockOf(item.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
      expect(await ledgerOf(item.id)).toMatchObject({ onHand: 5, reserved: 0 });
    });
  });

  it('order.cancelled puts the units back', async () => {
    const item = await createProduct(4, 4900);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 4 }]);
    await publishAs('order', 'order.placed', order);
    await reservation(order.orderId);
    await untilStock(item.id, { onHand: 4, reserved: 4, available: 0 });
    await publishAs('order', 'order.cancelled', {
      ...envelope(),
      orderId: order.orderId,
      customerId: order.customerId,
      reason: 'payment failed',
    });
    await reservation(order.orderId, (s) => s === 'RELEASED');
    await untilStock(item.id, { onHand: 4, reserved: 0, available: 4 });
  });

  it('a reservation that times out is released by the sweeper', async () => {
    const item = await createProduct(2, 4900);
    const order = orderPlaced([{ productId: item.id, sku: item.sku, quantity: 2 }]);
    await publishAs('order', 'order.placed', order);
    await reservation(order.orderId);
    // Let its time run out now instead of in 15 minutes (and the sweeper look at it now).
    const past = new Date(Date.now() - 1000);
    await catalog()
      .collection('reservations')
      .updateOne({ _id: order.orderId } as never, { $set: { expiresAt: past } });
    await catalog()
      .collection('reservations_open')
      .updateOne({ _id: order.orderId } as never, { $set: { due: past } });
    await reservation(order.orderId, (s) => s === 'RELEASED');
    await untilStock(item.id, { onHand: 2, reserved: 0, available: 2 });
    const released = await catalog()
      .collection('reservation_outcomes')
      .findOne({ _id: `${order.orderId}:settlement` } as never);
    expect(released?.event?.payload).toMatchObject({
      orderId: order.orderId,
      reason: 'reservation timed out',
    });
  });

  it('the operator route: a malformed order id is 400, an unknown one 404 (sidecar boundary)', async () => {
    expect((await operatorRead('product', 'reservations/nope')).status).toBe(400);
    expect((await operatorRead('product', `reservations/${randomUUID()}`)).status).toBe(404);
  });
});
