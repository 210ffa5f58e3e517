/**
 * Dead letters, end to end on the default broker (Redis Streams): a shopper cancels a paid order
 * while PayPal is down (the double's outage: every PayPal call answers 503). The payment
 * service's `order.cancelled` handler cannot refund, fails on every delivery, and after the
 * retries of components/resiliency.yaml daprd sends the event to `order.cancelled.dlq`. The
 * operator's command (`npm run dlq`, packages/dlq) lists it with the consumer's error; once
 * PayPal is back, `npm run dlq -- replay` publishes it again through the order sidecar and the
 * money comes back once. A second replay changes nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { api } from '../src/api';
import { runLogs } from '../src/logs';
import { PAYPAL, paypalCapture, paypalRefund, paypalToken } from '../src/paypal';
import { approvedOrder, capture, registeredShopper, untilStatus, untilStock } from '../src/shop';
import { eventually, localSecrets, PROFILE, ROOT, stillAfter } from '../src/stack';

const run = promisify(execFile);
const secrets = localSecrets();
const paymentsDb = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
afterAll(() => paymentsDb.end());

/** The operator's command, as the README gives it, on this run's profile. */
async function dlq(...args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'dlq', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, SIDECART_PROFILE: PROFILE },
  });
  return stdout;
}

type Letter = { eventId: string; reason: string; cloudEvent: { data: { orderId: string } } };
const deadLetters = async (topic: string): Promise<Letter[]> =>
  // Every log of the run: the payment service may be one a test restarted (src/logs.ts).
  (
    JSON.parse(await dlq('list', topic, '--json', ...runLogs().flatMap((file) => ['--log', file]))) as {
      letters: Letter[];
    }[]
  )[0]!.letters;

/** The PayPal double's outage switch (packages/paypal-double/src/outage.ts). */
async function paypalDown(down: boolean, token: string): Promise<void> {
  const res = await fetch(`${PAYPAL}/v1/double/outage`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ down }),
  });
  if (res.status !== 200) throw new Error(`the double's outage switch answered ${res.status}`);
}

/** How many times the payment service announced `topic` for the order (its outbox, one row per event). */
const announced = async (topic: string, orderId: string) =>
  (
    await paymentsDb.query(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND payload->>'orderId' = $2`,
      [topic, orderId],
    )
  ).rows[0].n as number;

/**
 * One retry chain of components/resiliency.yaml (`eventRetry`: 8 retries from 500 ms, Dapr's
 * multiplier 1.5, each interval ±50 % at random) waits 12-37 s; measured here: 21.7 s and 32.0 s.
 * On Redis Streams daprd dead-letters on the delivery's context, which the component ends after
 * `processingTimeout` (30 s, components/pubsub.yaml): a chain longer than that fails to dead-letter
 * ("context deadline exceeded"), the message is reclaimed once idle 30 s (checked every 10 s) and a
 * new chain starts. Measured: dead-lettered 62 s after the first failure, by the second chain.
 * Allowed: three chains and two reclaims.
 */
const DEAD_LETTER_WITHIN_MS = 3 * 37_000 + 2 * (30_000 + 10_000);

it('a refund that fails while PayPal is down is dead-lettered, listed with its error, and replayed once after the fix', async () => {
  const shopper = await registeredShopper();
  const { orderId, product } = await approvedOrder(shopper, { amount: 4100, onHand: 3 });
  expect((await capture(shopper, orderId)).status).toBe(200);
  await untilStatus(shopper, orderId, ['CONFIRMED']);
  await untilStock(product.id, { onHand: 2, reserved: 0, available: 2 });
  const captured = (await api('GET', `/orders/${orderId}/payment`, shopper)).body;
  expect(captured.status).toBe('CAPTURED');

  const token = await paypalToken();
  await paypalDown(true, token);
  let letter: Letter;
  try {
    const cancelled = await api('POST', `/orders/${orderId}/cancel`, shopper, { reason: 'ordered twice' });
    expect(cancelled.status).toBe(200);
    letter = await eventually(
      async () => (await deadLetters('order.cancelled')).find((l) => l.cloudEvent.data.orderId === orderId),
      { within: DEAD_LETTER_WITHIN_MS, what: `order ${orderId}'s cancellation in order.cancelled.dlq` },
    );
    // Why, from the payment service's log: the refund PayPal could not make.
    expect(letter.reason).toMatch(/^handler failed: .*PayPal could not complete the request/);
    // The other consumers handled it: the sold unit is back on the shelf; no money came back.
    await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
    expect((await api('GET', `/orders/${orderId}/payment`, shopper)).body.status).toBe('CAPTURED');
  } finally {
    await paypalDown(false, token);
  }
  // The text listing names the event too.
  expect(await dlq('list', 'order.cancelled')).toContain(letter.eventId);
  // Counted for the dead-letter alert (deploy/observability/alerts.yaml, SidecartDeadLetters).
  expect(await dlq('metrics')).toMatch(/^sidecart_dead_letter_events\{topic="order\.cancelled"\} [1-9]\d*$/m);

  // Fixed (PayPal answers again). Nothing refunds by itself: the event was taken off its topic.
  await stillAfter(async () => {
    expect((await api('GET', `/orders/${orderId}/payment`, shopper)).body.status).toBe('CAPTURED');
  }, 5_000);

  await dlq('replay', 'order.cancelled', '--id', letter.eventId, '--keep');
  const refundedOrder = await untilStatus(shopper, orderId, ['REFUNDED'], DEAD_LETTER_WITHIN_MS);
  const refunded = (await api('GET', `/orders/${orderId}/payment`, shopper)).body;
  expect(refunded).toMatchObject({
    status: 'REFUNDED',
    refund: { amount: { amount: 4100, currency: 'EUR' }, reason: 'order cancelled: ordered twice' },
  });

  // What a second effect would change: the money given back at PayPal, the stock put back on the
  // shelf (by the product service, which gets the replayed event too), the refund announced.
  const once = async () => {
    expect((await paypalRefund(refunded.refund.providerRefundId)).body.amount).toEqual({
      currency_code: 'EUR',
      value: '41.00',
    });
    expect((await paypalCapture(refunded.capture.providerCaptureId)).body.status).toBe('REFUNDED');
    expect((await api('GET', `/orders/${orderId}/payment`, shopper)).body).toEqual(refunded);
    expect(await announced('payment.refunded', orderId)).toBe(1);
    expect((await api('GET', `/orders/${orderId}`, shopper)).body.history).toEqual(refundedOrder.history);
    await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
  };
  await stillAfter(once, 15_000);

  // A second replay (this one takes the dead letter away) publishes the same event again.
  const second = JSON.parse(await dlq('replay', 'order.cancelled', '--id', letter.eventId, '--json')) as {
    replayed: string[];
    removed: number;
  };
  expect(second.replayed).toEqual([letter.eventId]);
  expect(second.removed).toBeGreaterThanOrEqual(1);
  await stillAfter(once);
  expect((await deadLetters('order.cancelled')).map((l) => l.eventId)).not.toContain(letter.eventId);
}, 600_000);
