/**
 * The PayPal adapter with the real `@paypal/checkout-server-sdk`, against the local
 * PayPal double started in this process on a free port (a third-party double).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startPayPalDouble, type RunningDouble } from '@sidecart/paypal-double';
import { PayPalClient, PayPalRejection } from '../src/clients/paypal';
import { toPayPalAmount } from '../src/domain/payment';

// The SDK caches tokens per client id for the whole process: each test run gets its own.
const credentials = { clientId: `client-${randomUUID()}`, clientSecret: 'secret-for-tests' };
const webhookId = 'WH-TEST';
let double: RunningDouble;
let paypal: PayPalClient;

beforeAll(async () => {
  double = await startPayPalDouble({ credentials, webhookId });
  paypal = new PayPalClient({ ...credentials, baseUrl: double.url, webhookId });
});
afterAll(() => double.close());

const order = (value = '25.99') => ({
  requestId: randomUUID(),
  referenceId: randomUUID(),
  amount: { currency_code: 'EUR', value },
  returnUrl: 'http://shop.test/checkout/return',
  cancelUrl: 'http://shop.test/checkout/cancel',
});

/** Clicks a button of the approval page, as a browser would, without following the redirect. */
async function click(approveUrl: string, action: 'approve' | 'approve-declining' | 'cancel') {
  const page = await fetch(approveUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`value="${action}"`);
  const token = new URL(approveUrl).searchParams.get('token')!;
  return fetch(`${double.url}/checkoutnow`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ token, action }),
  });
}

