import mongoose from 'mongoose';
import { Topics } from '@sidecart/contracts';
import { checkTargets, databaseOf } from '../src/seed-large';
import {
  customerIds,
  productName,
  rng,
  seedOrder,
  seedProduct,
  stockCopy,
  type SeedOrder,
} from '../src/seed-records';
import type { LedgerEntry } from '../../../services/product/src/store/stock-ledger';

const categories = ['kitchen', 'living', 'travel'];

function seedSome(products: number, orders: number) {
  const random = rng(7);
  const start = Date.UTC(2025, 0, 1);
  const seeded = Array.from({ length: products }, (_, i) =>
    seedProduct(i, {
      categories,
      random,
      createdAt: new Date(start - 86_400_000),
      objectId: () => new mongoose.Types.ObjectId(),
    }),
  );
  const ctx = {
    products: seeded,
    customers: customerIds(50, random),
    random,
    paypalBase: 'http://127.0.0.1:8090',
    storefront: 'http://localhost:3000',
    reservationTtlMs: 900_000,
  };
  const placed: SeedOrder[] = Array.from({ length: orders }, (_, i) =>
    seedOrder(new Date(start + i * 60_000), ctx),
  );
  return { seeded, placed };
}

describe('the data-growth seed', () => {
  const { seeded, placed } = seedSome(40, 600);

  it('gives 10,000 products 10,000 different names', () => {
    expect(new Set(Array.from({ length: 10_000 }, (_, i) => productName(i))).size).toBe(10_000);
  });

  it('charges every order its total: lines, payment, capture and events agree', () => {
    for (const o of placed) {
      const sum = o.lines.reduce((n, l) => n + l.quantity * l.unitAmount, 0);
      expect(o.order.totalAmount).toBe(sum);
      expect(o.payment.amount).toBe(sum);
      expect(o.capture.amount).toBe(sum);
      expect(o.capture.paymentId).toBe(o.payment.id);
      expect(o.order.paymentId).toBe(o.payment.id);
      const succeeded = o.paymentOutbox.find((e) => e.topic === 'payment.succeeded')!.payload as {
        amount: { amount: number };
      };
      expect(succeeded.amount.amount).toBe(sum);
    }
  });

  it('writes every event in the shape its topic requires, published', () => {
    for (const o of placed.slice(0, 50)) {
      const events = [
        ...o.orderOutbox,
        ...o.paymentOutbox,
        ...o.outcomes
          .filter((d) => d.event)
          .map((d) => ({ topic: d.event!.topic, payload: d.event!.payload })),
        ...o.history_events.map((h) => ({ topic: h.topic, payload: h.event })),
      ];
      for (const e of events) expect(() => Topics[e.topic].parse(e.payload)).not.toThrow();
      expect(o.orderOutbox.every((e) => e.publishedAt >= e.createdAt)).toBe(true);
      expect(o.outcomes.every((d) => d.done)).toBe(true);
      // The shopper's history holds the very events the order service published.
      expect(o.history_events.map((h) => h._id)).toEqual(o.orderOutbox.map((e) => e.eventId));
    }
  });

  it('leaves a history that walks the saga to CONFIRMED', () => {
    expect(placed[0]!.history.map((h) => h.status)).toEqual([
      'PENDING',
      'STOCK_RESERVED',
      'PAID',
      'CONFIRMED',
    ]);
  });

  it("keeps each product's ledger gap-free and its listing copy at the ledger's last balance", () => {
    const ledger: LedgerEntry[] = [...seeded.map((p) => p.opening), ...placed.flatMap((o) => o.ledger)];
    for (const p of seeded) {
      const id = p.doc._id.toHexString();
      const entries = ledger.filter((e) => e.productId === id).sort((a, b) => a.seq - b.seq);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      let onHand = 0;
      let reserved = 0;
      for (const e of entries) {
        onHand += e.onHandDelta;
        reserved += e.reservedDelta;
        expect({ onHand: e.onHand, reserved: e.reserved }).toEqual({ onHand, reserved });
        expect(e.onHand).toBeGreaterThanOrEqual(e.reserved);
        expect(e.reserved).toBeGreaterThanOrEqual(0);
      }
      // Every checkout is settled: nothing stays reserved, and units sold are the orders' quantities.
      const sold = placed
        .flatMap((o) => o.lines)
        .filter((l) => l.productId === id)
        .reduce((n, l) => n + l.quantity, 0);
      expect(stockCopy(p.balance)).toEqual({
        onHand: p.opening.onHand - sold,
        reserved: 0,
        available: p.opening.onHand - sold,
        seq: entries.at(-1)!.seq,
      });
    }
  });

  it('holds and commits each product of an order once, under the keys the product service uses', () => {
    const o = placed.find((x) => x.lines.length > 1)!;
    const slots = o.ledger.map((e) => e._id);
    expect(new Set(slots).size).toBe(slots.length);
    expect(o.ledger.every((e) => e._id === `${e.productId}:${e.seq}`)).toBe(true);
    const keys = o.ledger.map((e) => e.key);
    for (const l of o.reservation.lines) {
      expect(keys).toContain(`${l.productId}:${o.order.id}:HOLD`);
      expect(keys).toContain(`${l.productId}:${o.order.id}:SETTLE`);
    }
    expect(o.outcomes.map((d) => d._id)).toEqual([`${o.order.id}:decision`, `${o.order.id}:settlement`]);
  });
});

describe('where the seed may write', () => {
  const bench = {
    ORDER_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders_bench',
    PAYMENT_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/payments_bench',
    PRODUCT_MONGO_URL: 'mongodb://127.0.0.1:27017/catalog_bench',
    CUSTOMER_MONGO_URL: 'mongodb://127.0.0.1:27017/customers_bench',
    STATESTORE_CONNECTION_STRING: 'host=localhost port=5432 user=postgres dbname=sidecart_state_bench',
  };

  it("writes into a bench profile's databases", () => {
    expect(() => checkTargets('bench', bench)).not.toThrow();
    expect(databaseOf(bench.STATESTORE_CONNECTION_STRING)).toBe('sidecart_state_bench');
  });

  it("refuses the shop's own profile and any database not of the profile", () => {
    expect(() => checkTargets('dev', bench)).toThrow(/bench or test/);
    expect(() =>
      checkTargets('bench', { ...bench, ORDER_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders' }),
    ).toThrow(/ORDER_DATABASE_URL names database 'orders'/);
    expect(() => checkTargets('test', bench)).toThrow(/_test/);
  });
});
