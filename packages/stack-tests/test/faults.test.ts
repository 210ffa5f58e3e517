/**
 * Faults during a checkout run: 20 patient shoppers (src/load.ts) check out while the order
 * app is killed (SIGKILL) and started again 5 s later, then the payment app's sidecar is, then
 * the broker is cut off for 10 s (through the link the tests own, src/broker.ts; never the
 * machine's Redis). Every tenth checkout is cancelled by its shopper once paid (at once after
 * the capture, racing the confirmation, or once confirmed), so the shop refunds it. During the
 * cut, shoppers held ready for it place orders and capture approved ones (two of them cancel
 * at once): the shop takes them while their events wait in the outboxes until the broker is back.
 * Afterwards every order must have ended CONFIRMED or CANCELLED (REFUNDED when money had been
 * taken) within the saga's timeouts, most of them CONFIRMED and every one placed after the last
 * recovery (but those its shopper cancelled, which are REFUNDED), no order charged twice, each
 * refund exactly the capture at PayPal, and the stock exact.
 * Each process is left running as `npm start` runs it (src/apps.ts), so later files see the
 * same system.
 */
import pg from 'pg';
import { crashApp, crashSidecar } from '../src/apps';
import { brokerLinkOwned, cutBroker } from '../src/broker';
import {
  checkoutOnce,
  createLoadProducts,
  runCheckouts,
  signUp,
  type CheckoutOutcome,
  type Shopper,
} from '../src/load';
import { paypalOrder, paypalRefund } from '../src/paypal';
import { untilStock } from '../src/shop';
import { eventually, localSecrets, sleep, systemHealthy } from '../src/stack';

const SHOPPERS = 20;
const PRODUCTS = 5;
const ON_HAND = 10_000;
/** Every n-th checkout of the run is cancelled by its shopper once paid. */
const CANCEL_EVERY = 10;
/** Shoppers held for the broker cut: these place orders during it ... */
const CUT_PLACERS = 4;
/** ... and these capture approved orders during it, the first CUT_CANCELLERS of them cancelling at once. */
const CUT_PAYERS = 6;
const CUT_CANCELLERS = 2;
/** The saga gives up on an order after these (services/order/src/config.ts; the harness sets 40 s for approval). */
const STOCK_TIMEOUT_S = Number(process.env.ORDER_STOCK_TIMEOUT_SECONDS ?? 120);
const APPROVAL_TIMEOUT_S = Number(process.env.ORDER_APPROVAL_TIMEOUT_SECONDS ?? 40);
/** The timeout sweep runs every 2 s (services/order/src/server.ts). */
const SAGA_TIMEOUT_MS = (STOCK_TIMEOUT_S + APPROVAL_TIMEOUT_S + 5) * 1000;

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const paymentsDb = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
afterAll(async () => {
  await ordersDb.end();
  await paymentsDb.end();
});

type OrderRow = {
  id: string;
  status: string;
  total: number;
  createdAt: Date;
  /** When the order last changed status. */
  settledAt: Date;
  lines: { productId: string; quantity: number }[];
};
type PaymentRow = {
  orderId: string;
  providerOrderId: string;
  status: string;
  captureId: string | null;
  captured: number | null;
  capturedAt: Date | null;
  refundId: string | null;
  refunded: number | null;
};

/** Every order of these products, as the order service keeps it. */
async function ordersOf(productIds: string[]): Promise<OrderRow[]> {
  const { rows } = await ordersDb.query(
    `SELECT o.id, o.status, o.total_amount::int AS total, o.created_at AS "createdAt",
            (SELECT max(h.at) FROM order_status_history h WHERE h.order_id = o.id) AS "settledAt",
            json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity)) AS lines
       FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.id IN (SELECT order_id FROM order_lines WHERE product_id = ANY($1))
      GROUP BY o.id`,
    [productIds],
  );
  return rows;
}

