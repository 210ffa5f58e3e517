/**
 * The order emails, read where the shopper would read them: an order placed and paid through the
 * public gateway, then the shopper's mail in the run's mail catcher (mailpit's API; src/mail.ts).
 * The customer service sends them through its sidecar's `email` output binding (SMTP). Tests named
 * "(… sidecar boundary)" put the order service's event on the broker again themselves, because
 * the redelivery is their subject: each mail goes out once per order, however often its event comes.
 */
import { formatMoney, shortOrderId } from '@sidecart/contracts';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { api } from '../src/api';
import { publishAs } from '../src/events';
import { mailsTo, readMail } from '../src/mail';
import {
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  newAdmin,
  registeredShopper,
  untilStatus,
  withApproveUrl,
} from '../src/shop';
import { eventually, localSecrets, stillAfter } from '../src/stack';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const customersDb = new MongoClient(secrets.CUSTOMER_MONGO_URL!, { serverSelectionTimeoutMS: 10_000 });
afterAll(async () => {
  await ordersDb.end();
  await customersDb.close();
});

type Shopper = Awaited<ReturnType<typeof registeredShopper>>;

/** Two of one product (12.50 each) bought through the gateway: cart, checkout, PayPal, capture. */
async function confirmedOrder(shopper: Shopper) {
  const product = await createProduct(5, 1250);
  await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
  const placed = await checkout(shopper);
  expect(placed.status).toBe(201);
  const orderId = placed.body.id as string;
  const reserved = await withApproveUrl(shopper, orderId);
  await approveOnPayPal(reserved.payment.approveUrl);
  expect((await capture(shopper, orderId)).status).toBe(200);
  const order = await untilStatus(shopper, orderId, ['CONFIRMED']);
  return { orderId, product, total: order.total as { amount: number; currency: 'EUR' } };
}

/** The shopper's mails whose subject names this order (its number, as the storefront shows it). */
const mailsAbout = async (shopper: Shopper, orderId: string, kind: 'confirmed' | 'shipped') =>
  (await mailsTo(shopper.email)).filter(
    (m) => m.Subject.includes(shortOrderId(orderId)) && m.Subject.endsWith(kind),
  );

/** Waits for the one mail of `kind` about the order and reads it. */
async function theMail(shopper: Shopper, orderId: string, kind: 'confirmed' | 'shipped') {
  const [summary] = await eventually(
    async () => {
      const found = await mailsAbout(shopper, orderId, kind);
      return found.length > 0 ? found : undefined;
    },
    { what: `the ${kind} mail of order ${orderId} in the mail catcher` },
  );
  return readMail(summary!.ID);
}

/** The event the order service published for the order, from its outbox. */
async function published(topic: 'order.confirmed' | 'order.shipped', orderId: string) {
  const { rows } = await ordersDb.query('SELECT payload FROM outbox WHERE topic = $1 AND payload->>$2 = $3', [
    topic,
    'orderId',
    orderId,
  ]);
  expect(rows).toHaveLength(1);
  return rows[0].payload as { eventId: string; orderId: string };
}

/**
 * Puts the order's event on the broker again through the order service's sidecar: twice as it was
 * (a redelivery), and once as a copy with an eventId of its own (an event re-emitted for the same
 * order). Waits until the customer service handled the copy: its order history keeps every eventId.
 */
async function redeliver(topic: 'order.confirmed' | 'order.shipped', orderId: string) {
  const event = await published(topic, orderId);
  const copy = { ...event, eventId: crypto.randomUUID() };
  await publishAs('order', topic, event);
  await publishAs('order', topic, event);
  await publishAs('order', topic, copy);
  const history = customersDb.db().collection<{ _id: string }>('order_events');
  await eventually(async () => ((await history.findOne({ _id: copy.eventId })) ? true : undefined), {
    what: `the customer service to handle the re-emitted ${topic}`,
  });
}

let shopper: Shopper;
let order: Awaited<ReturnType<typeof confirmedOrder>>;

beforeAll(async () => {
  shopper = await registeredShopper();
  order = await confirmedOrder(shopper);
});

describe('order emails', () => {
  it('a confirmed order sends the shopper a confirmation with the order number, the lines and the total', async () => {
    const mail = await theMail(shopper, order.orderId, 'confirmed');
    const number = shortOrderId(order.orderId);
    expect(mail.To.map((to) => to.Address)).toEqual([shopper.email]);
    expect(mail.From.Address).toBe('orders@sidecart.local');
    expect(mail.Subject).toBe(`Your Sidecart order ${number} is confirmed`);
    expect(order.total).toEqual({ amount: 2500, currency: 'EUR' });
    // Amounts from integer minor units with their currency: 2 × 1250 EUR cents.
    expect(mail.Text).toContain(number);
    expect(mail.Text).toContain(order.product.sku);
    expect(mail.Text).toContain(formatMoney({ amount: 1250, currency: 'EUR' }));
    const total = formatMoney(order.total);
    expect(total).toBe('€25.00');
    // mailpit's text rendering of the HTML marks <strong> with asterisks.
    expect(mail.Text.replace(/\*/g, '')).toContain(`Total: ${total}`);
  });

  it('a redelivered order.confirmed (its eventId again, and re-emitted with a new one) sends no second confirmation (sidecar boundary)', async () => {
    await theMail(shopper, order.orderId, 'confirmed');
    await redeliver('order.confirmed', order.orderId);
    await stillAfter(async () =>
      expect(await mailsAbout(shopper, order.orderId, 'confirmed')).toHaveLength(1),
    );
  });

  it('shipping the order sends one shipping notice with the tracking number, also when order.shipped comes again (sidecar boundary)', async () => {
    const shipped = await api('POST', `/orders/${order.orderId}/ship`, newAdmin(), {
      trackingNumber: 'TRK-MAIL-1',
      carrier: 'DHL',
    });
    expect(shipped.status).toBe(200);
    const mail = await theMail(shopper, order.orderId, 'shipped');
    expect(mail.To.map((to) => to.Address)).toEqual([shopper.email]);
    expect(mail.Subject).toBe(`Your Sidecart order ${shortOrderId(order.orderId)} has shipped`);
    expect(mail.Text).toContain('TRK-MAIL-1');
    expect(mail.Text).toContain('DHL');

    await redeliver('order.shipped', order.orderId);
    await stillAfter(async () => expect(await mailsAbout(shopper, order.orderId, 'shipped')).toHaveLength(1));
    // The confirmation is still the only one of its kind.
    expect(await mailsAbout(shopper, order.orderId, 'confirmed')).toHaveLength(1);
  });
});
