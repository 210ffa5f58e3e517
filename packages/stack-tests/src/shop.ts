/**
 * A shopper's and an admin's moves through the public API (http://127.0.0.1:8080/api/v1, real
 * tokens; see api.ts): products, cart, checkout, orders, capture. No identity header is forged:
 * the gateway verifies each token and forwards who is calling.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { api, type ApiAnswer } from './api';
import { eventually } from './stack';

export type Who = { userId: string; role: 'customer' | 'admin' };

/**
 * Headers that make a request come from a client of its own (a benchmarking address, 198.18.0.0/15):
 * the gateway trusts X-Forwarded-For from this host, as from the storefront's server, so each
 * test spends its own rate budget and no test's sign-ups or reads run out another's.
 */
export const fromNewClient = (): Record<string, string> => ({
  'x-forwarded-for': `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`,
});

/** A shopper who signs in with a token but never registered (enough for cart and checkout). */
export const newShopper = (): Who => ({ userId: randomBytes(12).toString('hex'), role: 'customer' });

/**
 * A shopper with a real account in the customer service (needed where the history is checked, or
 * the order emails, which go to the account's email).
 */
export async function registeredShopper(): Promise<Who & { email: string }> {
  const email = `shopper-${randomUUID()}@example.com`;
  const res = await api('POST', '/customers', undefined, {
    email,
    password: 'correct-horse-42',
    name: 'Shopper',
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { userId: res.body.id as string, role: 'customer', email };
}

export const ADMIN: Who = { userId: 'admin-stack-tests', role: 'admin' };
/**
 * An admin of its own: the gateway rate-limits per user, so the many products the suite
 * creates are not all charged to one admin's budget of writes.
 */
export const newAdmin = (): Who => ({ userId: `admin-${randomBytes(8).toString('hex')}`, role: 'admin' });

export type Answer = ApiAnswer;

/** A product only this test knows, with `onHand` units on the shelf, created by an admin through the API. */
export async function createProduct(
  onHand: number,
  amount = 1999,
  admin: Who = newAdmin(),
): Promise<{ id: string; sku: string; name: string; slug: string }> {
  const sku = `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await api('POST', '/products', admin, {
    sku,
    name: `Stack test mug ${sku}`,
    description: 'A mug that exists only for one test',
    categories: ['kitchen'],
    price: { amount, currency: 'EUR' },
    onHand,
  });
  if (res.status !== 201)
    throw new Error(`creating a product answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, sku, name: res.body.name, slug: res.body.slug };
}

/** The product's stock as the public catalog shows it (read by a signed-in visitor of its own). */
export async function stockOf(
  productId: string,
): Promise<{ onHand: number; reserved: number; available: number }> {
  const res = await api('GET', `/products/${productId}`, newShopper());
  if (res.status !== 200) throw new Error(`reading product ${productId} answered ${res.status}`);
  return res.body.stock;
}

type Stock = { onHand: number; reserved: number; available: number };

/**
 * Waits until the catalog shows `expected` (the product service copies the ledger's balance
 * onto the product just after the event that moved it), then asserts it, so a wrong balance
 * fails with its difference.
 */
export async function untilStock(productId: string, expected: Stock): Promise<void> {
  const same = (s: Stock) =>
    s.onHand === expected.onHand && s.reserved === expected.reserved && s.available === expected.available;
  await eventually(async () => (same(await stockOf(productId)) ? true : undefined), {
    what: `the stock of ${productId} to be ${JSON.stringify(expected)}`,
  }).catch(() => undefined);
  expect(await stockOf(productId)).toEqual(expected);
}

export const address = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

/** Replaces the shopper's cart, sending the ETag it read as a browser would. */
export async function fillCart(who: Who, lines: { productId: string; quantity: number }[]): Promise<void> {
  const current = await api('GET', '/cart', who);
  const etag = current.headers.get('etag');
  const res = await api('PUT', '/cart', who, { lines }, etag ? { 'if-match': etag } : {});
  if (res.status !== 200)
    throw new Error(`filling the cart answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export function checkout(
  who: Who,
  key: string = randomUUID(),
  body: unknown = { shippingAddress: address, currency: 'EUR' },
): Promise<Answer> {
  return api('POST', '/orders', who, body, { 'idempotency-key': key });
}

export const getOrder = (who: Who, orderId: string) => api('GET', `/orders/${orderId}`, who);

/** The shopper, back from PayPal, asks the shop to take the money. */
export const capture = (who: Who, orderId: string) => api('POST', `/orders/${orderId}/payment/capture`, who);

/** Waits until the order is in one of `statuses` and returns it. */
export const untilStatus = (who: Who, orderId: string, statuses: string[], within?: number) =>
  eventually(
    async () => {
      const res = await getOrder(who, orderId);
      return statuses.includes(res.body?.status) ? res.body : undefined;
    },
    { within, what: `order ${orderId} to become ${statuses.join(' or ')}` },
  );

/**
 * Waits until the order recorded its payment's decline (it keeps its stock, STOCK_RESERVED, so
 * the shopper can retry the payment) and returns it.
 */
export const untilDeclineRecorded = (who: Who, orderId: string) =>
  eventually(
    async () => {
      const res = await getOrder(who, orderId);
      const history: { status: string; reason: string | null }[] = res.body?.history ?? [];
      return history.some((h) => /payment failed/.test(h.reason ?? '')) ? res.body : undefined;
    },
    { what: `order ${orderId} to record the declined payment` },
  );

/** Waits until the saga reserved the stock and opened the PayPal payment; returns the order. */
export const withApproveUrl = (who: Who, orderId: string) =>
  eventually(
    async () => {
      const res = await getOrder(who, orderId);
      return res.body?.payment?.approveUrl ? res.body : undefined;
    },
    { what: `the payment of order ${orderId} to be opened` },
  );

/** One product in the cart, checked out, approved on PayPal: the order waits for its capture. */
export async function approvedOrder(
  who: Who,
  options: {
    onHand?: number;
    quantity?: number;
    amount?: number;
    action?: 'approve' | 'approve-declining';
  } = {},
) {
  const { onHand = 2, quantity = 1, amount = 1999, action = 'approve' } = options;
  const product = await createProduct(onHand, amount);
  await fillCart(who, [{ productId: product.id, quantity }]);
  const placed = await checkout(who);
  if (placed.status !== 201)
    throw new Error(`checkout answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  const reserved = await withApproveUrl(who, placed.body.id);
  await approveOnPayPal(reserved.payment.approveUrl, action);
  return { product, orderId: placed.body.id as string, order: reserved };
}

/** Cart → order → PayPal approval → capture → CONFIRMED, all through the gateway; returns the order id. */
export async function confirmedOrder(
  who: Who,
  lines: { productId: string; quantity: number }[],
): Promise<string> {
  await fillCart(who, lines);
  const placed = await checkout(who);
  expect(placed.status).toBe(201);
  const reserved = await withApproveUrl(who, placed.body.id);
  await approveOnPayPal(reserved.payment.approveUrl);
  expect((await capture(who, placed.body.id)).status).toBe(200);
  await untilStatus(who, placed.body.id, ['CONFIRMED']);
  return placed.body.id as string;
}

/** Clicks "approve" (or another action) on the PayPal double's approval page. */
export async function approveOnPayPal(
  approveUrl: string,
  action: 'approve' | 'approve-declining' | 'cancel' = 'approve',
) {
  const url = new URL(approveUrl);
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`approval page answered ${page.status}`);
  const res = await fetch(new URL('/checkoutnow', url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: url.searchParams.get('token') ?? '', action }).toString(),
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`approving answered ${res.status}`);
  return res.headers.get('location');
}
