/**
 * Changing an order through the public gateway (docs/architecture.md, "Changing an order"): a
 * shopper changes quantities or removes lines before the order is paid (repriced from the
 * catalog, the stock re-reserved under a new revision, the PayPal order's amount changed), or
 * its shipping address before it ships. Behind it: order, product and payment services with
 * their sidecars, PostgreSQL, FerretDB, the broker and the PayPal double.
 */
import { randomUUID } from 'node:crypto';
import { api } from '../src/api';
import { browserForTests, screenshots, seriousViolations, signIn } from '../src/browser';
import { envelope, publishAs } from '../src/events';
import { paypalOrder } from '../src/paypal';
import {
  address,
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  getOrder,
  newAdmin,
  registeredShopper,
  untilStatus,
  untilStock,
  withApproveUrl,
  type Who,
} from '../src/shop';
import { eventually, race, sidecarUrl, stillAfter } from '../src/stack';

jest.setTimeout(180_000);

type Line = { productId: string; quantity: number };

/** A reserved order with its payment open (waiting for the shopper's approval). */
async function reservedOrder(who: Who, lines: Line[]) {
  await fillCart(who, lines);
  const placed = await checkout(who);
  if (placed.status !== 201)
    throw new Error(`checkout answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  return withApproveUrl(who, placed.body.id as string);
}

const changeOrder = (who: Who, orderId: string, lines: Line[], etag?: string | null) =>
  api('PATCH', `/orders/${orderId}`, who, { lines }, etag ? { 'if-match': etag } : {});

const paymentOf = async (who: Who, orderId: string) =>
  (await api('GET', `/orders/${orderId}/payment`, who)).body;

/** What PayPal holds for the order: the amount it will capture, in minor units. */
async function amountAtPayPal(who: Who, orderId: string): Promise<number> {
  const payment = await paymentOf(who, orderId);
  const order = await paypalOrder(payment.providerOrderId);
  return Math.round(Number(order.body.purchase_units[0].amount.value) * 100);
}

const quantities = (order: { lines: Line[] }) =>
  Object.fromEntries(order.lines.map((l) => [l.productId, l.quantity]));

describe('changing the lines of an order before it is paid', () => {
  it('changes a quantity and removes a line: repriced total, exact stock, the capture takes the new total', async () => {
    const shopper = await registeredShopper();
    const admin = newAdmin();
    const mug = await createProduct(10, 1000, admin);
    const cup = await createProduct(5, 500, admin);
    const order = await reservedOrder(shopper, [
      { productId: mug.id, quantity: 3 },
      { productId: cup.id, quantity: 2 },
    ]);
    expect(order.total).toEqual({ amount: 4000, currency: 'EUR' });
    await untilStock(mug.id, { onHand: 10, reserved: 3, available: 7 });
    // The catalog's price changes after checkout: the change prices the order again.
    expect(
      (await api('PATCH', `/products/${mug.id}`, admin, { price: { amount: 1200, currency: 'EUR' } })).status,
    ).toBe(200);

    const read = await getOrder(shopper, order.id);
    const changed = await changeOrder(
      shopper,
      order.id,
      [
        { productId: mug.id, quantity: 1 },
        { productId: cup.id, quantity: 0 },
      ],
      read.headers.get('etag'),
    );
    expect(changed.status).toBe(200);
    expect(changed.body.total).toEqual({ amount: 1200, currency: 'EUR' });
    expect(changed.body.lines).toEqual([
      expect.objectContaining({
        productId: mug.id,
        quantity: 1,
        unitPrice: { amount: 1200, currency: 'EUR' },
      }),
    ]);
    expect(changed.headers.get('etag')).not.toBe(read.headers.get('etag'));
    const note = changed.body.history.at(-1);
    expect(note.status).toBe('STOCK_RESERVED');
    expect(note.reason).toContain('removed');
    expect(note.reason).toContain('40.00 EUR → 12.00 EUR');

    await untilStock(mug.id, { onHand: 10, reserved: 1, available: 9 });
    await untilStock(cup.id, { onHand: 5, reserved: 0, available: 5 });
    expect(await amountAtPayPal(shopper, order.id)).toBe(1200);
    expect((await paymentOf(shopper, order.id)).amount).toEqual({ amount: 1200, currency: 'EUR' });
    // order.changed reaches the shopper's order history (customer service) before any payment.
    await eventually(
      async () => {
        const history = await api('GET', '/me/orders', shopper);
        const entry = history.body.items?.find((i: { orderId: string }) => i.orderId === order.id);
        return entry?.total?.amount === 1200 && entry.lines.length === 1 ? entry : undefined;
      },
      { what: 'the order history to show the changed order' },
    );

    await approveOnPayPal(order.payment.approveUrl);
    const captured = await capture(shopper, order.id);
    expect(captured.status).toBe(200);
    expect(captured.body.capture.amount).toEqual({ amount: 1200, currency: 'EUR' });
    const confirmed = await untilStatus(shopper, order.id, ['CONFIRMED']);
    expect(confirmed.total).toEqual({ amount: 1200, currency: 'EUR' });
    await untilStock(mug.id, { onHand: 9, reserved: 0, available: 9 });
    await untilStock(cup.id, { onHand: 5, reserved: 0, available: 5 });
  });

  it('refuses more than the stock holds with 409, and leaves order, stock and payment as they were', async () => {
    const shopper = await registeredShopper();
    const mug = await createProduct(4, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 2 }]);
    const refused = await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 5 }]);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/refused/);
    const after = (await getOrder(shopper, order.id)).body;
    expect(quantities(after)).toEqual({ [mug.id]: 2 });
    expect(after.history.at(-1).reason).toMatch(/^Change refused/);
    await untilStock(mug.id, { onHand: 4, reserved: 2, available: 2 });
    expect(await amountAtPayPal(shopper, order.id)).toBe(2000);

    // The order can still change (and be paid) afterwards.
    const grown = await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 4 }]);
    expect(grown.status).toBe(200);
    await untilStock(mug.id, { onHand: 4, reserved: 4, available: 0 });
    expect(await amountAtPayPal(shopper, order.id)).toBe(4000);
  });

  it('two changes at once with one ETag: one applies, the other is refused, nothing is lost', async () => {
    const shopper = await registeredShopper();
    const mug = await createProduct(10, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 4 }]);
    const etag = (await getOrder(shopper, order.id)).headers.get('etag');

    const answers = await race(2, (i) =>
      changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 3 - i }], etag),
    );
    const statuses = answers.map((a) => a.result.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412 || s === 409)).toHaveLength(1);
    const winner = answers.find((a) => a.result.status === 200)!.result.body;

    const after = (await getOrder(shopper, order.id)).body;
    expect(quantities(after)).toEqual(quantities(winner));
    const held = after.lines[0].quantity;
    await untilStock(mug.id, { onHand: 10, reserved: held, available: 10 - held });
    expect(await amountAtPayPal(shopper, order.id)).toBe(held * 1000);
    // The stale ETag stays refused; the fresh one applies.
    expect((await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 1 }], etag)).status).toBe(
      412,
    );
    const fresh = (await getOrder(shopper, order.id)).headers.get('etag');
    expect((await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 1 }], fresh)).status).toBe(
      200,
    );
    await untilStock(mug.id, { onHand: 10, reserved: 1, available: 9 });
  });

  it('a change racing the capture: what is captured, reserved and ordered always agree', async () => {
    const shopper = await registeredShopper();
    const mug = await createProduct(10, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 3 }]);
    await approveOnPayPal(order.payment.approveUrl);

    const raced = await race(2, (i) =>
      i === 0
        ? changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 1 }])
        : capture(shopper, order.id),
    );
    const change = raced[0]!.result;
    const captured = raced[1]!.result;
    // Serially (one finished first) both may succeed; overlapping, the later one is refused with 409.
    expect([200, 409]).toContain(change.status);
    expect([200, 409]).toContain(captured.status);
    if (captured.status === 409) {
      expect(change.status).toBe(200);
      expect((await capture(shopper, order.id)).status).toBe(200);
    }
    const confirmed = await untilStatus(shopper, order.id, ['CONFIRMED']);
    const units = confirmed.lines[0].quantity;
    expect(units).toBe(change.status === 200 ? 1 : 3);
    expect(confirmed.total.amount).toBe(units * 1000);
    const payment = await paymentOf(shopper, order.id);
    expect(payment.capture.amount).toEqual(confirmed.total);
    const atPayPal = (await paypalOrder(payment.providerOrderId)).body.purchase_units[0].payments.captures;
    expect(atPayPal).toHaveLength(1);
    expect(Math.round(Number(atPayPal[0].amount.value) * 100)).toBe(units * 1000);
    await untilStock(mug.id, { onHand: 10 - units, reserved: 0, available: 10 - units });
    // Once paid, no change is taken.
    expect((await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 2 }])).status).toBe(409);
  });

  it('a capture while a change holds the payment is refused with 409, and goes through once it is let go (order sidecar boundary)', async () => {
    const shopper = await registeredShopper();
    const mug = await createProduct(10, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 3 }]);
    await approveOnPayPal(order.payment.approveUrl);
    // What the order service's change does first, held open: the payment's amendment `hold`.
    const amend = (action: string) =>
      fetch(`${sidecarUrl('order')}/invoke/payment/method/payments/amendments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          orderId: order.id,
          revision: 99,
          action,
          amount: { amount: 1000, currency: 'EUR' },
        }),
      });
    expect((await amend('hold')).status).toBe(200);
    const refused = await capture(shopper, order.id);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/being changed/);
    expect((await paymentOf(shopper, order.id)).status).toBe('CREATED');
    expect((await amend('release')).status).toBe(200);
    const captured = await capture(shopper, order.id);
    expect(captured.status).toBe(200);
    expect(captured.body.capture.amount).toEqual({ amount: 3000, currency: 'EUR' });
    // Captured: a hold for a change is refused from now on.
    expect((await amend('hold')).status).toBe(409);
    await untilStatus(shopper, order.id, ['CONFIRMED']);
    await untilStock(mug.id, { onHand: 7, reserved: 0, available: 7 });
  });

  it('redelivered reservation events after a change leave the stock and the order as changed', async () => {
    const shopper = await registeredShopper();
    const mug = await createProduct(10, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 3 }]);
    expect((await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 1 }])).status).toBe(200);
    await untilStock(mug.id, { onHand: 10, reserved: 1, available: 9 });

    // order.placed again (as a redelivery would bring it, under a new delivery id) and stock.reserved again.
    const lines = [
      { productId: mug.id, sku: mug.sku, quantity: 3, unitPrice: { amount: 1000, currency: 'EUR' } },
    ];
    await publishAs('order', 'order.placed', {
      ...envelope(),
      orderId: order.id,
      customerId: shopper.userId,
      lines,
      total: { amount: 3000, currency: 'EUR' },
    });
    await publishAs('product', 'stock.reserved', {
      ...envelope(),
      orderId: order.id,
      lines: [{ productId: mug.id, quantity: 3 }],
    });
    await stillAfter(async () => {
      await untilStock(mug.id, { onHand: 10, reserved: 1, available: 9 });
      const now = (await getOrder(shopper, order.id)).body;
      expect(now.status).toBe('STOCK_RESERVED');
      expect(quantities(now)).toEqual({ [mug.id]: 1 });
    }, 8_000);

    await approveOnPayPal(order.payment.approveUrl);
    expect((await capture(shopper, order.id)).body.capture.amount).toEqual({ amount: 1000, currency: 'EUR' });
    await untilStatus(shopper, order.id, ['CONFIRMED']);
    await untilStock(mug.id, { onHand: 9, reserved: 0, available: 9 });
  });

  it('names the field at fault and changes nothing for a line the order does not have', async () => {
    const shopper = await registeredShopper();
    const mug = await createProduct(3, 1000);
    const other = await createProduct(3, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 1 }]);
    const bad = await changeOrder(shopper, order.id, [{ productId: other.id, quantity: 1 }]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'lines.0.productId', message: 'is not a line of this order' }]);
    const empty = await changeOrder(shopper, order.id, [{ productId: mug.id, quantity: 0 }]);
    expect(empty.status).toBe(400);
    expect(
      (await changeOrder(await registeredShopper(), order.id, [{ productId: mug.id, quantity: 2 }])).status,
    ).toBe(404);
    expect(quantities((await getOrder(shopper, order.id)).body)).toEqual({ [mug.id]: 1 });
  });
});

