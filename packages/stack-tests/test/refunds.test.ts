/**
 * Refunds and returns as an admin makes them through the public gateway (real tokens): part of a
 * paid order refunded by lines or by an amount, goods returned after delivery, a paid order
 * cancelled. What was really paid back is read at the PayPal double (the refunds of the order's
 * capture), which a duplicate refund would change; the stock at the catalog; the shopper's view
 * in the order and the order history.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { api } from '../src/api';
import { launchBrowser, screenshots, seriousViolations, signIn, STOREFRONT } from '../src/browser';
import { paypalOrder } from '../src/paypal';
import {
  confirmedOrder,
  createProduct,
  getOrder,
  newAdmin,
  registeredShopper,
  stockOf,
  untilStatus,
  untilStock,
  type Who,
} from '../src/shop';
import { eventually, localSecrets } from '../src/stack';

// Response bodies are checked by the assertions themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const refund = (admin: Who, orderId: string, body: unknown, key: string) =>
  api('POST', `/admin/orders/${orderId}/refunds`, admin, body, { 'idempotency-key': key });
const returned = (admin: Who, orderId: string, body: unknown, key: string) =>
  api('POST', `/admin/orders/${orderId}/returns`, admin, body, { 'idempotency-key': key });

/** The refunds PayPal made of the order's capture, in minor units, oldest first. */
async function refundedAtPayPal(who: Who, orderId: string): Promise<number[]> {
  const payment = (await api('GET', `/orders/${orderId}/payment`, who)).body;
  const order = await paypalOrder(payment.providerOrderId);
  const refunds: Body[] = order.body.purchase_units[0].payments?.refunds ?? [];
  return refunds.map((r) => Math.round(Number(r.amount.value) * 100));
}

const notes = (order: Body): string[] => order.history.map((h: Body) => h.reason ?? '');

