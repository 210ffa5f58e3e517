/**
 * Payments as a shopper meets them through the public gateway (real token): the saga opens
 * the payment, the shopper approves on the PayPal double, captures, cancels and is refunded.
 * Behind it: the payment service with its sidecar, PostgreSQL, the broker and the real PayPal
 * SDK talking to the double on :8090, whose own API tells what was really captured and
 * refunded. Tests named "(… sidecar boundary)" call the payment service the way the order
 * service does, or put an event on the broker, because that boundary is their subject.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { api } from '../src/api';
import { publishAs } from '../src/events';
import {
  PAYPAL,
  paypalCapture,
  paypalOrder,
  paypalRefund,
  paypalToken,
  refundRequestsAtPayPal,
} from '../src/paypal';
import {
  approvedOrder,
  capture,
  checkout,
  createProduct,
  fillCart,
  newShopper,
  untilDeclineRecorded,
  untilStatus,
  withApproveUrl,
  type Who,
} from '../src/shop';
import { eventually, GATEWAY, localSecrets, sidecarUrl, stillAfter } from '../src/stack';

const secrets = localSecrets();
const db = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });

afterAll(async () => {
  await db.end();
  await ordersDb.end();
});

// Response bodies are checked by the assertions themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/** The payment as the shopper reads it: GET /api/v1/orders/:id/payment. */
const paymentOf = async (who: Who, orderId: string) =>
  (await api('GET', `/orders/${orderId}/payment`, who)).body;

/** How many times the payment service announced `topic` for the order (its outbox: one row per event). */
const announced = async (topic: string, orderId: string) =>
  (
    await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND payload->>'orderId' = $2`, [
      topic,
      orderId,
    ])
  ).rows[0].n as number;

const historyOf = (order: { history: { status: string }[] }) => order.history.map((h) => h.status);

/** The order service's own call to open a payment, through Dapr (the boundary tests only). */
async function createPaymentAsOrderService(body: unknown) {
  const res = await fetch(`${sidecarUrl('order')}/invoke/payment/method/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (text ? JSON.parse(text) : undefined) as Body,
  };
}

function newPayment(amount = 2599) {
  return {
    orderId: randomUUID(),
    customerId: randomUUID(),
    amount: { amount, currency: 'EUR' },
    returnUrl: 'http://localhost:3000/checkout/paypal/return',
    cancelUrl: 'http://localhost:3000/checkout/paypal/cancel',
  };
}

