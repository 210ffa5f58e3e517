/**
 * Invoice numbering (store/invoices.ts) driven directly against PostgreSQL, in a scratch database of
 * its own on the test profile's server (dropped after): many issues at once, one order's issue
 * delivered many times at once, and a rolled-back issue. The full-stack test
 * (packages/stack-tests/test/invoices.test.ts) proves the same through the gateway and the broker.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { inTransaction } from '@sidecart/service-kit';
import { allOverlap, race } from '../../../packages/stack-tests/src/stack';
import { creditNoteNumber, invoiceYear } from '../src/domain/invoice';
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

describe('credit note numbers (PostgreSQL)', () => {
  const credit = (orderId: string, source: string, amount = 750) =>
    inTransaction(db.pool, (tx) =>
      invoices.credit(tx, {
        orderId,
        source,
        amount,
        lines: [{ sku: 'SKU-1', name: 'Mug', quantity: 1, unitAmount: 750 }],
        reason: 'Chipped',
      }),
    );
  const notes = async () =>
    (
      await db.pool.query<{ seq: number; number: string; order_id: string; source: string }>(
        'SELECT seq, number, order_id, source FROM credit_notes WHERE year = $1 ORDER BY seq',
        [invoiceYear(new Date())],
      )
    ).rows;

  it('run gapless in their own series when 10 invoiced orders are refunded at once', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, place));
    for (const id of ids) await issue(id);
    const runs = await race(ids.length, (i) => credit(ids[i]!, randomUUID()));
    expect(runs.every((r) => r.result?.issued)).toBe(true);
    const rows = await notes();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.number)).toEqual(
      rows.map((_, i) => creditNoteNumber(invoiceYear(new Date()), i + 1)),
    );
  });

  it('give a refund one credit note however often (and concurrently) it is credited; another refund its own', async () => {
    const orderId = await place();
    const invoice = (await issue(orderId))!;
    const refundId = randomUUID();
    const runs = await race(8, () => credit(orderId, refundId));
    expect(new Set(runs.map((r) => r.result?.number)).size).toBe(1);
    expect(runs.filter((r) => r.result?.issued)).toHaveLength(1);
    const second = await credit(orderId, randomUUID(), 300);
    expect(second?.issued).toBe(true);
    const mine = (await notes()).filter((r) => r.order_id === orderId);
    expect(mine).toHaveLength(2);
    const found = await invoices.creditNote(orderId, mine[0]!.number);
    expect(found?.note).toMatchObject({
      invoiceNumber: invoice.number,
      total: 750,
      lines: [{ sku: 'SKU-1', quantity: 1, unitAmount: 750 }],
      charges: { subtotal: 750, shipping: 0, taxRate: 0, tax: 0, total: 750 },
    });
    // The order's whole total paid back takes the order's charges as they are.
    const whole = await credit(orderId, 'cancellation', 1500);
    expect((await invoices.creditNote(orderId, whole!.number))?.note.charges).toEqual({
      subtotal: 1500,
      shipping: 0,
      taxRate: 0,
      tax: 0,
      taxIncluded: true,
      total: 1500,
    });
  });

  it('issues none for an order without an invoice', async () => {
    expect(await credit(await place(), randomUUID())).toBeNull();
  });
});
