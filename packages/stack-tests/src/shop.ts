import { randomBytes, randomUUID } from 'node:crypto';
import { sidecarUrl } from './stack';

/** Test-side helpers that act like the gateway: Dapr service invocation with a forwarded identity. */
export type Who = { userId: string; role: 'customer' | 'admin' };

export const newShopper = (): Who => ({ userId: randomBytes(12).toString('hex'), role: 'customer' });
/** A shopper with a real account in the customer service (needed where the history is checked). */
export async function registeredShopper(): Promise<Who> {
  const res = await fetch('http://127.0.0.1:8080/api/v1/customers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `shopper-${randomUUID()}@example.com`,
      password: 'correct-horse-42',
      name: 'Shopper',
    }),
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}`);
  return { userId: ((await res.json()) as { id: string }).id, role: 'customer' };
}

export const ADMIN: Who = { userId: 'admin-stack-tests', role: 'admin' };

export type Answer = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function call(
  app: string,
  path: string,
  options: { method?: string; body?: unknown; who?: Who; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.who) {
    headers['x-sidecart-user-id'] = options.who.userId;
    headers['x-sidecart-user-role'] = options.who.role;
  }
  const res = await fetch(`${sidecarUrl('gateway')}/invoke/${app}/method/${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep text
  }
  return { status: res.status, headers: res.headers, body };
}

/** A product only this test knows, with `onHand` units on the shelf. */
export async function createProduct(onHand: number, amount = 1999): Promise<{ id: string; sku: string }> {
  const sku = `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await call('product', 'products', {
    method: 'POST',
    who: ADMIN,
    body: {
      sku,
      name: `Stack test mug ${sku}`,
      description: 'A mug that exists only for one test',
      categories: ['kitchen'],
      price: { amount, currency: 'EUR' },
      onHand,
    },
  });
  if (res.status !== 201)
    throw new Error(`creating a product answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, sku };
}

export const address = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

export async function fillCart(who: Who, lines: { productId: string; quantity: number }[]): Promise<void> {
  const current = await call('order', `carts/${who.userId}`, { who });
  const etag = current.headers.get('etag');
  const res = await call('order', `carts/${who.userId}`, {
    method: 'PUT',
    who,
    body: { lines },
    headers: etag ? { 'if-match': etag } : {},
  });
  if (res.status !== 200)
    throw new Error(`filling the cart answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export function checkout(
  who: Who,
  key: string = randomUUID(),
  body: unknown = { shippingAddress: address, currency: 'EUR' },
) {
  return call('order', 'orders', { method: 'POST', who, body, headers: { 'idempotency-key': key } });
}

export const getOrder = (who: Who, orderId: string) => call('order', `orders/${orderId}`, { who });

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
