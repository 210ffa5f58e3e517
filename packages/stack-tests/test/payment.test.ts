/**
 * The payment service through its real sidecar, real PostgreSQL and the real broker,
 * with the real PayPal SDK talking to the local PayPal double on :8090.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { eventually, GATEWAY, localSecrets, sidecarUrl, sleep } from '../src/stack';

const secrets = localSecrets();
const db = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
const DOUBLE = 'http://127.0.0.1:8090';

afterAll(() => db.end());

// Response bodies are checked by the assertions themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/**
 * Calls the payment service through Dapr service invocation, as its callers do: opening a
 * payment is the order service's call (the only one its access policy allows it), the rest
 * the gateway's.
 */
async function payment(path: string, init: { method?: string; body?: unknown; shopper?: string } = {}) {
  const caller = init.method === 'POST' && path === 'payments' ? 'order' : 'gateway';
  const res = await fetch(`${sidecarUrl(caller)}/invoke/payment/method/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.shopper ? { 'x-sidecart-user-id': init.shopper, 'x-sidecart-user-role': 'customer' } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
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

/** The shopper clicks a button on the double's approval page. */
async function click(approveUrl: string, action: 'approve' | 'approve-declining') {
  const page = await fetch(approveUrl);
  expect(page.status).toBe(200);
  const res = await fetch(`${DOUBLE}/checkoutnow`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ token: new URL(approveUrl).searchParams.get('token')!, action }),
  });
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
}

const count = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0].n as number;
const captures = (orderId: string) =>
  count('SELECT count(*)::int AS n FROM captures WHERE order_id = $1', [orderId]);
const events = (topic: string, orderId: string) =>
  count(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND payload->>'orderId' = $2`, [
    topic,
    orderId,
  ]);

async function accessToken(): Promise<string> {
  const basic = Buffer.from(`${secrets.PAYPAL_CLIENT_ID}:${secrets.PAYPAL_CLIENT_SECRET}`).toString('base64');
  const res = await fetch(`${DOUBLE}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** PayPal-looking ids, unique per run (the database outlives test runs). */
const captureIdOf = () => randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase();

async function createdAndApproved(action: 'approve' | 'approve-declining' = 'approve') {
  const input = newPayment();
  const created = await payment('payments', { method: 'POST', body: input });
  expect(created.status).toBe(201);
  await click(created.body.approveUrl, action);
  return { input, created: created.body };
}

describe('payment: create → approve on PayPal → capture', () => {
  it('captures an approved payment once and publishes payment.succeeded from the outbox', async () => {
    const input = newPayment(2599);
    const created = await payment('payments', { method: 'POST', body: input });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orderId: input.orderId, status: 'CREATED', amount: input.amount });
    expect(created.body.approveUrl).toMatch(/^http:\/\/127\.0\.0\.1:8090\/checkoutnow\?token=[A-Z0-9]{17}$/);

    const again = await payment('payments', { method: 'POST', body: input });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.providerOrderId).toBe(created.body.providerOrderId);

    const back = await click(created.body.approveUrl, 'approve');
    expect(back).toBe(
      `${input.returnUrl}?token=${created.body.providerOrderId}&PayerID=${new URL(back).searchParams.get('PayerID')}`,
    );

    const captured = await payment(`payments/order/${input.orderId}/capture`, {
      method: 'POST',
      shopper: input.customerId,
    });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({
      status: 'CAPTURED',
      approveUrl: null,
      capture: { amount: input.amount },
    });
    expect(captured.body.capture.providerCaptureId).toMatch(/^[A-Z0-9]{17}$/);

    expect(await captures(input.orderId)).toBe(1);
    const published = await eventually(
      async () => {
        const { rows } = await db.query(
          `SELECT payload, published_at FROM outbox WHERE topic = 'payment.succeeded' AND payload->>'orderId' = $1`,
          [input.orderId],
        );
        return rows[0]?.published_at ? rows[0] : undefined;
      },
      15_000,
      'the relay to publish payment.succeeded',
    );
    expect(published.payload).toMatchObject({
      orderId: input.orderId,
      paymentId: created.body.id,
      amount: input.amount,
      providerCaptureId: captured.body.capture.providerCaptureId,
    });

    const read = await payment(`payments/order/${input.orderId}`, { shopper: input.customerId });
    expect(read.body).toEqual(captured.body);
  });

  it('the same capture request sent twice (even at once) captures once and answers the same', async () => {
    const { input } = await createdAndApproved();
    const path = `payments/order/${input.orderId}/capture`;
    const [first, second] = await Promise.all([
      payment(path, { method: 'POST', shopper: input.customerId }),
      payment(path, { method: 'POST', shopper: input.customerId }),
    ]);
    const third = await payment(path, { method: 'POST', shopper: input.customerId });
    for (const answer of [first, second, third]) {
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('CAPTURED');
      expect(answer.body.capture.providerCaptureId).toBe(first.body.capture.providerCaptureId);
    }
    expect(await captures(input.orderId)).toBe(1);
    expect(await events('payment.succeeded', input.orderId)).toBe(1);
  });

  it('the database refuses a second capture row for an order, whatever the code does', async () => {
    const { input, created } = await createdAndApproved();
    await payment(`payments/order/${input.orderId}/capture`, { method: 'POST', shopper: input.customerId });
    await expect(
      db.query(
        `INSERT INTO captures (id, payment_id, order_id, provider_capture_id, amount, currency, status)
         VALUES ($1, $2, $3, $4, 2599, 'EUR', 'COMPLETED')`,
        [randomUUID(), created.id, input.orderId, captureIdOf()],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'captures_order_id_key' });
  });

  it('a declined card fails the payment and publishes payment.failed, once', async () => {
    const { input } = await createdAndApproved('approve-declining');
    const path = `payments/order/${input.orderId}/capture`;
    const declined = await payment(path, { method: 'POST', shopper: input.customerId });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'FAILED',
      failureReason: 'INSTRUMENT_DECLINED',
      capture: null,
    });
    const again = await payment(path, { method: 'POST', shopper: input.customerId });
    expect(again.body.status).toBe('FAILED');
    expect(await captures(input.orderId)).toBe(0);
    expect(await events('payment.failed', input.orderId)).toBe(1);
    expect(await events('payment.succeeded', input.orderId)).toBe(0);
  });

  it('a capture before the shopper approved answers 409 and writes nothing', async () => {
    const input = newPayment();
    expect((await payment('payments', { method: 'POST', body: input })).status).toBe(201);
    const early = await payment(`payments/order/${input.orderId}/capture`, {
      method: 'POST',
      shopper: input.customerId,
    });
    expect(early.status).toBe(409);
    expect(early.type).toMatch(/^application\/problem\+json/);
    expect(
      (await payment(`payments/order/${input.orderId}`, { shopper: input.customerId })).body.status,
    ).toBe('CREATED');
    expect(await captures(input.orderId)).toBe(0);
  });
});

describe('payment: boundaries', () => {
  it('bad input gets 400 problem+json naming each field, and nothing is written', async () => {
    const orderId = randomUUID();
    const res = await payment('payments', {
      method: 'POST',
      body: {
        orderId,
        customerId: randomUUID(),
        amount: { amount: 12.5, currency: 'XXX' },
        returnUrl: 'javascript:alert(1)',
        admin: true,
      },
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
    expect(await count('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [orderId])).toBe(0);

    const zero = await payment('payments', {
      method: 'POST',
      body: { ...newPayment(), amount: { amount: 0, currency: 'EUR' } },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0].path).toBe('amount.amount');

    const badId = await payment('payments/order/not-a-uuid', { shopper: randomUUID() });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].path).toBe('orderId');
  });

  it('a second create for the order with other terms is a 409', async () => {
    const input = newPayment(1000);
    expect((await payment('payments', { method: 'POST', body: input })).status).toBe(201);
    const other = await payment('payments', {
      method: 'POST',
      body: { ...input, amount: { amount: 1, currency: 'EUR' } },
    });
    expect(other.status).toBe(409);
  });

  it('a shopper reads and captures only their own payment', async () => {
    const input = newPayment();
    await payment('payments', { method: 'POST', body: input });
    expect((await payment(`payments/order/${input.orderId}`)).status).toBe(401);
    expect((await payment(`payments/order/${input.orderId}`, { shopper: randomUUID() })).status).toBe(404);
    const stranger = await payment(`payments/order/${input.orderId}/capture`, {
      method: 'POST',
      shopper: randomUUID(),
    });
    expect(stranger.status).toBe(404);
    const forOther = await payment('payments', { method: 'POST', body: newPayment(), shopper: randomUUID() });
    expect(forOther.status).toBe(404);
  });
});

describe('payment: compensation on order.cancelled', () => {
  const publishCancelled = (event: object) =>
    fetch(`${sidecarUrl('payment')}/publish/pubsub/order.cancelled`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });

  it('refunds a captured payment once, even when the event is delivered twice', async () => {
    const { input } = await createdAndApproved();
    await payment(`payments/order/${input.orderId}/capture`, { method: 'POST', shopper: input.customerId });
    const event = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      orderId: input.orderId,
      customerId: input.customerId,
      reason: 'payment timeout',
    };
    for (let i = 0; i < 2; i++) expect((await publishCancelled(event)).status).toBe(204);

    const refunded = await eventually(
      async () => {
        const res = await payment(`payments/order/${input.orderId}`, { shopper: input.customerId });
        return res.body.status === 'REFUNDED' ? res.body : undefined;
      },
      20_000,
      'the refund',
    );
    expect(refunded.refund).toMatchObject({
      amount: input.amount,
      reason: 'order cancelled: payment timeout',
    });
    expect(refunded.refund.providerRefundId).toMatch(/^[A-Z0-9]{17}$/);
    const atPayPal = await fetch(`${DOUBLE}/v2/payments/captures/${refunded.capture.providerCaptureId}`, {
      headers: { authorization: `Bearer ${await accessToken()}` },
    });
    expect(((await atPayPal.json()) as Body).status).toBe('REFUNDED');
    // Give the second delivery time to arrive, and a different cancellation too; then count.
    await publishCancelled({ ...event, eventId: randomUUID() });
    await sleep(2000);
    expect(await count('SELECT count(*)::int AS n FROM refunds WHERE payment_id = $1', [refunded.id])).toBe(
      1,
    );
    expect(await events('payment.refunded', input.orderId)).toBe(1);
    expect(
      await count('SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1', [event.eventId]),
    ).toBe(1);
  });

  it('cancels a payment that was never captured, so it cannot be captured later', async () => {
    const { input } = await createdAndApproved();
    const event = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      orderId: input.orderId,
      customerId: input.customerId,
      reason: 'stock rejected',
    };
    expect((await publishCancelled(event)).status).toBe(204);
    await eventually(
      async () =>
        (await payment(`payments/order/${input.orderId}`, { shopper: input.customerId })).body.status ===
        'CANCELLED'
          ? true
          : undefined,
      20_000,
      'the payment to be cancelled',
    );
    const late = await payment(`payments/order/${input.orderId}/capture`, {
      method: 'POST',
      shopper: input.customerId,
    });
    expect(late.status).toBe(409);
    expect(await captures(input.orderId)).toBe(0);
  });
});

describe('payment: PayPal webhooks', () => {
  // Where PayPal is told to send webhooks: the gateway's public route (the double posts there).
  const webhookUrl = `${GATEWAY}/api/v1/webhooks/paypal`;

  /** Has the double send a signed PAYMENT.CAPTURE.COMPLETED for a PayPal order to `url`. */
  const simulateCaptureCompleted = async (url: string, providerOrderId: string, captureId: string) =>
    fetch(`${DOUBLE}/v1/notifications/simulate-event`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url,
        event_type: 'PAYMENT.CAPTURE.COMPLETED',
        webhook_id: secrets.PAYPAL_WEBHOOK_ID,
        resource: {
          id: captureId,
          status: 'COMPLETED',
          amount: { currency_code: 'EUR', value: '25.99' },
          supplementary_data: { related_ids: { order_id: providerOrderId } },
        },
      }),
    });

  it('records a capture PayPal reports in a verified webhook', async () => {
    const { input, created } = await createdAndApproved();
    const captureId = captureIdOf();
    const res = await simulateCaptureCompleted(webhookUrl, created.providerOrderId, captureId);
    expect(res.status).toBe(202);
    expect(((await res.json()) as Body).delivery.status).toBe(200);
    const read = await payment(`payments/order/${input.orderId}`, { shopper: input.customerId });
    expect(read.body).toMatchObject({
      status: 'CAPTURED',
      capture: { providerCaptureId: captureId },
    });
    expect(await events('payment.succeeded', input.orderId)).toBe(1);
  });

  it('acts once on a webhook delivered twice', async () => {
    const { input, created } = await createdAndApproved();
    const captureId = captureIdOf();
    // Catch a genuine signed delivery from the double, then hand it to the service twice.
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
            created.providerOrderId,
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
    const read = await payment(`payments/order/${input.orderId}`, { shopper: input.customerId });
    expect(read.body).toMatchObject({
      status: 'CAPTURED',
      capture: { providerCaptureId: captureId },
    });
    expect(await captures(input.orderId)).toBe(1);
    expect(await events('payment.succeeded', input.orderId)).toBe(1);
    const eventId = (JSON.parse(caught.body) as { id: string }).id;
    expect(await count('SELECT count(*)::int AS n FROM webhook_events WHERE id = $1', [eventId])).toBe(1);
  });

  it('rejects a delivery whose signature PayPal does not confirm, and acts on nothing', async () => {
    const { input, created } = await createdAndApproved();
    const forged = {
      id: `WH-${randomUUID()}`,
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource: {
        id: 'FORGEDCAPTURE01',
        status: 'COMPLETED',
        amount: { currency_code: 'EUR', value: '25.99' },
        supplementary_data: { related_ids: { order_id: created.providerOrderId } },
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
    expect(await captures(input.orderId)).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM webhook_events WHERE id = $1', [forged.id])).toBe(0);
  });
});
