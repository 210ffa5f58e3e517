/**
 * Invoices (docs/architecture.md, "Invoices"): every confirmed order gets one, numbered gapless per
 * year, downloadable as PDF by its shopper and by an admin. Orders are placed, approved and captured
 * through the public gateway with real tokens; the numbers are judged on the order service's own
 * table (all of the year's invoices, those of other tests included); the redelivery test puts
 * `order.confirmed` on the broker through the order service's sidecar (that boundary is its subject).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { api } from '../src/api';
import { browserForTests, screenshots, seriousViolations, signIn, STOREFRONT } from '../src/browser';
import { publishAs } from '../src/events';
import { pdfText } from '../src/pdf';
import {
  approvedOrder,
  capture,
  confirmedOrder,
  createProduct,
  newAdmin,
  newShopper,
  registeredShopper,
  type Who,
} from '../src/shop';
import { allOverlap, eventually, GATEWAY, localSecrets, race, stillAfter } from '../src/stack';
import { tokenFor } from '../src/tokens';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });

afterAll(async () => {
  await ordersDb.end();
});

const YEAR = new Date().getUTCFullYear();

type InvoiceRow = { number: string; year: number; seq: number; order_id: string };

/** Every invoice of the year, in the order of its number. */
async function invoicesOfTheYear(): Promise<InvoiceRow[]> {
  const { rows } = await ordersDb.query<InvoiceRow>(
    'SELECT number, year, seq, order_id FROM invoices WHERE year = $1 ORDER BY seq',
    [YEAR],
  );
  return rows;
}

/** The year's numbers run 1…n with no gap and no repeat, one invoice per order. */
function expectGaplessOnePerOrder(rows: InvoiceRow[]) {
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(rows.map((r) => r.number)).toEqual(
    rows.map((_, i) => `INV-${YEAR}-${String(i + 1).padStart(6, '0')}`),
  );
  const perOrder = new Map<string, string[]>();
  for (const r of rows) perOrder.set(r.order_id, [...(perOrder.get(r.order_id) ?? []), r.number]);
  expect([...perOrder].filter(([, numbers]) => numbers.length > 1)).toEqual([]);
}

/** The order's invoice as the order shows it, once issued (a moment after the confirmation). */
const invoiceOf = (who: Who, orderId: string) =>
  eventually(
    async () => {
      const res = await api('GET', `/orders/${orderId}`, who);
      return (res.body?.invoice as { number: string; issuedAt: string } | null) ?? undefined;
    },
    { what: `the invoice of order ${orderId}` },
  );

