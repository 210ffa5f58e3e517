/**
 * Erasure through the public gateway (real tokens, real sidecars, broker and databases): a
 * shopper pays an order, downloads everything the shop keeps about them, and erases the
 * account. `customer.deleted` then reaches the order and payment services: the order keeps
 * its lines, amounts and statuses for the accounts but no name, email or address; the cart
 * and the directory entry are gone; the payment rows name nobody; and a late or redelivered
 * event about the customer brings neither their history nor their contact details back.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { api } from '../src/api';
import { envelope, publishAs } from '../src/events';
import { ADMIN, approvedOrder, capture, fillCart, untilStatus, type Who } from '../src/shop';
import { eventually, localSecrets, sidecarUrl, stillAfter } from '../src/stack';
import { tokenFor } from '../src/tokens';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const paymentsDb = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
const customersDb = new MongoClient(secrets.CUSTOMER_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });

afterAll(async () => {
  await ordersDb.end();
  await paymentsDb.end();
  await customersDb.close();
});

async function signUp(email: string, name: string): Promise<Who> {
  const res = await api('POST', '/customers', undefined, { email, password: 'correct-horse-42', name });
  expect(res.status).toBe(201);
  return { userId: res.body.id as string, role: 'customer' };
}

const directoryEntry = async (customerId: string) =>
  (await ordersDb.query('SELECT email, name FROM customer_directory WHERE customer_id = $1', [customerId]))
    .rows[0] as { email: string; name: string } | undefined;
const historyEvents = (customerId: string) =>
  customersDb.db().collection('order_events').countDocuments({ customerId });
const cartState = (customerId: string) => fetch(`${sidecarUrl('order')}/state/statestore/cart-${customerId}`);

describe('erasing an account (DELETE /me)', () => {
  it('exports every service’s data first, then leaves the accounts and nothing personal', async () => {
    const unique = randomUUID().slice(0, 8);
    const email = `erase-${unique}@example.com`;
    const name = `Grace Erasable ${unique}`;
    const shopper = await signUp(email, name);
    const token = `Bearer ${await tokenFor(shopper)}`;

    // A paid order (shipped to `address` in shop.ts: Ada Lovelace, 12 St James Square, London) and a cart.
    const { orderId, product } = await approvedOrder(shopper, { amount: 2350 });
    expect((await capture(shopper, orderId)).status).toBe(200);
    const confirmed = await untilStatus(shopper, orderId, ['CONFIRMED']);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    expect((await cartState(shopper.userId)).status).toBe(200);
    await eventually(
      async () => ((await directoryEntry(shopper.userId))?.email === email ? true : undefined),
      {
        what: 'the order service’s directory entry',
      },
    );
    await eventually(
      async () => {
        const history = await api('GET', '/me/orders', token);
        return history.body?.items?.some(
          (o: { orderId: string; status: string }) => o.orderId === orderId && o.status === 'CONFIRMED',
        )
          ? true
          : undefined;
      },
      { what: 'the order in the customer service’s history' },
    );

    // The export covers every service: profile and history, the order as the order service keeps it, its payment.
    const exported = await api('GET', '/me/export', token);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    expect(exported.body.profile).toMatchObject({ id: shopper.userId, email, name });
    expect(exported.body.orders.map((o: { orderId: string }) => o.orderId)).toContain(orderId);
    const record = exported.body.orderRecords.find((o: { id: string }) => o.id === orderId);
    expect(record).toMatchObject({ total: { amount: 2350, currency: 'EUR' }, status: 'CONFIRMED' });
    expect(record.shippingAddress).toMatchObject({ name: 'Ada Lovelace', line1: '12 St James Square' });
    const payment = exported.body.payments.find((p: { orderId: string }) => p.orderId === orderId);
    expect(payment).toMatchObject({ status: 'CAPTURED', amount: { amount: 2350, currency: 'EUR' } });
    expect(payment.capture).not.toBeNull();

    // Erase. The token used so far is refused at once.
    expect((await api('DELETE', '/me', token)).status).toBe(204);
    expect((await api('GET', '/cart', token)).status).toBe(401);
    expect((await api('GET', '/me/export', token)).status).toBe(401);

    // The order service: an admin still sees the order's amounts, lines and statuses, and no one's address.
    const erased = await eventually(
      async () => {
        const res = await api('GET', `/orders/${orderId}`, ADMIN);
        return res.body?.shippingAddress?.name === 'erased' ? res.body : undefined;
      },
      { what: 'the order’s address to be erased' },
    );
    expect(erased.shippingAddress).toEqual({
      name: 'erased',
      line1: 'erased',
      city: 'erased',
      postalCode: 'erased',
      country: 'GB',
    });
    expect(erased).toMatchObject({ status: 'CONFIRMED', total: confirmed.total, lines: confirmed.lines });
    expect(erased.history.map((h: { status: string }) => h.status)).toEqual(
      confirmed.history.map((h: { status: string }) => h.status),
    );
    const personal = [email, name, 'Lovelace', 'St James', 'SW1Y', 'London'];
    for (const text of personal) expect(JSON.stringify(erased)).not.toContain(text);
    const list = await api('GET', '/admin/orders?limit=100', ADMIN);
    expect(list.status).toBe(200);
    expect(list.body.items.find((o: { id: string }) => o.id === orderId)).toMatchObject({
      status: 'CONFIRMED',
      total: { amount: 2350, currency: 'EUR' },
    });
    for (const text of personal) expect(JSON.stringify(list.body)).not.toContain(text);

    // The directory entry and the cart are gone.
    await eventually(async () => ((await directoryEntry(shopper.userId)) === undefined ? true : undefined), {
      what: 'the directory entry to be deleted',
    });
    await eventually(async () => ((await cartState(shopper.userId)).status === 204 ? true : undefined), {
      what: 'the cart to be deleted',
    });

    // The payment service has heard of it, and its rows for the order name nobody; the money stays.
    await eventually(
      async () =>
        (await paymentsDb.query('SELECT 1 FROM erased_customers WHERE customer_id = $1', [shopper.userId]))
          .rowCount === 1
          ? true
          : undefined,
      { what: 'the payment service to process customer.deleted' },
    );
    const rows = await paymentsDb.query(
      `SELECT row_to_json(p) AS payment, row_to_json(c) AS capture, row_to_json(r) AS refund
         FROM payments p LEFT JOIN captures c ON c.payment_id = p.id LEFT JOIN refunds r ON r.payment_id = p.id
        WHERE p.order_id = $1`,
      [orderId],
    );
    expect(rows.rowCount).toBe(1);
    expect(rows.rows[0].payment).toMatchObject({ amount: 2350, currency: 'EUR', status: 'CAPTURED' });
    expect(rows.rows[0].capture).toMatchObject({ amount: 2350 });
    for (const text of personal) expect(JSON.stringify(rows.rows)).not.toContain(text);

    // The customer service keeps no account and no history.
    expect(await customersDb.db().collection('customers').countDocuments({ email })).toBe(0);
    await eventually(async () => ((await historyEvents(shopper.userId)) === 0 ? true : undefined), {
      what: 'the order history to be erased',
    });

    // Late and redelivered events about the erased customer: an older order event (delivered
    // twice, one eventId) and a registration arriving after the erasure. Each is followed by a
    // control event of a live customer on the same topic; once the controls are seen, the
    // erased customer's events have been handled too, and must have brought nothing back.
    const late = {
      ...envelope(),
      orderId,
      customerId: shopper.userId,
      lines: confirmed.lines,
      total: confirmed.total,
    };
    await publishAs('order', 'order.confirmed', late);
    await publishAs('order', 'order.confirmed', late);
    await publishAs('customer', 'customer.registered', {
      ...envelope(),
      customerId: shopper.userId,
      email,
      name,
    });
    const control = await signUp(`control-${unique}@example.com`, 'Control Shopper');
    await publishAs('order', 'order.confirmed', {
      ...envelope(),
      orderId: randomUUID(),
      customerId: control.userId,
      lines: confirmed.lines,
      total: confirmed.total,
    });
    await eventually(async () => ((await historyEvents(control.userId)) === 1 ? true : undefined), {
      what: 'the control order event in the history',
    });
    await eventually(async () => ((await directoryEntry(control.userId)) ? true : undefined), {
      what: 'the control registration in the directory',
    });
    await stillAfter(async () => {
      expect(await historyEvents(shopper.userId)).toBe(0);
      expect(await directoryEntry(shopper.userId)).toBeUndefined();
    }, 5000);
  });
});
