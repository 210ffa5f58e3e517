/**
 * The dashboard's read model (store/reports.ts) driven directly against PostgreSQL, in a scratch
 * database of its own on the test profile's server (dropped after): events out of order, one
 * event delivered many times at once, and many orders moving at once. The full-stack test
 * (packages/stack-tests/test/dashboard.test.ts) proves the same through the gateway and the broker.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { allOverlap, race } from '../../../packages/stack-tests/src/stack';
import { OrderStore } from '../src/store/orders';
import { ReportStore } from '../src/store/reports';
import { scratchOrdersDatabase } from './scratch-database';

const db = scratchOrdersDatabase('reports');
let reports: ReportStore;
beforeAll(() => {
  reports = new ReportStore(db.pool);
});

const EUR = 'EUR' as const;
const envelope = () => ({ eventId: randomUUID(), occurredAt: new Date().toISOString() });
const productId = () => randomBytes(12).toString('hex');
const line = (id: string, quantity: number, amount: number) => ({
  productId: id,
  sku: `SKU-${id.slice(0, 6)}`,
  quantity,
  unitPrice: { amount, currency: EUR },
});
const statusCounts = async () =>
  Object.fromEntries((await reports.report(30)).ordersByStatus.map((s) => [s.status, s.orders]));

describe('reporting read model (PostgreSQL)', () => {
  it('keeps the latest status whatever order the events arrive in, and counts each event once', async () => {
    const before = await statusCounts();
    const orderId = randomUUID();
    const product = productId();
    const lines = [line(product, 2, 150), line(product, 1, 150)];
    const total = { amount: 450, currency: EUR };
    const confirmed = { ...envelope(), orderId, customerId: 'c1', lines, total };

    // The confirmation arrives before the placement; then it is delivered again.
    expect(await reports.record({ topic: 'order.confirmed', event: confirmed })).toBe(true);
    expect(await reports.record({ topic: 'order.confirmed', event: confirmed })).toBe(false);
    expect(
      await reports.record({
        topic: 'order.placed',
        event: { ...envelope(), orderId, customerId: 'c1', lines, total },
      }),
    ).toBe(true);

    const report = await reports.report(30);
    expect(report.topProducts.find((p) => p.productId === product)).toEqual({
      productId: product,
      sku: lines[0]!.sku,
      units: 3,
      orders: 1,
      revenue: { amount: 450, currency: EUR },
    });
    const after = await statusCounts();
    expect(after.CONFIRMED).toBe(before.CONFIRMED! + 1);
    expect(after.PENDING).toBe(before.PENDING);
    expect(report.revenue[0]!.days).toHaveLength(30);
  });

  it('projects a saga event in the saga’s transaction, once, even for an order it does not know', async () => {
    const orders = new OrderStore(db.pool, reports);
    const failed = { ...envelope(), orderId: randomUUID(), reason: 'INSTRUMENT_DECLINED' };
    const deliver = () =>
      orders.apply(
        failed.orderId,
        { kind: 'payment.failed', reason: failed.reason },
        {
          eventId: failed.eventId,
          topic: 'payment.failed',
          report: { topic: 'payment.failed', event: failed },
        },
      );
    const runs = await race(10, deliver);
    expect(allOverlap(runs)).toBe(true);
    expect(runs.map((r) => r.result).sort()).toEqual([...Array(9).fill('duplicate'), 'not-found']);
    const { paymentFailures } = await reports.report(30);
    expect(paymentFailures.recent.filter((f) => f.orderId === failed.orderId)).toHaveLength(1);
  });

  it('keeps the counts exact while 20 orders move at once, each event delivered twice', async () => {
    const before = await statusCounts();
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const product = productId();
    const lines = [line(product, 1, 999)];
    const total = { amount: 999, currency: EUR };
    const placed = ids.map((orderId) => ({ ...envelope(), orderId, customerId: 'c2', lines, total }));
    const shipped = ids.map((orderId) => ({ ...envelope(), orderId, customerId: 'c2', trackingNumber: 'T' }));
    const cancelled = ids.map((orderId) => ({ ...envelope(), orderId, customerId: 'c2', reason: 'r' }));
    // Half the orders ship, half are cancelled; placements, moves and their duplicates race.
    const deliveries = ids.flatMap((_, i) => {
      const move =
        i % 2 === 0
          ? ({ topic: 'order.shipped', event: shipped[i]! } as const)
          : ({ topic: 'order.cancelled', event: cancelled[i]! } as const);
      const place = { topic: 'order.placed', event: placed[i]! } as const;
      return [place, move, place, move];
    });
    const runs = await race(deliveries.length, (i) => reports.record(deliveries[i]!));
    expect(runs.filter((r) => r.result)).toHaveLength(40);
    const after = await statusCounts();
    expect(after.SHIPPED! - before.SHIPPED!).toBe(10);
    expect(after.CANCELLED! - before.CANCELLED!).toBe(10);
    expect(after.PENDING).toBe(before.PENDING);
  });
});