/** A PDF through the public gateway, as bytes. */
async function download(path: string, who: Who) {
  const res = await fetch(`${GATEWAY}/api/v1${path}`, {
    headers: { authorization: `Bearer ${await tokenFor(who)}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

type CreditNoteRow = { number: string; seq: number; order_id: string; total_amount: string };

/** Every credit note of the year, in the order of its number. */
async function creditNotesOfTheYear(): Promise<CreditNoteRow[]> {
  const { rows } = await ordersDb.query<CreditNoteRow>(
    'SELECT number, seq, order_id, total_amount FROM credit_notes WHERE year = $1 ORDER BY seq',
    [YEAR],
  );
  return rows;
}

/** The credit notes' own series runs 1…n with no gap and no repeat. */
function expectGaplessCreditNotes(rows: CreditNoteRow[]) {
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  expect(rows.map((r) => r.number)).toEqual(
    rows.map((_, i) => `CN-${YEAR}-${String(i + 1).padStart(6, '0')}`),
  );
}

type CreditNoteRef = { number: string; issuedAt: string; amount: { amount: number; currency: string } };

/** The order's credit notes as the order shows them, once there are `n`. */
const creditNotesOf = (who: Who, orderId: string, n: number) =>
  eventually(
    async () => {
      const notes = (await api('GET', `/orders/${orderId}`, who)).body?.creditNotes as CreditNoteRef[];
      return notes?.length >= n ? notes : undefined;
    },
    { what: `${n} credit note(s) of order ${orderId}` },
  );

const refund = (admin: Who, orderId: string, body: unknown, key: string) =>
  api('POST', `/admin/orders/${orderId}/refunds`, admin, body, { 'idempotency-key': key });

/** The order.confirmed the order service published for an order, as its outbox kept it. */
async function confirmation(orderId: string) {
  const { rows } = await ordersDb.query(
    `SELECT payload FROM outbox WHERE topic = 'order.confirmed' AND payload->>'orderId' = $1`,
    [orderId],
  );
  expect(rows).toHaveLength(1);
  return rows[0].payload as { eventId: string; orderId: string };
}

describe('invoices', () => {
  const browser = browserForTests();
  it("20 orders confirmed at once get 20 invoices, and the year's numbers stay gapless with no repeat", async () => {
    const shoppers = Array.from({ length: 20 }, newShopper);
    const approved = await Promise.all(shoppers.map((who, i) => approvedOrder(who, { amount: 1000 + i })));
    // The 20 captures are released together: each confirms its order (and emits order.confirmed) at once.
    const runs = await race(20, (i) => capture(shoppers[i]!, approved[i]!.orderId));
    expect(allOverlap(runs)).toBe(true);
    expect(runs.map((r) => r.result.status)).toEqual(Array(20).fill(200));

    const numbers = await Promise.all(approved.map(({ orderId }, i) => invoiceOf(shoppers[i]!, orderId)));
    expect(new Set(numbers.map((n) => n.number)).size).toBe(20);
    const rows = await invoicesOfTheYear();
    expectGaplessOnePerOrder(rows);
    // What the orders show is what the table holds, one invoice each.
    for (const [i, { orderId }] of approved.entries())
      expect(rows.filter((r) => r.order_id === orderId).map((r) => r.number)).toEqual([numbers[i]!.number]);
  }, 240_000);

  it('is a PDF with its number and total for the shopper and for an admin; another shopper gets 404', async () => {
    const shopper = newShopper();
    const product = await createProduct(5, 1234);
    const orderId = await confirmedOrder(shopper, [{ productId: product.id, quantity: 3 }]);
    const { number } = await invoiceOf(shopper, orderId);
    expect(number).toMatch(new RegExp(`^INV-${YEAR}-\\d{6}$`));

    const own = await download(`/orders/${orderId}/invoice.pdf`, shopper);
    expect(own.status).toBe(200);
    expect(own.type).toBe('application/pdf');
    expect(own.disposition).toBe(`attachment; filename="${number}.pdf"`);
    expect(own.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(own.bytes);
    expect(text).toContain(`Invoice number: ${number}`);
    expect(text).toContain(product.sku);
    expect(text).toContain('€12.34'); // the unit price
    expect(text).toContain('€37.02'); // the line and the total
    expect(text).toMatch(/Total\n€37\.02/);

    const admin = await download(`/admin/orders/${orderId}/invoice.pdf`, newAdmin());
    expect(admin.status).toBe(200);
    expect(admin.type).toBe('application/pdf');
    expect(pdfText(admin.bytes)).toContain(`Invoice number: ${number}`);
    expect(pdfText(admin.bytes)).toContain('€37.02');

    // Someone else's invoice does not exist for them; the admin's route is for admins.
    const other = await api('GET', `/orders/${orderId}/invoice.pdf`, newShopper());
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await api('GET', `/admin/orders/${orderId}/invoice.pdf`, shopper)).status).toBe(403);
    expect((await api('GET', `/orders/${orderId}/invoice.pdf`)).status).toBe(401);
    // An order not confirmed has no invoice (yet); a malformed id is refused at the gateway.
    const waiting = await approvedOrder(shopper);
    expect((await api('GET', `/orders/${waiting.orderId}/invoice.pdf`, shopper)).status).toBe(404);
    expect((await api('GET', `/orders/${randomUUID()}/invoice.pdf`, shopper)).status).toBe(404);
    const bad = await api('GET', '/orders/not-an-id/invoice.pdf', shopper);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('id');
  });

  it('a redelivered order.confirmed (its eventId again, and re-emitted with a new one) issues no second invoice (order sidecar boundary)', async () => {
    const shopper = newShopper();
    const product = await createProduct(2, 500);
    const orderId = await confirmedOrder(shopper, [{ productId: product.id, quantity: 1 }]);
    const { number } = await invoiceOf(shopper, orderId);
    const event = await confirmation(orderId);
    const before = await invoicesOfTheYear();

    const copy = { ...event, eventId: randomUUID() };
    await Promise.all([
      publishAs('order', 'order.confirmed', event),
      publishAs('order', 'order.confirmed', event),
      publishAs('order', 'order.confirmed', copy),
    ]);
    // The copy has been handled once its eventId is recorded (in the same transaction as its effect).
    await eventually(
      async () => {
        const { rowCount } = await ordersDb.query('SELECT 1 FROM processed_events WHERE event_id = $1', [
          copy.eventId,
        ]);
        return rowCount === 1 ? true : undefined;
      },
      { what: 'the re-emitted order.confirmed to be handled' },
    );
    await stillAfter(async () => {
      const rows = await invoicesOfTheYear();
      expectGaplessOnePerOrder(rows);
      expect(rows.filter((r) => r.order_id === orderId).map((r) => r.number)).toEqual([number]);
      // The year's earlier invoices are as they were.
      expect(rows.slice(0, before.length)).toEqual(before);
    });
    expect((await api('GET', `/orders/${orderId}`, shopper)).body.invoice.number).toBe(number);
  });

  it('a partial refund gets one credit note (gapless series) naming the invoice and the amount; repeats of the request add none', async () => {
    const shopper = newShopper();
    const admin = newAdmin();
    const [mug, tea] = await Promise.all([createProduct(5, 1234), createProduct(5, 2000)]);
    const orderId = await confirmedOrder(shopper, [
      { productId: mug.id, quantity: 2 },
      { productId: tea.id, quantity: 1 },
    ]);
    const invoice = await invoiceOf(shopper, orderId);

    // The invoice states the order's charges.
    const invoiceText = pdfText((await download(`/orders/${orderId}/invoice.pdf`, shopper)).bytes);
    expect(invoiceText).toMatch(
      /Subtotal\n€44\.68\nShipping\n€\d+\.\d\d\nVAT \d+(\.\d+)?%( \(included\))?\n€\d+\.\d\d\nTotal\n/,
    );

    // The admin's double click, then a retry after a lost answer: one refund, one credit note.
    const key = randomUUID();
    const body = { lines: [{ productId: mug.id }], reason: 'arrived chipped' };
    const first = await Promise.all([refund(admin, orderId, body, key), refund(admin, orderId, body, key)]);
    const again = await refund(admin, orderId, body, key);
    expect([...first, again].map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const [note] = await creditNotesOf(shopper, orderId, 1);
    expect(note!.number).toMatch(new RegExp(`^CN-${YEAR}-\\d{6}$`));
    expect(note!.amount).toEqual({ amount: 2468, currency: 'EUR' });
    await stillAfter(async () => {
      const order = (await api('GET', `/orders/${orderId}`, shopper)).body;
      expect(order.creditNotes).toEqual([note]);
      const rows = await creditNotesOfTheYear();
      expectGaplessCreditNotes(rows);
      expect(
        rows.filter((r) => r.order_id === orderId).map((r) => [r.number, Number(r.total_amount)]),
      ).toEqual([[note!.number, 2468]]);
    });

    const own = await download(`/orders/${orderId}/credit-notes/${note!.number}.pdf`, shopper);
    expect(own.status).toBe(200);
    expect(own.type).toBe('application/pdf');
    expect(own.disposition).toBe(`attachment; filename="${note!.number}.pdf"`);
    const text = pdfText(own.bytes);
    expect(text).toContain(`Credit note number: ${note!.number}`);
    expect(text).toContain(`Corrects invoice: ${invoice.number}`);
    expect(text).toContain(mug.sku);
    expect(text).toMatch(/Total\n€24\.68/);
    const asAdmin = await download(`/admin/orders/${orderId}/credit-notes/${note!.number}.pdf`, admin);
    expect(asAdmin.status).toBe(200);
    expect(pdfText(asAdmin.bytes)).toContain(`Credit note number: ${note!.number}`);

    // Another shopper finds none; the admin's route is for admins; a malformed number is refused.
    const path = `/orders/${orderId}/credit-notes/${note!.number}.pdf`;
    expect((await api('GET', path, newShopper())).status).toBe(404);
    expect((await api('GET', `/admin${path}`, shopper)).status).toBe(403);
    expect((await api('GET', `/orders/${orderId}/credit-notes/CN-${YEAR}-999999.pdf`, shopper)).status).toBe(
      404,
    );
    const bad = await api('GET', `/orders/${orderId}/credit-notes/INV-${YEAR}-000001.pdf`, shopper);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('number');
  }, 120_000);

  it("the full refund of a cancelled paid order gets a credit note of the order's total", async () => {
    const shopper = newShopper();
    const product = await createProduct(3, 1500);
    const orderId = await confirmedOrder(shopper, [{ productId: product.id, quantity: 2 }]);
    const invoice = await invoiceOf(shopper, orderId);
    const total = (await api('GET', `/orders/${orderId}`, shopper)).body.total;
    const cancelled = await api('POST', `/orders/${orderId}/cancel`, newAdmin(), {
      reason: 'warehouse flooded',
    });
    expect(cancelled.status).toBe(200);
    const [note] = await creditNotesOf(shopper, orderId, 1);
    expect(note!.amount).toEqual(total);
    const text = pdfText(
      (await download(`/orders/${orderId}/credit-notes/${note!.number}.pdf`, shopper)).bytes,
    );
    expect(text).toContain(`Corrects invoice: ${invoice.number}`);
    expect(text).toContain('warehouse flooded');
    expectGaplessCreditNotes(await creditNotesOfTheYear());
  }, 120_000);

  it("links the invoice from the shopper's order page and the admin's order list (browser, axe)", async () => {
    const shopper = await registeredShopper();
    const product = await createProduct(2, 2500);
    const orderId = await confirmedOrder(shopper, [{ productId: product.id, quantity: 2 }]);
    const { number } = await invoiceOf(shopper, orderId);

    const shot = screenshots('invoices');
    /** Signs in as `email` in a context of its own, opens `path` and waits for the invoice link. */
    const openWithLink = async (email: string, password: string, path: string, name: string | RegExp) => {
      const page = await (await browser().newContext({ acceptDownloads: true })).newPage();
      await signIn(page, email, password, path);
      await page.goto(`${STOREFRONT}${path}`);
      const link = page.getByRole('link', { name });
      await link.waitFor();
      return { page, link };
    };
    /** Clicks a download link: the file's name and its text. */
    const download = async (page: Page, link: Locator) => {
      const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
      return { name: file.suggestedFilename(), text: pdfText(bytes) };
    };

    const own = await openWithLink(
      shopper.email,
      'correct-horse-42',
      `/orders/${orderId}`,
      `Download invoice ${number} (PDF)`,
    );
    await shot(own.page, 'order-page');
    expect(await seriousViolations(own.page)).toEqual([]);
    const fromOrderPage = await download(own.page, own.link);
    expect(fromOrderPage.name).toBe(`${number}.pdf`);
    expect(fromOrderPage.text).toContain(`Invoice number: ${number}`);
    expect(fromOrderPage.text).toContain('€50.00');

    const admin = await openWithLink(
      secrets.ADMIN_EMAIL!,
      secrets.ADMIN_PASSWORD!,
      '/admin/orders?status=CONFIRMED',
      new RegExp(`^Invoice ${number} of order`),
    );
    await shot(admin.page, 'admin-orders');
    expect(await seriousViolations(admin.page)).toEqual([]);
    const fromAdmin = await download(admin.page, admin.link);
    expect(fromAdmin.name).toBe(`${number}.pdf`);
    expect(fromAdmin.text).toContain(`Invoice number: ${number}`);
  });
});