/** The payment of each order, with its capture and refund if any. */
async function paymentsOf(orderIds: string[]): Promise<Map<string, PaymentRow[]>> {
  const { rows } = await paymentsDb.query<PaymentRow>(
    `SELECT p.order_id AS "orderId", p.provider_order_id AS "providerOrderId", p.status,
            c.provider_capture_id AS "captureId", c.amount::int AS captured, c.captured_at AS "capturedAt",
            r.provider_refund_id AS "refundId", r.amount::int AS refunded
       FROM payments p LEFT JOIN captures c ON c.payment_id = p.id LEFT JOIN refunds r ON r.capture_id = c.id
      WHERE p.order_id = ANY($1::uuid[])`,
    [orderIds],
  );
  const byOrder = new Map<string, PaymentRow[]>();
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
  return byOrder;
}

/** When the outbox of `db` published each order's `topic` event (null: not yet), by order id. */
async function publishedAt(
  db: pg.Pool,
  topic: string,
  orderIds: string[],
): Promise<Map<string, Date | null>> {
  const { rows } = await db.query<{ orderId: string; publishedAt: Date | null }>(
    `SELECT payload->>'orderId' AS "orderId", published_at AS "publishedAt"
       FROM outbox WHERE topic = $1 AND payload->>'orderId' = ANY($2::text[])`,
    [topic, orderIds],
  );
  return new Map(rows.map((r) => [r.orderId, r.publishedAt]));
}

/** When each of these orders first entered `status` (order_status_history), by order id. */
async function enteredAt(status: string, orderIds: string[]): Promise<Map<string, Date>> {
  const { rows } = await ordersDb.query<{ orderId: string; at: Date }>(
    `SELECT order_id AS "orderId", min(at) AS at FROM order_status_history
      WHERE status = $1 AND order_id = ANY($2::uuid[]) GROUP BY order_id`,
    [status, orderIds],
  );
  return new Map(rows.map((r) => [r.orderId, r.at]));
}

/** Where an order rests for good: confirmed, cancelled before any money moved, or refunded. */
const settled = (order: OrderRow, payments: PaymentRow[]) =>
  order.status === 'CONFIRMED' ||
  order.status === 'REFUNDED' ||
  (order.status === 'CANCELLED' && payments.every((p) => p.captureId === null));

/** PayPal's decimal string for minor units (EUR: two decimals). */
const paypalValue = (minor: number) => (minor / 100).toFixed(2);

const untilHealthy = () =>
  eventually(async () => ((await systemHealthy()) ? true : undefined), {
    within: 60_000,
    what: 'the gateway to see every service healthy again',
  });