/** A bearer token of the double, for calls the adapter does not make. */
async function token(): Promise<string> {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  const res = await fetch(`${double.url}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected PayPal to refuse');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(PayPalRejection);
      return err as PayPalRejection;
    },
  );

describe('PayPal adapter on the SDK, against the double', () => {
  it('creates an order whose approval page redirects to the return URL, then captures it', async () => {
    const created = await paypal.createOrder(order('25.99'));
    expect(created.approveUrl).toBe(`${double.url}/checkoutnow?token=${created.id}`);

    const approved = await click(created.approveUrl, 'approve');
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('http://shop.test/checkout/return');
    expect(back.searchParams.get('token')).toBe(created.id);

    const capture = await paypal.captureOrder(created.id, 'capture-1');
    expect(capture).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'EUR', value: '25.99' } });
  });

  it('answers a repeated PayPal-Request-Id with the first capture, and refuses a second capture', async () => {
    const created = await paypal.createOrder(order());
    await click(created.approveUrl, 'approve');
    const first = await paypal.captureOrder(created.id, 'same-key');
    const again = await paypal.captureOrder(created.id, 'same-key');
    expect(again.captureId).toBe(first.captureId);
    const other = await rejection(paypal.captureOrder(created.id, 'another-key'));
    expect(other.issue).toBe('ORDER_ALREADY_CAPTURED');
    expect([...double.state.captures.values()].filter((c) => c.orderId === created.id)).toHaveLength(1);
  });

  it('sends the amount with its breakdown, which must add up (422 AMOUNT_MISMATCH otherwise)', async () => {
    const amount = toPayPalAmount(
      { amount: 3989, currency: 'EUR' },
      { itemTotal: 2940, shipping: 412, taxTotal: 637 },
    );
    const input = { ...order(), amount };
    const created = await paypal.createOrder(input);
    expect(double.state.orders.get(created.id)?.purchaseUnit.amount).toEqual({
      currency_code: 'EUR',
      value: '39.89',
      breakdown: {
        item_total: { currency_code: 'EUR', value: '29.40' },
        shipping: { currency_code: 'EUR', value: '4.12' },
        tax_total: { currency_code: 'EUR', value: '6.37' },
      },
    });
    await click(created.approveUrl, 'approve');
    const changed = toPayPalAmount(
      { amount: 5000, currency: 'EUR' },
      { itemTotal: 4202, shipping: 0, taxTotal: 798 },
    );
    await paypal.updateAmount(created.id, input.referenceId, changed);
    const capture = await paypal.captureOrder(created.id, randomUUID());
    expect(capture.amount).toEqual({ currency_code: 'EUR', value: '50.00' });

    const off = toPayPalAmount(
      { amount: 3989, currency: 'EUR' },
      { itemTotal: 2940, shipping: 412, taxTotal: 636 },
    );
    expect(await rejection(paypal.createOrder({ ...order(), amount: off }))).toMatchObject({
      status: 422,
      issue: 'AMOUNT_MISMATCH',
    });
  });

  it('changes the amount of an approved order (PATCH), which the capture then takes; never once captured', async () => {
    const input = order('30.00');
    const created = await paypal.createOrder(input);
    await click(created.approveUrl, 'approve');
    await paypal.updateAmount(created.id, input.referenceId, { currency_code: 'EUR', value: '12.50' });
    const capture = await paypal.captureOrder(created.id, randomUUID());
    expect(capture.amount).toEqual({ currency_code: 'EUR', value: '12.50' });
    const late = await rejection(
      paypal.updateAmount(created.id, input.referenceId, { currency_code: 'EUR', value: '1.00' }),
    );
    expect(late).toMatchObject({ status: 422, issue: 'ORDER_COMPLETED_OR_VOIDED' });
    const wrongReference = await paypal.createOrder(order());
    expect(
      (
        await rejection(
          paypal.updateAmount(wrongReference.id, 'nope', { currency_code: 'EUR', value: '1.00' }),
        )
      ).status,
    ).toBe(400);
  });

  it('creates one PayPal order for a repeated create request id', async () => {
    const input = order();
    const first = await paypal.createOrder(input);
    const again = await paypal.createOrder(input);
    expect(again.id).toBe(first.id);
  });

  it('refuses to capture before approval, and declines a card that will be declined', async () => {
    const waiting = await paypal.createOrder(order());
    expect((await rejection(paypal.captureOrder(waiting.id, randomUUID()))).issue).toBe('ORDER_NOT_APPROVED');

    const declining = await paypal.createOrder(order());
    expect((await click(declining.approveUrl, 'approve-declining')).status).toBe(303);
    const declined = await rejection(paypal.captureOrder(declining.id, randomUUID()));
    expect(declined).toMatchObject({ status: 422, issue: 'INSTRUMENT_DECLINED' });
  });

  it('sends the shopper to the cancel URL when they cancel', async () => {
    const created = await paypal.createOrder(order());
    const cancelled = await click(created.approveUrl, 'cancel');
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(`http://shop.test/checkout/cancel?token=${created.id}`);
  });

  it('refunds a capture once per request id, and refuses a refund beyond the captured amount', async () => {
    const created = await paypal.createOrder(order('10.00'));
    await click(created.approveUrl, 'approve');
    const { captureId } = await paypal.captureOrder(created.id, randomUUID());
    const refund = await paypal.refundCapture(captureId, 'refund-key', 'order cancelled');
    expect(refund).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'EUR', value: '10.00' } });
    expect((await paypal.refundCapture(captureId, 'refund-key', 'order cancelled')).id).toBe(refund.id);
    const second = await rejection(paypal.refundCapture(captureId, 'other-key', 'again'));
    expect(second.issue).toBe('CAPTURE_FULLY_REFUNDED');
  });

  it('refunds parts of a capture (amount), once per request id, never beyond what is left; the order lists them', async () => {
    const created = await paypal.createOrder(order('30.00'));
    await click(created.approveUrl, 'approve');
    const { captureId } = await paypal.captureOrder(created.id, randomUUID());
    const part = (value: string) => ({ currency_code: 'EUR', value });
    const first = await paypal.refundCapture(captureId, 'part-1', 'damaged', part('12.50'));
    expect(first).toMatchObject({ status: 'COMPLETED', amount: part('12.50') });
    expect((await paypal.refundCapture(captureId, 'part-1', 'damaged', part('12.50'))).id).toBe(first.id);
    const over = await rejection(paypal.refundCapture(captureId, 'part-2', 'too much', part('17.51')));
    expect(over.issue).toBe('REFUND_AMOUNT_EXCEEDED');
    const rest = await paypal.refundCapture(captureId, 'part-3', 'the rest', part('17.50'));
    expect(rest).toMatchObject({
      seller_payable_breakdown: { total_refunded_amount: part('30.00') },
    });
    const listed = await fetch(`${double.url}/v2/checkout/orders/${created.id}`, {
      headers: { authorization: `Bearer ${await token()}` },
    }).then(
      (r) =>
        r.json() as Promise<{
          purchase_units: { payments: { refunds: { amount: unknown }[]; captures: { status: string }[] } }[];
        }>,
    );
    const payments = listed.purchase_units[0]!.payments;
    expect(payments.refunds.map((r) => r.amount)).toEqual([part('12.50'), part('17.50')]);
    expect(payments.captures[0]!.status).toBe('REFUNDED');
  });

  it('fails every call while PayPal is down (an outage of the double), and refunds once it is back', async () => {
    const created = await paypal.createOrder(order('12.00'));
    await click(created.approveUrl, 'approve');
    const { captureId } = await paypal.captureOrder(created.id, randomUUID());
    const bearer = await token();
    const outage = (down: boolean) =>
      fetch(`${double.url}/v1/double/outage`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ down }),
      });
    expect((await outage(true)).status).toBe(200);
    await expect(paypal.refundCapture(captureId, 'outage-key', 'order cancelled')).rejects.toMatchObject({
      statusCode: 503,
    });
    expect((await fetch(`${double.url}/v1/double/outage`)).status).toBe(401);
    expect((await outage(false)).status).toBe(200);
    const refund = await paypal.refundCapture(captureId, 'outage-key', 'order cancelled');
    expect(refund).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'EUR', value: '12.00' } });
  });

  it('rejects wrong client credentials', async () => {
    const stranger = new PayPalClient({
      clientId: `stranger-${randomUUID()}`,
      clientSecret: 'wrong',
      baseUrl: double.url,
      webhookId,
    });
    await expect(stranger.createOrder(order())).rejects.toMatchObject({ statusCode: 401 });
  });

  it('verifies the signature of a delivered webhook and rejects a tampered one', async () => {
    const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const token = await fetch(`${double.url}/v1/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      }).then((r) => r.json() as Promise<{ access_token: string }>);
      const simulated = await fetch(`${double.url}/v1/notifications/simulate-event`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
          event_type: 'PAYMENT.CAPTURE.COMPLETED',
          resource: { id: 'CAPTURE1' },
        }),
      });
      expect(simulated.status).toBe(202);
      const [delivery] = deliveries;
      const header = (name: string) => String(delivery!.headers[name]);
      const signature = {
        auth_algo: header('paypal-auth-algo'),
        cert_url: header('paypal-cert-url'),
        transmission_id: header('paypal-transmission-id'),
        transmission_sig: header('paypal-transmission-sig'),
        transmission_time: header('paypal-transmission-time'),
      };
      const event = JSON.parse(delivery!.body) as { resource: { id: string } };
      expect(await paypal.verifyWebhookSignature(signature, event)).toBe(true);
      expect(await paypal.verifyWebhookSignature(signature, { ...event, resource: { id: 'CAPTURE2' } })).toBe(
        false,
      );
    } finally {
      receiver.close();
    }
  });
});