describe('changing the shipping address', () => {
  const elsewhere = {
    ...address,
    line1: '1 Rue de Rivoli',
    city: 'Paris',
    postalCode: '75001',
    country: 'FR',
  };

  it('the shopper and an admin change it until the order ships, then 409', async () => {
    const shopper = await registeredShopper();
    const admin = newAdmin();
    const mug = await createProduct(3, 1000);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 1 }]);
    await approveOnPayPal(order.payment.approveUrl);
    expect((await capture(shopper, order.id)).status).toBe(200);
    await untilStatus(shopper, order.id, ['CONFIRMED']);

    const moved = await api('PUT', `/orders/${order.id}/shipping-address`, shopper, {
      shippingAddress: elsewhere,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.shippingAddress).toEqual(elsewhere);
    expect(moved.body.history.at(-1)).toEqual(
      expect.objectContaining({ status: 'CONFIRMED', reason: 'Shipping address changed: Paris, FR' }),
    );
    const byAdmin = await api('PUT', `/orders/${order.id}/shipping-address`, admin, {
      shippingAddress: address,
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.history.at(-1).reason).toMatch(/changed by the shop/);

    const invalid = await api('PUT', `/orders/${order.id}/shipping-address`, shopper, {
      shippingAddress: { ...address, country: 'United Kingdom' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('shippingAddress.country');

    expect((await api('POST', `/orders/${order.id}/ship`, admin, { trackingNumber: 'TRK-123' })).status).toBe(
      200,
    );
    const late = await api('PUT', `/orders/${order.id}/shipping-address`, shopper, {
      shippingAddress: elsewhere,
    });
    expect(late.status).toBe(409);
    expect((await getOrder(shopper, order.id)).body.shippingAddress).toEqual(address);
  });
});

describe('changing an order in the storefront (Chromium)', () => {
  const browser = browserForTests();

  it('the shopper changes a quantity on the order page: new total, timeline entry, no accessibility violations', async () => {
    const shot = screenshots('order-change');
    const email = `change-${randomUUID()}@example.com`;
    const password = 'order-change-42';
    const signedUp = await api('POST', '/customers', undefined, { email, password, name: 'Grace Hopper' });
    expect(signedUp.status).toBe(201);
    const shopper: Who = { userId: signedUp.body.id, role: 'customer' };
    const mug = await createProduct(10, 1500);
    const order = await reservedOrder(shopper, [{ productId: mug.id, quantity: 3 }]);

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, email, password, `/orders/${order.id}`);
    await page.getByRole('heading', { level: 2, name: 'Change the order' }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    await shot(page, 'before');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(`Quantity of ${mug.name}`).fill('2');
    await page.getByRole('button', { name: 'Update the order' }).click();
    const timeline = page.getByTestId('order-timeline');
    await timeline.getByText(/^Changed: .* 3 → 2; total 45\.00 EUR → 30\.00 EUR$/).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Change the order' }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    expect(await page.getByLabel(`Quantity of ${mug.name}`).inputValue()).toBe('2');
    await shot(page, 'after');
    expect(await seriousViolations(page)).toEqual([]);

    const changed = (await getOrder(shopper, order.id)).body;
    expect(changed.total).toEqual({ amount: 3000, currency: 'EUR' });
    await untilStock(mug.id, { onHand: 10, reserved: 2, available: 8 });
    await context.close();
  });
});