it(`${SHOPPERS} shoppers check out through an order crash, a payment sidecar crash and a 10 s broker cut`, async () => {
  expect(brokerLinkOwned()).toBe(true); // the broker cut needs the link global setup starts
  const productIds = await createLoadProducts(PRODUCTS, ON_HAND);
  const anyLine = () => ({
    productId: productIds[Math.floor(Math.random() * productIds.length)]!,
    quantity: 1,
  });
  const faults: { what: string; from: number; to: number }[] = [];
  let recoveredAt = 0;
  const started = Date.now();
  /** Runs a fault and waits until the system is healthy; its window ends then, or where `run` says. */
  const fault = async (what: string, run: () => Promise<{ from: number; to: number } | void>) => {
    const from = Date.now();
    const window = await run();
    await untilHealthy();
    faults.push({ what, ...(window ?? { from, to: Date.now() }) });
    console.log(`fault: ${what}, ${((Date.now() - from) / 1000).toFixed(1)} s until healthy again`);
  };

  // The shoppers held for the broker cut: signed up now, sent on when the broker is cut.
  const cutShoppers: Shopper[] = [];
  while (cutShoppers.length < CUT_PLACERS + CUT_PAYERS) {
    const { shopper } = await signUp();
    if (shopper) cutShoppers.push(shopper);
    else await sleep(500);
  }
  let releaseCutShoppers!: () => void;
  const cutBegins = new Promise<void>((resolve) => (releaseCutShoppers = resolve));
  const heldAt = { place: 0, capture: 0 };
  const holdUntilCut = (step: 'place' | 'capture') => async (at: 'place' | 'capture') => {
    if (at !== step) return;
    heldAt[step]++;
    await cutBegins;
  };
  /** What each shopper of the cut does: place an order, or capture one (and cancel it at once). */
  const cutPlan = cutShoppers.map((_, i) => ({
    held: i < CUT_PLACERS ? ('place' as const) : ('capture' as const),
    cancel: i >= CUT_PLACERS && i < CUT_PLACERS + CUT_CANCELLERS ? ('after-capture' as const) : undefined,
  }));
  let cutOutcomes: CheckoutOutcome[] = [];

  const run = await runCheckouts({
    shoppers: SHOPPERS,
    productIds,
    durationMs: 0,
    pollMs: 250,
    patient: true,
    cancelEvery: CANCEL_EVERY,
    during: async () => {
      await sleep(5000); // shoppers in every step of the saga
      await fault('order app killed (SIGKILL), restarted after 5 s', async () => {
        const crashed = crashApp('order', 'services/order', 5003);
        await sleep(5000);
        await crashed.restart();
      });
      await sleep(5000);
      await fault('payment sidecar killed (SIGKILL), restarted after 5 s', async () => {
        const crashed = crashSidecar('payment');
        await sleep(5000);
        await crashed.restart();
      });
      // Placers fill their carts, payers get their orders approved on PayPal; all wait for the cut.
      const cutCheckouts = Promise.all(
        cutShoppers.map((shopper, i) =>
          checkoutOnce(shopper, [anyLine()], {
            pollMs: 250,
            patient: true,
            cancel: cutPlan[i]!.cancel,
            hold: holdUntilCut(cutPlan[i]!.held),
          }),
        ),
      );
      await sleep(5000);
      await eventually(
        async () => (heldAt.place === CUT_PLACERS && heldAt.capture === CUT_PAYERS ? true : undefined),
        { within: 60_000, what: 'the shoppers held for the cut to be ready to place and to capture' },
      );
      await fault('broker cut off for 10 s', () => cutBroker(10_000, async () => releaseCutShoppers()));
      recoveredAt = Date.now();
      await sleep(15_000); // orders placed after the recovery
      cutOutcomes = await cutCheckouts;
    },
  });
  const runEnded = Date.now();
  const outcomes = [...run.outcomes, ...cutOutcomes];
  /** The orders their shoppers cancelled once paid, and how. */
  const cancelledByShopper = new Map(
    outcomes.flatMap((o) => (o.cancel && o.orderId ? [[o.orderId, o.cancel] as const] : [])),
  );

  // Every order comes to rest within the saga's timeouts.
  let orders: OrderRow[] = [];
  let payments = new Map<string, PaymentRow[]>();
  await eventually(
    async () => {
      orders = await ordersOf(productIds);
      payments = await paymentsOf(orders.map((o) => o.id));
      return orders.every((o) => settled(o, payments.get(o.id) ?? [])) ? true : undefined;
    },
    {
      within: SAGA_TIMEOUT_MS,
      what: 'every order to be CONFIRMED, CANCELLED or REFUNDED',
    },
  ).catch((err) => {
    const open = orders.filter((o) => !settled(o, payments.get(o.id) ?? []));
    throw new Error(`${(err as Error).message}; not settled: ${JSON.stringify(open.slice(0, 10))}`);
  });

  const count = (status: string, list = orders) => list.filter((o) => o.status === status).length;
  const kept = (list: OrderRow[]) => list.filter((o) => !cancelledByShopper.has(o.id));
  const within = (at: Date | null | undefined, f: { from: number; to: number }) =>
    !!at && at.getTime() >= f.from && at.getTime() <= f.to;
  const after = orders.filter((o) => o.createdAt.getTime() > recoveredAt);
  const during = (f: { from: number; to: number }) => orders.filter((o) => within(o.createdAt, f));
  const slowest = Math.max(...orders.map((o) => o.settledAt.getTime() - o.createdAt.getTime()));
  const allPayments = [...payments.values()].flat();
  const captures = allPayments.filter((p) => p.captureId !== null);
  const cut = faults.find((f) => f.what.startsWith('broker cut'))!;
  const placedInCut = during(cut);
  const capturedInCut = captures.filter((c) => within(c.capturedAt, cut));
  const byShopper = [...cancelledByShopper].map(([id, how]) => ({
    how,
    order: orders.find((o) => o.id === id),
  }));
  console.log(
    [
      `faults run: ${SHOPPERS} shoppers (+${cutShoppers.length} held for the cut) for ${((runEnded - started) / 1000).toFixed(0)} s, ${orders.length} orders placed`,
      `  CONFIRMED ${count('CONFIRMED')}, CANCELLED ${count('CANCELLED')}, REFUNDED ${count('REFUNDED')} (cancelled after capture)`,
      `  cancelled by their shopper once paid: ${byShopper.length} (${byShopper.filter((c) => c.how === 'after-capture').length} at once after the capture, ${byShopper.filter((c) => c.how === 'once-confirmed').length} once confirmed), of which REFUNDED ${byShopper.filter((c) => c.order?.status === 'REFUNDED').length}`,
      ...faults.map(
        (f) =>
          `  placed while ${f.what}: ${during(f).length}, of which CONFIRMED ${count('CONFIRMED', during(f))}, REFUNDED ${count('REFUNDED', during(f))}`,
      ),
      `  captured during the broker cut (${((cut.to - cut.from) / 1000).toFixed(1)} s): ${capturedInCut.length}`,
      `  placed after the last recovery: ${after.length}, of which CONFIRMED ${count('CONFIRMED', after)}, REFUNDED ${count('REFUNDED', after)}`,
      `  captures ${captures.length}, refunds ${captures.filter((c) => c.refundId).length}; slowest order to rest ${(slowest / 1000).toFixed(1)} s`,
      `  shoppers: ${run.confirmed} saw CONFIRMED, ${run.refunded} saw their cancelled order REFUNDED, ${run.failed} failed, ${run.stuck} stuck${run.errors.length ? `: ${run.errors.join(' | ')}` : ''}`,
      `  shoppers of the cut: ${cutOutcomes.map((o) => o.status + (o.error ? ` (${o.error})` : '')).join(', ')}`,
    ].join('\n'),
  );

  expect(orders.length).toBeGreaterThanOrEqual(SHOPPERS);
  expect(slowest).toBeLessThanOrEqual(SAGA_TIMEOUT_MS);
  expect(count('CONFIRMED', kept(orders)) / kept(orders).length).toBeGreaterThanOrEqual(0.9);
  expect(after.length).toBeGreaterThan(0);
  expect(kept(after).filter((o) => o.status !== 'CONFIRMED')).toEqual([]);
  // Every order its shopper cancelled once paid was refunded, in both ways of cancelling.
  expect(byShopper.filter((c) => c.how === 'after-capture').length).toBeGreaterThanOrEqual(
    CUT_CANCELLERS + 1,
  );
  expect(byShopper.filter((c) => c.how === 'once-confirmed').length).toBeGreaterThanOrEqual(1);
  expect(byShopper.filter((c) => c.order?.status !== 'REFUNDED')).toEqual([]);

  // The broker cut: the shop took orders and captures while it lasted, and their events waited
  // in the outboxes until the broker was back; then those orders went on to their end.
  expect(cutOutcomes.map((o) => o.status)).toEqual(cutPlan.map((p) => (p.cancel ? 'REFUNDED' : 'CONFIRMED')));
  expect(placedInCut.length).toBeGreaterThanOrEqual(CUT_PLACERS);
  expect(capturedInCut.length).toBeGreaterThanOrEqual(CUT_PAYERS);
  const placedAnnounced = await publishedAt(
    ordersDb,
    'order.placed',
    placedInCut.map((o) => o.id),
  );
  const paidAnnounced = await publishedAt(
    paymentsDb,
    'payment.succeeded',
    capturedInCut.map((c) => c.orderId),
  );
  expect([...placedAnnounced.values()].filter((at) => !at || at.getTime() < cut.to)).toEqual([]);
  expect(placedAnnounced.size).toBe(placedInCut.length);
  expect([...paidAnnounced.values()].filter((at) => !at || at.getTime() < cut.to)).toEqual([]);
  expect(paidAnnounced.size).toBe(capturedInCut.length);
  // ... and the saga heard of them only then: stock reserved, payments confirmed after the cut.
  const reservedAt = await enteredAt(
    'STOCK_RESERVED',
    placedInCut.map((o) => o.id),
  );
  expect(reservedAt.size).toBe(placedInCut.length);
  expect([...reservedAt.values()].filter((at) => at.getTime() < cut.to)).toEqual([]);
  const confirmedAt = await enteredAt(
    'CONFIRMED',
    capturedInCut.map((c) => c.orderId),
  );
  expect(confirmedAt.size).toBeGreaterThanOrEqual(CUT_PAYERS - CUT_CANCELLERS);
  expect([...confirmedAt.values()].filter((at) => at.getTime() < cut.to)).toEqual([]);

  // Money: one payment per order, taken at most once; a confirmed order was paid its total, and
  // a refunded one got exactly that back, once. At PayPal too.
  for (const order of orders) {
    const mine = payments.get(order.id) ?? [];
    expect(mine.length).toBeLessThanOrEqual(1);
    if (order.status === 'CONFIRMED')
      expect(mine).toEqual([
        expect.objectContaining({ status: 'CAPTURED', captured: order.total, refundId: null }),
      ]);
    if (order.status === 'REFUNDED')
      expect(mine).toEqual([
        expect.objectContaining({ status: 'REFUNDED', captured: order.total, refunded: order.total }),
      ]);
  }
  for (const payment of allPayments) {
    const atPayPal = (await paypalOrder(payment.providerOrderId)).body;
    const taken = atPayPal.purchase_units[0].payments?.captures ?? [];
    expect(taken.map((c: { id: string }) => c.id)).toEqual(payment.captureId ? [payment.captureId] : []);
    if (!payment.refundId) {
      if (payment.captureId) expect(taken[0].status).toBe('COMPLETED');
      continue;
    }
    // The capture is fully refunded and this refund is all of it: PayPal refunds no more than
    // was captured, so no other refund of it exists.
    const value = paypalValue(payment.captured!);
    expect(taken[0]).toMatchObject({ status: 'REFUNDED', amount: { currency_code: 'EUR', value } });
    const refund = (await paypalRefund(payment.refundId)).body;
    expect(refund).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'EUR', value } });
    expect(refund.links).toContainEqual(
      expect.objectContaining({
        rel: 'up',
        href: expect.stringMatching(new RegExp(`/captures/${payment.captureId}$`)),
      }),
    );
  }

  // Stock: what confirmed orders bought is gone from the shelf, nothing else is held: the units
  // of every cancelled or refunded order (released, or sold and returned) are back.
  const sold = new Map<string, number>();
  for (const order of orders.filter((o) => o.status === 'CONFIRMED'))
    for (const line of order.lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
  for (const productId of productIds) {
    const onHand = ON_HAND - (sold.get(productId) ?? 0);
    await untilStock(productId, { onHand, reserved: 0, available: onHand });
  }
}, 900_000);