describe('payment through the gateway: opened by the saga → approved on PayPal → captured', () => {
  it('captures an approved payment, PayPal holds the money, payment.succeeded confirms the order', async () => {
    const shopper = newShopper();
    const product = await createProduct(3, 2599);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    const order = await withApproveUrl(shopper, placed.body.id);

    const opened = await paymentOf(shopper, order.id);
    expect(opened).toMatchObject({
      orderId: order.id,
      status: 'CREATED',
      amount: { amount: 2599, currency: 'EUR' },
      capture: null,
    });
    expect(opened.approveUrl).toMatch(/^http:\/\/127\.0\.0\.1:8090\/checkoutnow\?token=[A-Z0-9]{17}$/);
    expect(order.payment.approveUrl).toBe(opened.approveUrl);

    const approve = await fetch(opened.approveUrl);
    expect(approve.status).toBe(200);
    const back = await fetch(`${PAYPAL}/checkoutnow`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ token: opened.providerOrderId, action: 'approve' }),
    });
    expect(back.status).toBe(303);
    const returnUrl = new URL(back.headers.get('location')!);
    expect(returnUrl.searchParams.get('token')).toBe(opened.providerOrderId);

    const captured = await capture(shopper, order.id);
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({
      status: 'CAPTURED',
      approveUrl: null,
      capture: { amount: { amount: 2599, currency: 'EUR' } },
    });
    const captureId = captured.body.capture.providerCaptureId;
    expect(captureId).toMatch(/^[A-Z0-9]{17}$/);
    expect((await paypalCapture(captureId)).body).toMatchObject({
      status: 'COMPLETED',
      amount: { currency_code: 'EUR', value: '25.99' },
    });

    const confirmed = await untilStatus(shopper, order.id, ['CONFIRMED']);
    expect(historyOf(confirmed)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
    expect(await paymentOf(shopper, order.id)).toEqual(captured.body);
  });

  it('a capture repeated takes the money once: one capture at PayPal, the same answer each time', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper, { amount: 1500 });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await capture(shopper, orderId));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('CAPTURED');
      expect(answer.body.capture.providerCaptureId).toBe(answers[0]!.body.capture.providerCaptureId);
    }
    const atPayPal = await paypalOrder(answers[0]!.body.providerOrderId);
    expect(atPayPal.body.status).toBe('COMPLETED');
    expect(atPayPal.body.purchase_units[0].payments.captures).toHaveLength(1);
    await untilStatus(shopper, orderId, ['CONFIRMED']);
    await stillAfter(async () => expect(await announced('payment.succeeded', orderId)).toBe(1), 5_000);
  });

  it('the database refuses a second capture row for an order, whatever the code does', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper);
    const captured = await capture(shopper, orderId);
    expect(captured.status).toBe(200);
    await expect(
      db.query(
        `INSERT INTO captures (id, payment_id, order_id, provider_capture_id, amount, currency, status)
         VALUES ($1, $2, $3, $4, 1999, 'EUR', 'COMPLETED')`,
        [randomUUID(), captured.body.id, orderId, randomUUID().slice(0, 17)],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'captures_order_id_key' });
  });

  it('a declined card fails the payment, nothing is taken at PayPal, and the order waits for a retry', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper, { action: 'approve-declining' });
    const declined = await capture(shopper, orderId);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'FAILED',
      failureReason: 'INSTRUMENT_DECLINED',
      capture: null,
    });
    const again = await capture(shopper, orderId);
    expect(again.body.status).toBe('FAILED');
    expect(
      (await paypalOrder(declined.body.providerOrderId)).body.purchase_units[0].payments,
    ).toBeUndefined();
    const waiting = await untilDeclineRecorded(shopper, orderId);
    expect(waiting.status).toBe('STOCK_RESERVED');
  });

  it('a capture before the shopper approved answers 409 problem+json and takes nothing', async () => {
    const shopper = newShopper();
    const product = await createProduct(2);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    await withApproveUrl(shopper, placed.body.id);
    const early = await capture(shopper, placed.body.id);
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const payment = await paymentOf(shopper, placed.body.id);
    expect(payment.status).toBe('CREATED');
    expect((await paypalOrder(payment.providerOrderId)).body.status).toBe('CREATED');
  });

  it('a shopper reads and captures only their own payment', async () => {
    const owner = newShopper();
    const { orderId } = await approvedOrder(owner);
    expect((await api('GET', `/orders/${orderId}/payment`)).status).toBe(401);
    const stranger = newShopper();
    expect((await api('GET', `/orders/${orderId}/payment`, stranger)).status).toBe(404);
    expect((await capture(stranger, orderId)).status).toBe(404);
    expect((await paymentOf(owner, orderId)).status).toBe('CREATED');
    const badId = await api('GET', '/orders/not-a-uuid/payment', owner);
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].path).toBe('id');
  });
});

