/**
 * "Retry payment" through the public gateway: after a decline (or an approval left on PayPal) the
 * order keeps its stock, the shopper asks for a new PayPal order for the same order, pays, and the
 * order is CONFIRMED with exactly one capture, checked at the PayPal double.
 */
import { randomUUID } from 'node:crypto';
import { api } from '../src/api';
import {
  fillCheckoutAddress,
  browserForTests,
  screenshots,
  seriousViolations,
  signIn,
  STOREFRONT,
} from '../src/browser';
import { envelope, publishAs } from '../src/events';
import { paypalOrder } from '../src/paypal';
import {
  approvedOrder,
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  getOrder,
  fromNewClient,
  newShopper,
  untilDeclineRecorded,
  untilStatus,
  untilStock,
  withApproveUrl,
} from '../src/shop';
import { eventually, race, stillAfter } from '../src/stack';

const retry = (who: Parameters<typeof getOrder>[0], orderId: string) =>
  api('POST', `/orders/${orderId}/payment/retry`, who);

const payPalOrderOf = (approveUrl: string) => new URL(approveUrl).searchParams.get('token')!;

describe('retry payment', () => {
  it('a declined payment is retried from the order: a new PayPal order, then CONFIRMED with one capture of the order total', async () => {
    const shopper = newShopper();
    const { product, orderId, order } = await approvedOrder(shopper, {
      onHand: 3,
      quantity: 2,
      amount: 1250,
      action: 'approve-declining',
    });
    const declinedAt = payPalOrderOf(order.payment.approveUrl);
    expect((await capture(shopper, orderId)).body.status).toBe('FAILED');
    const waiting = await untilDeclineRecorded(shopper, orderId);
    expect(waiting.status).toBe('STOCK_RESERVED');
    await untilStock(product.id, { onHand: 3, reserved: 2, available: 1 });

    // A double click: both answered with the same new PayPal order.
    const runs = await race(2, () => retry(shopper, orderId));
    const [first, second] = runs.map((r) => r.result);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    expect(first!.body.status).toBe('STOCK_RESERVED');
    const approveUrl: string = first!.body.payment.approveUrl;
    expect(second!.body.payment.approveUrl).toBe(approveUrl);
    const retriedAt = payPalOrderOf(approveUrl);
    expect(retriedAt).not.toBe(declinedAt);
    const payment = await api('GET', `/orders/${orderId}/payment`, shopper);
    expect(payment.body).toMatchObject({
      status: 'CREATED',
      providerOrderId: retriedAt,
      failureReason: null,
    });
    // Clicked once more while it waits for approval: still the same PayPal order.
    expect((await retry(shopper, orderId)).body.payment.approveUrl).toBe(approveUrl);

    await approveOnPayPal(approveUrl, 'approve');
    const captured = await capture(shopper, orderId);
    expect(captured.body).toMatchObject({ status: 'CAPTURED', amount: { amount: 2500, currency: 'EUR' } });
    const confirmed = await untilStatus(shopper, orderId, ['CONFIRMED']);
    expect(confirmed.history.map((h: { status: string }) => h.status)).toEqual([
      'PENDING',
      'STOCK_RESERVED',
      'STOCK_RESERVED',
      'PAID',
      'CONFIRMED',
    ]);
    await untilStock(product.id, { onHand: 1, reserved: 0, available: 1 });

    // At PayPal: nothing taken on the declined order, one capture of 25.00 EUR on the retried one.
    expect((await paypalOrder(declinedAt)).body.purchase_units[0].payments).toBeUndefined();
    const paid = (await paypalOrder(retriedAt)).body;
    expect(paid.status).toBe('COMPLETED');
    expect(paid.purchase_units[0].amount).toEqual({ currency_code: 'EUR', value: '25.00' });
    expect(paid.purchase_units[0].payments.captures).toHaveLength(1);
    expect(paid.purchase_units[0].payments.captures[0].amount).toEqual({
      currency_code: 'EUR',
      value: '25.00',
    });

    // Paid: nothing left to retry.
    const late = await retry(shopper, orderId);
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('an approval left on PayPal is retried with the open PayPal order; no second one is made', async () => {
    const shopper = newShopper();
    const product = await createProduct(2);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    const reserved = await withApproveUrl(shopper, placed.body.id);
    await approveOnPayPal(reserved.payment.approveUrl, 'cancel');
    const again = await retry(shopper, placed.body.id);
    expect(again.status).toBe(200);
    expect(again.body.payment.approveUrl).toBe(reserved.payment.approveUrl);
    // Someone else's order: 404, as for every other order route.
    expect((await retry(newShopper(), placed.body.id)).status).toBe(404);
    const cancelled = await api('POST', `/orders/${placed.body.id}/cancel`, shopper, {});
    expect(cancelled.status).toBe(200);
    expect((await retry(shopper, placed.body.id)).status).toBe(409);
  });

  it('a payment.failed delivered twice is recorded once, and one arriving after the retry was paid changes nothing', async () => {
    const shopper = newShopper();
    const { orderId, order } = await approvedOrder(shopper, { action: 'approve-declining' });
    await capture(shopper, orderId);
    await untilDeclineRecorded(shopper, orderId);
    const declines = async () =>
      ((await getOrder(shopper, orderId)).body.history as { reason: string | null }[]).filter((h) =>
        /payment failed/.test(h.reason ?? ''),
      ).length;
    const failed = {
      ...envelope(),
      orderId,
      paymentId: order.payment.paymentId,
      reason: 'INSTRUMENT_DECLINED',
    };
    await publishAs('payment', 'payment.failed', failed);
    await publishAs('payment', 'payment.failed', failed);
    await eventually(async () => ((await declines()) === 2 ? true : undefined), {
      what: 'the published decline to be recorded',
    });
    await stillAfter(async () => expect(await declines()).toBe(2), 5_000);

    const retried = await retry(shopper, orderId);
    await approveOnPayPal(retried.body.payment.approveUrl, 'approve');
    await capture(shopper, orderId);
    const confirmed = await untilStatus(shopper, orderId, ['CONFIRMED']);
    await publishAs('payment', 'payment.failed', { ...failed, ...envelope() });
    await stillAfter(async () => {
      const now = (await getOrder(shopper, orderId)).body;
      expect(now.status).toBe('CONFIRMED');
      expect(now.history).toEqual(confirmed.history);
    }, 5_000);
  });
});

describe('retry payment in a real browser', () => {
  const browser = browserForTests();

  it('a declined card: the shop offers "Retry payment", PayPal again, and the order is confirmed', async () => {
    const shot = screenshots('payment-retry');
    const product = await createProduct(5, 1800);
    const email = `retry-${randomUUID()}@example.com`;
    const password = 'retry-payment-test-42';
    const signUp = await api(
      'POST',
      '/customers',
      undefined,
      { email, password, name: 'Retry Shopper' },
      fromNewClient(),
    );
    expect(signUp.status).toBe(201);
    await fillCart({ userId: signUp.body.id, role: 'customer' }, [{ productId: product.id, quantity: 1 }]);

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, email, password, '/checkout');
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await fillCheckoutAddress(page);
    await page.getByRole('button', { name: 'Place order and pay with PayPal' }).click();
    await page.waitForURL(/127\.0\.0\.1:8090\/checkoutnow/, { timeout: 60_000 });
    const declinedAt = new URL(page.url()).searchParams.get('token');
    await page.getByRole('button', { name: 'Pay with a card that will be declined' }).click();

    // Back in the shop: declined, the items held, and a way to pay again.
    await page.waitForURL(/localhost:3000\/checkout\/return/);
    await page
      .getByRole('alert')
      .filter({ hasText: 'PayPal declined the payment' })
      .waitFor({ timeout: 60_000 });
    expect(await page.getByText('Loading…').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'declined');
    const orderId = new URL(page.url()).searchParams.get('orderId')!;

    // The order page says so too, with the same button.
    await page.goto(`${STOREFRONT}/orders/${orderId}`);
    await page.getByTestId('payment-declined').waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'order-page-declined');
    await page.getByRole('button', { name: 'Retry payment' }).dblclick();

    await page.waitForURL(/127\.0\.0\.1:8090\/checkoutnow/, { timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('token')).not.toBe(declinedAt);
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(/localhost:3000\/checkout\/return/);
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor({ timeout: 90_000 });
    await shot(page, 'confirmed-after-retry');

    const shopper = { userId: signUp.body.id as string, role: 'customer' as const };
    const payment = (await api('GET', `/orders/${orderId}/payment`, shopper)).body;
    expect(payment).toMatchObject({ status: 'CAPTURED', amount: { amount: 1800, currency: 'EUR' } });
    const paid = (await paypalOrder(payment.providerOrderId)).body;
    expect(paid.purchase_units[0].payments.captures).toHaveLength(1);
    expect((await paypalOrder(declinedAt!)).body.purchase_units[0].payments).toBeUndefined();
    await context.close();
  });
});
