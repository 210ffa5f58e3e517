/**
 * Invoice numbering (store/invoices.ts) driven directly against PostgreSQL, in a scratch database of
 * its own on the test profile's server (dropped after): many issues at once, one order's issue
 * delivered many times at once, and a rolled-back issue. The full-stack test
 * (packages/stack-tests/test/invoices.test.ts) proves the same through the gateway and the broker.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inTransaction } from '@sidecart/service-kit';
import { allOverlap, race } from '../../../packages/stack-tests/src/stack';
import { invoiceYear } from '../src/domain/invoice';
import { InvoiceStore } from '../src/store/invoices';
import { OrderStore } from '../src/store/orders';
import { scratchOrdersDatabase } from './scratch-database';

const db = scratchOrdersDatabase('invoices', 25);
let orders: OrderStore;
let invoices: InvoiceStore;
beforeAll(() => {
  orders = new OrderStore(db.pool);
  invoices = new InvoiceStore(db.pool, { name: 'Test Shop', address: ['1 Test Street'] });
});

const EUR = 'EUR' as const;
const place = async () => {
  const placed = await orders.place({
    customerId: randomBytes(12).toString('hex'),
    idempotencyKey: randomUUID(),
    lines: [
      {
        productId: randomBytes(12).toString('hex'),
        sku: 'SKU-1',
        name: 'Mug',
        quantity: 2,
        unitPrice: { amount: 750, currency: EUR },
      },
    ],
    total: { amount: 1500, currency: EUR },
    shippingAddress: { name: 'Ada', line1: '1 Road', city: 'Paris', postalCode: '75001', country: 'FR' },
    charges: {
      shippingMethod: null,
      shipping: 0,
      shippingTax: 0,
      tax: 0,
      taxCountry: 'FR',
      taxRate: 0,
      taxIncluded: true,
    },
  });
  return placed.id;
};
const issue = (orderId: string) => inTransaction(db.pool, (tx) => invoices.issue(tx, orderId));

/** Every invoice of the year, by sequence: what gaplessness is judged on. */
async function year(): Promise<{ seq: number; number: string; order_id: string }[]> {
  const { rows } = await db.pool.query(
    'SELECT seq, number, order_id FROM invoices WHERE year = $1 ORDER BY seq',
    [invoiceYear(new Date())],
  );
  return rows;
}
const expectGapless = (rows: { seq: number; number: string; order_id: string }[]) => {
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(new Set(rows.map((r) => r.order_id)).size).toBe(rows.length);
  for (const r of rows)
    expect(r.number).toBe(`INV-${invoiceYear(new Date())}-${String(r.seq).padStart(6, '0')}`);
};

describe('invoice numbers (PostgreSQL)', () => {
  it('stay gapless and unique when 20 orders are invoiced at once', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, place));
    const runs = await race(ids.length, (i) => issue(ids[i]!));
    expect(allOverlap(runs)).toBe(true);
    expect(runs.every((r) => r.result?.issued)).toBe(true);
    // The year holds these 20 and whatever the file's other tests issued (they run in any order).
    const rows = await year();
    expect(rows.filter((r) => ids.includes(r.order_id))).toHaveLength(20);
    expectGapless(rows);
  });

  it('give an order one invoice however often (and however concurrently) its issue is delivered', async () => {
    const orderId = await place();
    const before = await year();
    const runs = await race(8, () => issue(orderId));
    const numbers = new Set(runs.map((r) => r.result?.number));
    expect(numbers.size).toBe(1);
    expect(runs.filter((r) => r.result?.issued)).toHaveLength(1);
    const after = await year();
    expect(after).toHaveLength(before.length + 1);
    expectGapless(after);
    const invoice = await invoices.ofOrder(orderId);
    expect(invoice).toMatchObject({
      number: [...numbers][0],
      total: 1500,
      currency: 'EUR',
      lines: [{ sku: 'SKU-1', name: 'Mug', quantity: 2, unitAmount: 750 }],
      buyer: { name: 'Ada', country: 'FR' },
      seller: { name: 'Test Shop', address: ['1 Test Street'] },
    });
  });

  it('give a rolled-back number to the next invoice', async () => {
    const [failing, next] = [await place(), await place()];
    const before = await year();
    await expect(
      inTransaction(db.pool, async (tx) => {
        await invoices.issue(tx, failing);
        throw new Error('the process died before commit');
      }),
    ).rejects.toThrow('died');
    expect(await invoices.ofOrder(failing)).toBeNull();
    const issued = await issue(next);
    expect(issued?.number).toBe(
      `INV-${invoiceYear(new Date())}-${String(before.length + 1).padStart(6, '0')}`,
    );
    expectGapless(await year());
  });

  it('issues nothing for an order that does not exist', async () => {
    expect(await issue(randomUUID())).toBeNull();
  });
});