describe('payment: the order service’s call to open a payment (order → payment sidecar boundary)', () => {
  it('bad input gets 400 problem+json naming each field, and nothing is written', async () => {
    const orderId = randomUUID();
    const res = await createPaymentAsOrderService({
      orderId,
      customerId: randomUUID(),
      amount: { amount: 12.5, currency: 'XXX' },
      returnUrl: 'javascript:alert(1)',
      admin: true,
    });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'admin',
      'amount.amount',
      'amount.currency',
      'cancelUrl',
      'returnUrl',
    ]);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [orderId]);
    expect(rows[0].n).toBe(0);

    const zero = await createPaymentAsOrderService({
      ...newPayment(),
      amount: { amount: 0, currency: 'EUR' },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0].path).toBe('amount.amount');
  });

  it('the same open twice gives the same payment; other terms for the order are a 409', async () => {
    const input = newPayment(1000);
    const created = await createPaymentAsOrderService(input);
    expect(created.status).toBe(201);
    const again = await createPaymentAsOrderService(input);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.providerOrderId).toBe(created.body.providerOrderId);
    const other = await createPaymentAsOrderService({ ...input, amount: { amount: 1, currency: 'EUR' } });
    expect(other.status).toBe(409);
  });

  it('a forwarded shopper identity may not open a payment for someone else (sidecar boundary)', async () => {
    // No public route opens a payment; this is the service's own check behind its sidecar.
    const res = await fetch(`${sidecarUrl('order')}/invoke/payment/method/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sidecart-user-id': randomUUID(),
        'x-sidecart-user-role': 'customer',
      },
      body: JSON.stringify(newPayment()),
    });
    expect(res.status).toBe(404);
  });
});

describe('payment: compensation when the order is cancelled', () => {
  it('refunds a paid order once, however often the cancellation is delivered (order sidecar boundary)', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper, { amount: 4100 });
    expect((await capture(shopper, orderId)).status).toBe(200);
    await untilStatus(shopper, orderId, ['CONFIRMED']);
    expect(
      (await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'changed my mind' })).status,
    ).toBe(200);
    const refundedOrder = await untilStatus(shopper, orderId, ['REFUNDED']);
    const refunded = await paymentOf(shopper, orderId);
    expect(refunded).toMatchObject({
      status: 'REFUNDED',
      refund: { amount: { amount: 4100, currency: 'EUR' }, reason: 'order cancelled: changed my mind' },
    });
    expect(refunded.refund.providerRefundId).toMatch(/^[A-Z0-9]{17}$/);
    expect(await refundRequestsAtPayPal(refunded.capture.providerCaptureId)).toBe(1);

    // The broker delivers the order's own order.cancelled again, twice at once, and another
    // cancellation of the same order (a new eventId) arrives as well.
    const { rows } = await ordersDb.query(
      `SELECT payload FROM outbox WHERE topic = 'order.cancelled' AND payload->>'orderId' = $1`,
      [orderId],
    );
    expect(rows).toHaveLength(1);
    const cancellation = rows[0].payload;
    await Promise.all([
      publishAs('order', 'order.cancelled', cancellation),
      publishAs('order', 'order.cancelled', cancellation),
    ]);
    await publishAs('order', 'order.cancelled', { ...cancellation, eventId: randomUUID() });

    // What a second refund would change: the money given back at PayPal, the refund the
    // shopper sees, and the payment.refunded the order's history is built from. PayPal itself
    // refuses a second full refund (and replays one with the same request id), so the money
    // cannot show a duplicate: the number of refund requests PayPal received can, and no key
    // caps it. (Shown failing by hand: with the eventId claim, the status check and the
    // parts-refunded check removed from Payments.compensate, PayPal counted 3 requests, not 1.)
    await stillAfter(async () => {
      expect(await refundRequestsAtPayPal(refunded.capture.providerCaptureId)).toBe(1);
      expect((await paypalRefund(refunded.refund.providerRefundId)).body.amount).toEqual({
        currency_code: 'EUR',
        value: '41.00',
      });
      expect((await paypalCapture(refunded.capture.providerCaptureId)).body.status).toBe('REFUNDED');
      expect(await paymentOf(shopper, orderId)).toEqual(refunded);
      expect(await announced('payment.refunded', orderId)).toBe(1);
      expect(historyOf((await api('GET', `/orders/${orderId}`, shopper)).body)).toEqual(
        historyOf(refundedOrder),
      );
    });
  });

  it('closes a payment that was never captured, so it cannot be captured later', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper);
    const cancelled = await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'found it cheaper' });
    expect(cancelled.status).toBe(200);
    await eventually(
      async () => ((await paymentOf(shopper, orderId)).status === 'CANCELLED' ? true : undefined),
      {
        what: 'the payment to be cancelled',
      },
    );
    const late = await capture(shopper, orderId);
    expect(late.status).toBe(409);
    const payment = await paymentOf(shopper, orderId);
    expect((await paypalOrder(payment.providerOrderId)).body.status).toBe('APPROVED');
  });
});

describe('payment: PayPal webhooks through the gateway', () => {
  // Where PayPal is told to send webhooks: the gateway's public route (the double posts there).
  const webhookUrl = `${GATEWAY}/api/v1/webhooks/paypal`;

  /** Has the double send a signed PAYMENT.CAPTURE.COMPLETED for a PayPal order to `url`. */
  const simulateCaptureCompleted = async (url: string, providerOrderId: string, captureId: string) =>
    fetch(`${PAYPAL}/v1/notifications/simulate-event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await paypalToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url,
        event_type: 'PAYMENT.CAPTURE.COMPLETED',
        webhook_id: secrets.PAYPAL_WEBHOOK_ID,
        resource: {
          id: captureId,
          status: 'COMPLETED',
          amount: { currency_code: 'EUR', value: '19.99' },
          supplementary_data: { related_ids: { order_id: providerOrderId } },
        },
      }),
    });

  const captureIdOf = () => randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase();

  it('records a capture PayPal reports in a verified webhook, and the order is confirmed', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper);
    const payment = await paymentOf(shopper, orderId);
    const captureId = captureIdOf();
    const res = await simulateCaptureCompleted(webhookUrl, payment.providerOrderId, captureId);
    expect(res.status).toBe(202);
    expect(((await res.json()) as Body).delivery.status).toBe(200);
    expect(await paymentOf(shopper, orderId)).toMatchObject({
      status: 'CAPTURED',
      capture: { providerCaptureId: captureId },
    });
    await untilStatus(shopper, orderId, ['CONFIRMED']);
  });

  it('acts once on a webhook delivered twice', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper);
    const payment = await paymentOf(shopper, orderId);
    const captureId = captureIdOf();
    // Catch a genuine signed delivery from the double, then hand it to the gateway twice.
    const caught = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const receiver = http.createServer((req, res) => {
          let body = '';
          req.on('data', (chunk) => (body += chunk));
          req.on('end', () => {
            res.end();
            receiver.close();
            resolve({ headers: req.headers, body });
          });
        });
        receiver.listen(0, '127.0.0.1', async () => {
          const port = (receiver.address() as AddressInfo).port;
          await simulateCaptureCompleted(
            `http://127.0.0.1:${port}/`,
            payment.providerOrderId,
            captureId,
          ).catch(reject);
        });
      },
    );
    const signed = Object.fromEntries(
      Object.entries(caught.headers).filter(([name]) => name.startsWith('paypal-')),
    );
    for (let i = 0; i < 2; i++) {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signed as Record<string, string>) },
        body: caught.body,
      });
      expect(res.status).toBe(200);
    }
    const captured = await paymentOf(shopper, orderId);
    expect(captured).toMatchObject({ status: 'CAPTURED', capture: { providerCaptureId: captureId } });
    const confirmed = await untilStatus(shopper, orderId, ['CONFIRMED']);
    await stillAfter(async () => {
      expect(await announced('payment.succeeded', orderId)).toBe(1);
      expect(await paymentOf(shopper, orderId)).toEqual(captured);
      expect(historyOf((await api('GET', `/orders/${orderId}`, shopper)).body)).toEqual(historyOf(confirmed));
    }, 5_000);
  });

  it('rejects a delivery whose signature PayPal does not confirm, and acts on nothing', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper);
    const payment = await paymentOf(shopper, orderId);
    const forged = {
      id: `WH-${randomUUID()}`,
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource: {
        id: 'FORGEDCAPTURE01',
        status: 'COMPLETED',
        amount: { currency_code: 'EUR', value: '19.99' },
        supplementary_data: { related_ids: { order_id: payment.providerOrderId } },
      },
    };
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'paypal-auth-algo': 'SHA256withRSA',
        'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-1',
        'paypal-transmission-id': randomUUID(),
        'paypal-transmission-sig': 'Zm9yZ2Vk',
        'paypal-transmission-time': new Date().toISOString(),
      },
      body: JSON.stringify(forged),
    });
    expect(res.status).toBe(400);
    const unsigned = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as Body).errors.map((e: { path: string }) => e.path)).toContain(
      'paypal-transmission-sig',
    );
    expect(await paymentOf(shopper, orderId)).toMatchObject({ status: 'CREATED', capture: null });
  });
});