describe('refunds and returns (admin, through the gateway)', () => {
  it('a partial refund of two lines refunds exactly their amount once, even when the request is repeated', async () => {
    const shopper = await registeredShopper();
    const admin = newAdmin();
    // The tea is dear: what is left after the two lines would pay for a second refund of them.
    const [mug, tea, jar] = await Promise.all([
      createProduct(10, 1200),
      createProduct(10, 5000),
      createProduct(10, 300),
    ]);
    const orderId = await confirmedOrder(shopper, [
      { productId: mug.id, quantity: 2 },
      { productId: tea.id, quantity: 1 },
      { productId: jar.id, quantity: 3 },
    ]);
    const key = randomUUID();
    const body = { lines: [{ productId: mug.id }, { productId: jar.id }], reason: 'arrived damaged' };

    // The admin's double click (two at once), then a retry after a lost answer: one refund.
    const first = await Promise.all([refund(admin, orderId, body, key), refund(admin, orderId, body, key)]);
    const again = await refund(admin, orderId, body, key);
    // What PayPal paid back: the two lines' totals, once.
    expect(await refundedAtPayPal(shopper, orderId)).toEqual([2 * 1200 + 3 * 300]);
    expect([...first, again].map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(again.body.refunds).toEqual([
      expect.objectContaining({
        kind: 'refund',
        status: 'COMPLETED',
        amount: { amount: 2 * 1200 + 3 * 300, currency: 'EUR' },
        lines: [
          { productId: mug.id, sku: mug.sku, quantity: 2 },
          { productId: jar.id, sku: jar.sku, quantity: 3 },
        ],
      }),
    ]);

    // The order keeps its status; the refund is in its timeline, once, and the shopper sees it.
    const order = (await getOrder(shopper, orderId)).body;
    expect(order.status).toBe('CONFIRMED');
    expect(notes(order).filter((n) => n.startsWith('Refunded €33.00'))).toEqual([
      `Refunded €33.00 (${mug.sku} ×2, ${jar.sku} ×3): arrived damaged`,
    ]);
    const history = await eventually(
      async () => {
        const page = await api('GET', '/me/orders', shopper);
        const entry = page.body.items.find((o: Body) => o.orderId === orderId);
        return entry?.refunds.length ? entry : undefined;
      },
      { what: 'the refund in the order history' },
    );
    expect(history.refunds).toEqual([
      expect.objectContaining({ kind: 'refund', amount: { amount: 3300, currency: 'EUR' } }),
    ]);

    // The same key for another refund, a line refunded already, more than is left: refused, nothing paid.
    expect((await refund(admin, orderId, { lines: [{ productId: tea.id }] }, key)).status).toBe(409);
    expect((await refund(admin, orderId, { lines: [{ productId: mug.id }] }, randomUUID())).status).toBe(409);
    const over = await refund(admin, orderId, { amount: { amount: 5001, currency: 'EUR' } }, randomUUID());
    expect(over.status).toBe(409);
    expect(over.body.detail).toMatch(/€50\.01 is more than the €50\.00 left/);
    // A line the order does not have: 400 naming it. A shopper may not refund at all.
    const stranger = await refund(admin, orderId, { lines: [{ productId: 'a'.repeat(24) }] }, randomUUID());
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].productId' })]);
    expect((await refund(shopper, orderId, body, randomUUID())).status).toBe(403);
    // An amount up to what is left goes through.
    const rest = await refund(admin, orderId, { amount: { amount: 5000, currency: 'EUR' } }, randomUUID());
    expect(rest.status).toBe(201);
    expect(await refundedAtPayPal(shopper, orderId)).toEqual([3300, 5000]);
  });

  it('a return after delivery puts the units back on the shelf and refunds the lines, once', async () => {
    const shopper = await registeredShopper();
    const admin = newAdmin();
    const [mug, tea] = await Promise.all([createProduct(10, 1200), createProduct(10, 550)]);
    const orderId = await confirmedOrder(shopper, [
      { productId: mug.id, quantity: 2 },
      { productId: tea.id, quantity: 1 },
    ]);
    // Not delivered yet: nothing comes back.
    expect((await returned(admin, orderId, { lines: [{ productId: mug.id }] }, randomUUID())).status).toBe(
      409,
    );
    expect(
      (await api('POST', `/orders/${orderId}/ship`, admin, { trackingNumber: 'TRACK-123' })).status,
    ).toBe(200);
    expect((await api('POST', `/orders/${orderId}/deliver`, admin)).status).toBe(200);
    await untilStock(mug.id, { onHand: 8, reserved: 0, available: 8 });

    const key = randomUUID();
    const body = { lines: [{ productId: mug.id }], reason: 'too small' };
    const answers = await Promise.all([
      returned(admin, orderId, body, key),
      returned(admin, orderId, body, key),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    expect((await returned(admin, orderId, body, key)).status).toBe(200);

    await untilStock(mug.id, { onHand: 10, reserved: 0, available: 10 });
    expect(await stockOf(tea.id)).toEqual({ onHand: 9, reserved: 0, available: 9 });
    expect(await refundedAtPayPal(shopper, orderId)).toEqual([2400]);
    const order = (await getOrder(shopper, orderId)).body;
    expect(order.status).toBe('DELIVERED');
    expect(notes(order)).toContain(`Returned ${mug.sku} ×2, refunded €24.00: too small`);
    // The line came back once: a second return of it is refused.
    expect((await returned(admin, orderId, body, randomUUID())).status).toBe(409);
    expect(await stockOf(mug.id)).toEqual({ onHand: 10, reserved: 0, available: 10 });
  });

  it('an admin cancels a paid order after a partial refund: stock released, only what is left refunded', async () => {
    const shopper = await registeredShopper();
    const admin = newAdmin();
    const [mug, tea] = await Promise.all([createProduct(5, 1200), createProduct(5, 550)]);
    const orderId = await confirmedOrder(shopper, [
      { productId: mug.id, quantity: 1 },
      { productId: tea.id, quantity: 1 },
    ]);
    expect((await refund(admin, orderId, { lines: [{ productId: tea.id }] }, randomUUID())).status).toBe(201);
    const cancelled = await api('POST', `/orders/${orderId}/cancel`, admin, {
      reason: 'out of stock at the warehouse',
    });
    expect(cancelled.status).toBe(200);
    await untilStatus(shopper, orderId, ['REFUNDED']);
    await untilStock(mug.id, { onHand: 5, reserved: 0, available: 5 });
    await untilStock(tea.id, { onHand: 5, reserved: 0, available: 5 });
    // PayPal paid back the line, then the rest: the order's total, not a cent more.
    expect(await refundedAtPayPal(shopper, orderId)).toEqual([550, 1200]);
    // A cancelled order takes no more refunds.
    const late = await refund(admin, orderId, { amount: { amount: 1, currency: 'EUR' } }, randomUUID());
    expect(late.status).toBe(409);
  });
});

describe("the admin's refund and return controls (real browser)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refunds chosen lines, records a return and cancels a paid order from the admin order page, with no serious axe violations', async () => {
    const shot = screenshots('admin-refunds');
    const shopper = await registeredShopper();
    const [mug, tea, jar] = await Promise.all([
      createProduct(10, 1200),
      createProduct(10, 550),
      createProduct(10, 300),
    ]);
    const delivered = await confirmedOrder(shopper, [
      { productId: mug.id, quantity: 2 },
      { productId: tea.id, quantity: 1 },
      { productId: jar.id, quantity: 1 },
    ]);
    const admin = newAdmin();
    expect(
      (await api('POST', `/orders/${delivered}/ship`, admin, { trackingNumber: 'TRACK-456' })).status,
    ).toBe(200);
    expect((await api('POST', `/orders/${delivered}/deliver`, admin)).status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const secrets = localSecrets();
    await signIn(page, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, `/admin/orders/${delivered}`);
    await page.getByRole('heading', { level: 1, name: /Order/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'delivered-order');

    // Refund two lines.
    const refundForm = page.getByTestId('refund-lines-form');
    await refundForm.getByLabel(new RegExp(mug.sku)).check();
    await refundForm.getByLabel(new RegExp(jar.sku)).check();
    await refundForm.getByLabel(/Reason/).fill('arrived damaged');
    await refundForm.getByRole('button', { name: 'Refund the chosen lines' }).click();
    await page.getByRole('status').filter({ hasText: 'The refund is made.' }).waitFor();
    await page
      .getByTestId('order-refunds')
      .getByText(/Refund of €27\.00/)
      .waitFor();
    expect(await refundedAtPayPal(shopper, delivered)).toEqual([2700]);
    expect(await page.getByTestId('order-timeline').textContent()).toContain('Refunded €27.00');
    await shot(page, 'lines-refunded');

    // An amount beyond what is left (€5.50) is refused in words, nothing paid.
    await page.getByLabel(/Amount in EUR/).fill('5.51');
    await page.getByTestId('refund-amount-form').getByRole('button', { name: 'Refund the amount' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /left to refund/ })
      .waitFor();
    expect(await refundedAtPayPal(shopper, delivered)).toEqual([2700]);

    // The tea came back: it is the one line left to return.
    const returnForm = page.getByTestId('return-lines-form');
    expect(await returnForm.getByRole('checkbox').count()).toBe(1);
    await returnForm.getByLabel(new RegExp(tea.sku)).check();
    await returnForm.getByRole('button', { name: 'Record the return and refund' }).click();
    await page.getByRole('status').filter({ hasText: 'The return is recorded' }).waitFor();
    await untilStock(tea.id, { onHand: 10, reserved: 0, available: 10 });
    expect(await refundedAtPayPal(shopper, delivered)).toEqual([2700, 550]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'returned');

    // A confirmed order: cancelled from its page, stock released and the payment refunded.
    const confirmed = await confirmedOrder(shopper, [{ productId: mug.id, quantity: 1 }]);
    await page.goto(`${STOREFRONT}/admin/orders/${confirmed}`);
    await page
      .getByTestId('cancel-form')
      .getByRole('button', { name: 'Cancel the order and refund it' })
      .click();
    await page.getByRole('status').filter({ hasText: 'The order is cancelled' }).waitFor();
    await untilStatus(shopper, confirmed, ['REFUNDED']);
    expect(await refundedAtPayPal(shopper, confirmed)).toEqual([1200]);
    await context.close();
  });
});
