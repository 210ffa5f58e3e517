/**
 * Checkout load through the public gateway, as shoppers do it: sign up, fill the cart,
 * place the order, wait for the PayPal approval link, approve on the double, capture,
 * wait for CONFIRMED. Used by the concurrency stack test (correctness) and by the
 * benchmark and `scripts/load-checkouts.mjs` (latencies). No timings are asserted here.
 */
import { randomUUID } from 'node:crypto';
import { approveOnPayPal, type Who } from './shop';
import { GATEWAY, sleep } from './stack';
import { tokenFor } from './tokens';

export type Shopper = Who & { token: string; email: string };

export type ApiAnswer = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One call to the public API (`/api/v1/...`) with an optional bearer token. */
export async function api(
  path: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${GATEWAY}/api/v1${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * Signs up one shopper through the gateway; the answer's status is returned with the
 * shopper. `clientIp` makes the request come from its own client (the gateway trusts
 * X-Forwarded-For from this host, as from the storefront), each with its own rate budget.
 */
export async function signUp(email = `load-${randomUUID()}@example.com`, clientIp?: string) {
  const res = await api('/customers', {
    method: 'POST',
    body: { email, password: 'correct-horse-42', name: 'Load Shopper' },
    headers: clientIp ? { 'x-forwarded-for': clientIp } : {},
  });
  if (res.status !== 201) return { status: res.status, body: res.body, shopper: null };
  const who: Who = { userId: res.body.id as string, role: 'customer' };
  return { status: res.status, body: res.body, shopper: { ...who, email, token: await tokenFor(who) } };
}

export async function adminToken(): Promise<string> {
  return tokenFor({ userId: 'admin-load', role: 'admin' });
}

/** Products only this run sells, each with `onHand` units. */
export async function createLoadProducts(count: number, onHand: number): Promise<string[]> {
  const token = await adminToken();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const sku = `LOAD-${randomUUID().slice(0, 8).toUpperCase()}`;
    const res = await api('/products', {
      method: 'POST',
      token,
      body: {
        sku,
        name: `Load test mug ${sku}`,
        description: 'A mug that exists only for a load run',
        categories: ['kitchen'],
        price: { amount: 1000 + i, currency: 'EUR' },
        onHand,
      },
    });
    if (res.status !== 201)
      throw new Error(`creating a product answered ${res.status}: ${JSON.stringify(res.body)}`);
    ids.push(res.body.id as string);
  }
  return ids;
}

export async function stockOf(productId: string): Promise<{ onHand: number; reserved: number }> {
  const res = await api(`/products/${productId}`);
  if (res.status !== 200) throw new Error(`reading product ${productId} answered ${res.status}`);
  return res.body.stock;
}

export const shippingAddress = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

export type Leg = 'cart' | 'place' | 'approvalLink' | 'capture' | 'confirmed';
/**
 * A shopper who cancels the order once paid: at once after the capture answered (racing the
 * payment's confirmation), or once the order is CONFIRMED. The shop refunds the capture.
 */
export type CancelAfterPaying = 'after-capture' | 'once-confirmed';
export type CheckoutOutcome = {
  orderId: string | null;
  /** When the shop accepted the order (ms since the epoch). */
  placedAt?: number;
  /** REFUNDED: the shopper cancelled the paid order (`cancel`) and saw it refunded. */
  status: 'CONFIRMED' | 'REFUNDED' | 'FAILED' | 'STUCK';
  lines: { productId: string; quantity: number }[];
  /** How the shopper meant to cancel the order once paid, if they did. */
  cancel?: CancelAfterPaying;
  error?: string;
  /** Milliseconds per leg: cart write, POST /orders, placed → approval link, capture call, capture → CONFIRMED. */
  legs: Partial<Record<Leg, number>>;
};

class LegFailure extends Error {}

async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  pollMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new LegFailure(`stuck waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** The shop is (for now) unavailable: a part behind the gateway is down or too slow. */
const UNAVAILABLE = new Set([502, 503, 504]);

/**
 * One full checkout by one shopper: cart → order → approval link → approve → capture →
 * CONFIRMED. Never throws: the outcome says what happened and how long each leg took.
 * A `patient` shopper sends a step again, once a second, while the shop answers 502, 503 or
 * 504 (as after a crash), within `waitMs`: the same order (same Idempotency-Key) and the same
 * capture, which the shop must take once. `hold` is awaited before the order is placed and
 * before the capture (not timed), so a test can have shoppers take those steps at a moment it
 * chooses (during a fault). A shopper with `cancel` cancels the paid order and waits until it
 * is REFUNDED.
 */
export async function checkoutOnce(
  shopper: Shopper,
  lines: { productId: string; quantity: number }[],
  {
    pollMs = 50,
    waitMs = 60_000,
    patient = false,
    hold,
    cancel,
  }: {
    pollMs?: number;
    waitMs?: number;
    patient?: boolean;
    hold?: (step: 'place' | 'capture') => Promise<void>;
    cancel?: CancelAfterPaying;
  } = {},
): Promise<CheckoutOutcome> {
  const legs: CheckoutOutcome['legs'] = {};
  let orderId: string | null = null;
  let placedAt: number | undefined;
  const token = shopper.token;
  const again = async (step: () => Promise<ApiAnswer>) => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const res = await step();
      if (!patient || !UNAVAILABLE.has(res.status) || Date.now() > deadline) return res;
      await sleep(1000);
    }
  };
  try {
    let t = performance.now();
    const put = await again(async () => {
      const current = await api('/cart', { token });
      if (UNAVAILABLE.has(current.status)) return current;
      const etag = current.headers.get('etag');
      return api('/cart', {
        method: 'PUT',
        token,
        body: { lines },
        headers: etag ? { 'if-match': etag } : {},
      });
    });
    legs.cart = performance.now() - t;
    if (put.status !== 200) throw new LegFailure(`cart answered ${put.status}: ${JSON.stringify(put.body)}`);

    await hold?.('place');
    t = performance.now();
    const idempotencyKey = randomUUID();
    const placed = await again(() =>
      api('/orders', {
        method: 'POST',
        token,
        body: { shippingAddress, currency: 'EUR' },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    );
    legs.place = performance.now() - t;
    if (placed.status !== 201 && !(patient && placed.status === 200))
      throw new LegFailure(`order answered ${placed.status}: ${JSON.stringify(placed.body)}`);
    orderId = placed.body.id as string;
    placedAt = Date.now();

    t = performance.now();
    const approveUrl = await until(
      async () => {
        const res = await api(`/orders/${orderId}`, { token });
        if (res.body?.status === 'CANCELLED') throw new LegFailure(`cancelled: ${res.body.cancelReason}`);
        return (res.body?.payment?.approveUrl as string | null) ?? undefined;
      },
      waitMs,
      pollMs,
      'the approval link',
    );
    legs.approvalLink = performance.now() - t;

    await approveOnPayPal(approveUrl);
    await hold?.('capture');
    t = performance.now();
    const captured = await again(() => api(`/orders/${orderId}/payment/capture`, { method: 'POST', token }));
    legs.capture = performance.now() - t;
    if (captured.status !== 200) throw new LegFailure(`capture answered ${captured.status}`);
    if (cancel !== 'after-capture') {
      await until(
        async () => {
          const res = await api(`/orders/${orderId}`, { token });
          if (res.body?.status === 'CANCELLED') throw new LegFailure(`cancelled: ${res.body.cancelReason}`);
          return res.body?.status === 'CONFIRMED' ? true : undefined;
        },
        waitMs,
        pollMs,
        'CONFIRMED',
      );
      legs.confirmed = performance.now() - t;
    }
    if (!cancel) return { orderId, placedAt, status: 'CONFIRMED', lines, legs };

    const cancelled = await again(() =>
      api(`/orders/${orderId}/cancel`, { method: 'POST', token, body: { reason: 'changed my mind' } }),
    );
    if (cancelled.status !== 200)
      throw new LegFailure(`cancel answered ${cancelled.status}: ${JSON.stringify(cancelled.body)}`);
    await until(
      async () => {
        const res = await api(`/orders/${orderId}`, { token });
        return res.body?.status === 'REFUNDED' ? true : undefined;
      },
      waitMs,
      pollMs,
      'REFUNDED',
    );
    return { orderId, placedAt, status: 'REFUNDED', lines, cancel, legs };
  } catch (err) {
    const message = (err as Error).message;
    const stuck = err instanceof LegFailure && message.startsWith('stuck');
    return { orderId, placedAt, status: stuck ? 'STUCK' : 'FAILED', lines, cancel, legs, error: message };
  }
}

export type LegStats = { count: number; p50: number; p95: number; p99: number; max: number };

export function stats(values: number[]): LegStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))]! : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

export type CheckoutRun = {
  shoppers: number;
  durationMs: number;
  confirmed: number;
  /** Checkouts whose shopper cancelled the paid order and saw it refunded (`cancelEvery`). */
  refunded: number;
  failed: number;
  stuck: number;
  confirmedPerSecond: number;
  legs: Record<Leg, LegStats>;
  errors: string[];
  outcomes: CheckoutOutcome[];
  /** Units ordered per product over confirmed orders, for a stock reconciliation. */
  unitsConfirmed: Record<string, number>;
  productIds: string[];
};

/**
 * `shoppers` signed-up shoppers loop full checkouts for `durationMs` (each finishes the
 * checkout it started). Shoppers are signed up first (a few at a time, not measured),
 * products created unless given. `during` runs once the shoppers start (faults, say); the
 * run then lasts until it ends too, and fails with its error after the shoppers finish.
 * `patient` shoppers send a step again while the shop is unavailable (see `checkoutOnce`).
 * With `cancelEvery` = n, every n-th checkout started is cancelled by its shopper once paid,
 * alternately at once after the capture and once confirmed (see `checkoutOnce`).
 */
export async function runCheckouts({
  shoppers,
  durationMs,
  productIds,
  products = 10,
  onHand = 1_000_000,
  pollMs = 50,
  signUpConcurrency = 4,
  patient = false,
  cancelEvery = 0,
  during,
}: {
  shoppers: number;
  durationMs: number;
  productIds?: string[];
  products?: number;
  onHand?: number;
  pollMs?: number;
  signUpConcurrency?: number;
  patient?: boolean;
  cancelEvery?: number;
  during?: () => Promise<unknown>;
}): Promise<CheckoutRun> {
  const ids = productIds ?? (await createLoadProducts(products, onHand));
  const people: Shopper[] = [];
  while (people.length < shoppers) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(signUpConcurrency, shoppers - people.length) }, () => signUp()),
    );
    for (const answer of batch) {
      if (answer.shopper) people.push(answer.shopper);
      else await sleep(500);
    }
  }

  const outcomes: CheckoutOutcome[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  let duringEnded = !during;
  const alongside = (during?.() ?? Promise.resolve()).then(
    () => undefined,
    (err: unknown) => err,
  );
  void alongside.then(() => (duringEnded = true));
  let begun = 0;
  const cancelOf = (n: number): CancelAfterPaying | undefined => {
    if (cancelEvery <= 0 || n % cancelEvery !== cancelEvery - 1) return undefined;
    return Math.floor(n / cancelEvery) % 2 === 0 ? 'after-capture' : 'once-confirmed';
  };
  await Promise.all(
    people.map(async (shopper) => {
      while (performance.now() < deadline || !duringEnded) {
        const line = { productId: ids[Math.floor(Math.random() * ids.length)]!, quantity: 1 };
        const cancel = cancelOf(begun++);
        outcomes.push(await checkoutOnce(shopper, [line], { pollMs, patient, cancel }));
      }
    }),
  );
  const failure = await alongside;
  if (failure) throw failure;
  const elapsed = performance.now() - started;

  const legNames: Leg[] = ['cart', 'place', 'approvalLink', 'capture', 'confirmed'];
  const legs = Object.fromEntries(
    legNames.map((leg) => [
      leg,
      stats(outcomes.flatMap((o) => (o.legs[leg] === undefined ? [] : [o.legs[leg]]))),
    ]),
  ) as Record<Leg, LegStats>;
  const confirmed = outcomes.filter((o) => o.status === 'CONFIRMED');
  const unitsConfirmed: Record<string, number> = {};
  for (const o of confirmed)
    for (const l of o.lines) unitsConfirmed[l.productId] = (unitsConfirmed[l.productId] ?? 0) + l.quantity;
  return {
    shoppers,
    durationMs: Math.round(elapsed),
    confirmed: confirmed.length,
    refunded: outcomes.filter((o) => o.status === 'REFUNDED').length,
    failed: outcomes.filter((o) => o.status === 'FAILED').length,
    stuck: outcomes.filter((o) => o.status === 'STUCK').length,
    confirmedPerSecond: Math.round((confirmed.length / (elapsed / 1000)) * 100) / 100,
    legs,
    errors: [...new Set(outcomes.flatMap((o) => (o.error ? [o.error.slice(0, 200)] : [])))].slice(0, 20),
    outcomes,
    unitsConfirmed,
    productIds: ids,
  };
}

/** A documentation-range address (198.18.0.0/15) per client number. */
export const clientIp = (n: number) => `198.18.${Math.floor(n / 250) % 256}.${(n % 250) + 1}`;

/**
 * `count` sign-ups at once with distinct emails, and optionally `signIns` sign-ins of an
 * existing account sent at the same moment. Returns every status and the sign-in latencies.
 */
export async function burstSignUps(count: number, signIns?: { email: string; count: number }) {
  const signIn = async () => {
    const t = performance.now();
    const res = await api('/customers/credentials/verify', {
      method: 'POST',
      body: { email: signIns!.email, password: 'correct-horse-42' },
      headers: { 'x-forwarded-for': clientIp(1000 + Math.floor(Math.random() * 60000)) },
    });
    return { status: res.status, ms: performance.now() - t };
  };
  const t = performance.now();
  const [ups, ins] = await Promise.all([
    Promise.all(Array.from({ length: count }, (_, i) => signUp(undefined, clientIp(i)))),
    Promise.all(Array.from({ length: signIns?.count ?? 0 }, signIn)),
  ]);
  const tally = (statuses: number[]) =>
    statuses.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
  return {
    ms: Math.round(performance.now() - t),
    signUps: tally(ups.map((u) => u.status)),
    shoppers: ups.flatMap((u) => (u.shopper ? [u.shopper] : [])),
    signIns: { statuses: tally(ins.map((i) => i.status)), latency: stats(ins.map((i) => i.ms)) },
  };
}
