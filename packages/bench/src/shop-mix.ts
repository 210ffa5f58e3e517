import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { address, approveOnPayPal } from '../../stack-tests/src/shop';
import { localSecrets, sleep } from '../../stack-tests/src/stack';
import { tokenFor } from '../../stack-tests/src/tokens';
import { api, type Catalog } from './api';
import { latencyOf, pick, Tally, type Latency } from './stats';

/**
 * The shop mix, like Online Boutique's load generator: every shopper loops without think
 * time over browse : cart : checkout = 10 : 3 : 1, through the public gateway with a real
 * token, and a checkout goes all the way: place the order, wait for the PayPal approval
 * link, approve on the PayPal double, capture, wait for CONFIRMED.
 */
export const LEGS = ['browse', 'cart', 'place', 'approvalLink', 'approveCapture', 'confirmed'] as const;
export type Leg = (typeof LEGS)[number];
export const LEG_NAMES: Record<Leg, string> = {
  browse: 'browse (product, page, category)',
  cart: 'cart write (PUT /cart)',
  place: 'place order (POST /orders)',
  approvalLink: 'placed → approval link',
  approveCapture: 'approve on PayPal + capture',
  confirmed: 'capture → CONFIRMED',
};

/**
 * A waiting shopper follows its order as the storefront does: each read sends back the last
 * ETag with `Prefer: wait=3`, so the answer comes when the order changes (the resolution of the
 * two waiting legs is the service's, not a poll interval's). A read that did not wait (an old
 * server, an error) is followed by this pause.
 */
const POLL_MS = 50;
const WAIT_MS = 60_000;
const TERMINAL = new Set(['CONFIRMED', 'CANCELLED', 'SHIPPED', 'DELIVERED', 'REFUNDED']);

export type BenchProduct = { id: string; price: number };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OrderBody = any;

type PlacedOrder = {
  status: string;
  total: number;
  lines: { productId: string; quantity: number }[];
  token: string;
};

export type ShopMixResult = {
  shoppers: number;
  durationS: number;
  actions: Record<string, number>;
  placed: number;
  confirmed: number;
  cancelled: number;
  confirmedPerS: number;
  legs: Record<Leg, Latency & { n: number }>;
  errors: Record<string, number>;
  stuck: number;
  orders: Map<string, PlacedOrder>;
  /** Processor seconds each process used during the mix (filled in by the caller, which knows the stack). */
  cpu?: { name: string; seconds: number }[];
};

/** Products only the benchmark's shoppers buy, with stock enough for any run. */
export async function createBenchProducts(
  adminToken: string,
  category: string,
  n = 10,
): Promise<BenchProduct[]> {
  const products: BenchProduct[] = [];
  for (let i = 0; i < n; i++) {
    const sku = `BENCH-${randomBytes(4).toString('hex').toUpperCase()}`;
    const price = 500 + i * 125;
    const create = () =>
      api('/products', {
        method: 'POST',
        token: adminToken,
        body: {
          sku,
          name: `Benchmark mug ${sku}`,
          description: 'Bought only by npm run bench; archived when the run ends',
          categories: [category],
          price: { amount: price, currency: 'EUR' },
          onHand: 1_000_000,
        },
      });
    // Right after a catalog load (--only catalog,shop) the gateway's breaker for the product
    // service may still be open (503): it closes again within seconds.
    let res = await create();
    for (let wait = 0; res.status === 503 && wait < 30; wait++) {
      await sleep(1000);
      res = await create();
    }
    if (res.status !== 201)
      throw new Error(`creating a bench product answered ${res.status}: ${JSON.stringify(res.body)}`);
    products.push({ id: res.body.id, price });
  }
  return products;
}

export async function archiveBenchProducts(adminToken: string, products: BenchProduct[]): Promise<void> {
  for (const p of products) await api(`/products/${p.id}/archive`, { method: 'POST', token: adminToken });
}

/**
 * One account per shopper, opened through the public API before the mix (outside its time and
 * processor figures). Shoppers with tokens for ids no account has were what the mix used before:
 * the customer service then treats each of their order events as an erased account's and deletes
 * that customer's history again, a scan per event (measured at 100,000 seeded orders: FerretDB 859
 * and PostgreSQL 627 CPU ms per confirmed order, and 0.98 orders/s).
 */
export async function signUpShoppers(count: number): Promise<string[]> {
  const ids: string[] = [];
  const BATCH = 5; // sign-ups hash a password each: a few at a time stay within the hash queue
  for (let i = 0; i < count; i += BATCH) {
    const made = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - i) }, async () => {
        for (let attempt = 1; ; attempt++) {
          const res = await api('/customers', {
            method: 'POST',
            body: {
              email: `bench-${randomUUID()}@example.com`,
              password: 'bench-shopper-42',
              name: 'Bench Shopper',
            },
          });
          if (res.status === 201) return (res.body as { id: string }).id;
          if (attempt === 5) throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(res.body)}`);
          await sleep(1000);
        }
      }),
    );
    ids.push(...made);
  }
  return ids;
}

export async function runShopMix(options: {
  /** The shoppers' account ids (signUpShoppers): one shopper each. */
  accounts: string[];
  /** Runs until this resolves. */
  until: Promise<unknown>;
  catalog: Catalog;
  products: BenchProduct[];
  progress?: (line: string) => void;
}): Promise<ShopMixResult> {
  const samples: Record<Leg, number[]> = {
    browse: [],
    cart: [],
    place: [],
    approvalLink: [],
    approveCapture: [],
    confirmed: [],
  };
  const errors = new Tally();
  const actions = new Tally();
  const orders = new Map<string, PlacedOrder>();
  let stopping = false;
  void options.until.then(() => (stopping = true));
  const started = performance.now();
  let confirmedAtStop = 0;
  let stoppedAt = 0;
  void options.until.then(() => {
    stoppedAt = performance.now();
    confirmedAtStop = [...orders.values()].filter((o) => o.status === 'CONFIRMED').length;
  });

  /** Counted by where, status and (for a problem answer) what it says, ids left out. */
  const fail = (where: string, status: number | string, body?: unknown) => {
    const problem = body as { title?: string; errors?: { path?: string; message?: string }[] } | undefined;
    const field = problem?.errors?.[0];
    const said = field ? `${field.path ?? '?'} ${field.message ?? ''}` : problem?.title;
    const what =
      typeof said === 'string' ? `: ${said.replace(/[0-9a-f]{24}|[0-9a-f-]{36}/g, '…').slice(0, 80)}` : '';
    errors.add(`${where} ${status}${what}`);
  };

  async function browse() {
    const { catalog } = options;
    const kind = Math.random();
    const path =
      kind < 0.5
        ? `/products/${encodeURIComponent(pick(catalog.slugs))}`
        : kind < 0.8
          ? `/products?limit=20${pageQuery(pick(catalog.cursors))}`
          : `/products?limit=20&category=${encodeURIComponent(pick(catalog.categories))}`;
    const res = await api(path);
    if (res.status === 200) samples.browse.push(res.ms);
    else fail('browse', res.status, res.body);
  }

  async function addToCart(token: string): Promise<boolean> {
    const current = await api('/cart', { token });
    if (current.status !== 200) {
      fail('GET /cart', current.status, current.body);
      return false;
    }
    const product = pick(options.products);
    const lines = ((current.body.lines ?? []) as { productId: string; quantity: number }[]).map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
    }));
    const line = lines.find((l) => l.productId === product.id);
    if (line) line.quantity = Math.min(99, line.quantity + 1);
    else lines.push({ productId: product.id, quantity: 1 + Math.floor(Math.random() * 3) });
    const etag = current.headers.get('etag');
    const res = await api('/cart', {
      method: 'PUT',
      token,
      body: { lines },
      headers: etag ? { 'if-match': etag } : {},
    });
    if (res.status !== 200) {
      fail('PUT /cart', res.status, res.body);
      return false;
    }
    samples.cart.push(res.ms);
    return true;
  }

  /** Reads the order until `done` says so; the time from `since` to the first read that does. */
  async function waitFor(token: string, orderId: string, done: (o: OrderBody) => boolean, since: number) {
    const deadline = since + WAIT_MS;
    let etag: string | null = null;
    while (performance.now() < deadline) {
      actions.add('order read');
      const res = await api(`/orders/${orderId}`, {
        token,
        headers: etag ? { 'if-none-match': etag, prefer: 'wait=3' } : {},
      });
      if (res.status === 200) {
        orders.get(orderId)!.status = res.body.status;
        if (done(res.body)) return { order: res.body, ms: performance.now() - since };
        etag = res.headers.get('etag');
        if (etag) continue;
      } else if (res.status === 304) {
        if (res.headers.has('preference-applied')) continue;
      } else fail('GET /orders/:id', res.status, res.body);
      await sleep(POLL_MS);
    }
    return null;
  }

  async function checkout(token: string, cartFilled: { value: boolean }) {
    if (!cartFilled.value && !(await addToCart(token))) return;
    const placed = await api('/orders', {
      method: 'POST',
      token,
      body: { shippingAddress: address, currency: 'EUR' },
      headers: { 'idempotency-key': randomUUID() },
    });
    if (placed.status !== 201) {
      fail('POST /orders', placed.status, placed.body);
      return;
    }
    cartFilled.value = false;
    samples.place.push(placed.ms);
    const orderId: string = placed.body.id;
    orders.set(orderId, {
      token,
      status: placed.body.status,
      total: placed.body.total.amount,
      lines: placed.body.lines.map((l: { productId: string; quantity: number }) => ({
        productId: l.productId,
        quantity: l.quantity,
      })),
    });
    const linked = await waitFor(
      token,
      orderId,
      (o) => Boolean(o.payment?.approveUrl) || TERMINAL.has(o.status),
      performance.now(),
    );
    if (!linked) return fail('approval link', 'timeout');
    if (!linked.order.payment?.approveUrl) return fail('approval link', linked.order.status);
    samples.approvalLink.push(linked.ms);
    const approving = performance.now();
    try {
      await approveOnPayPal(linked.order.payment.approveUrl);
    } catch (err) {
      return fail('PayPal approve', (err as Error).message);
    }
    const captured = await api(`/orders/${orderId}/payment/capture`, { method: 'POST', token });
    if (captured.status !== 200) return fail('capture', captured.status, captured.body);
    const captureDone = performance.now();
    samples.approveCapture.push(captureDone - approving);
    const confirmed = await waitFor(token, orderId, (o) => TERMINAL.has(o.status), captureDone);
    if (!confirmed) return fail('CONFIRMED', 'timeout');
    if (confirmed.order.status !== 'CONFIRMED') return fail('CONFIRMED', confirmed.order.status);
    samples.confirmed.push(confirmed.ms);
  }

  async function shopper(userId: string) {
    const token = await tokenFor({ userId, role: 'customer' }, { expiresIn: '2h' });
    const cartFilled = { value: false };
    while (!stopping) {
      const r = Math.random() * 14;
      try {
        if (r < 10) {
          actions.add('browse');
          await browse();
        } else if (r < 13) {
          actions.add('cart');
          if (await addToCart(token)) cartFilled.value = true;
        } else {
          actions.add('checkout');
          await checkout(token, cartFilled);
        }
      } catch (err) {
        fail('network', (err as Error).name);
      }
    }
  }

  const ticker = setInterval(() => {
    const confirmed = [...orders.values()].filter((o) => o.status === 'CONFIRMED').length;
    options.progress?.(
      `${Math.round((performance.now() - started) / 1000)} s: ${orders.size} orders placed, ${confirmed} confirmed, ${errors.total()} errors`,
    );
  }, 10_000);
  try {
    await Promise.all(options.accounts.map(shopper));
  } finally {
    clearInterval(ticker);
  }

  // Orders still moving when the shoppers stopped get a grace period, then count as stuck.
  const graceUntil = Date.now() + 30_000;
  for (const [id, order] of orders) {
    while (!TERMINAL.has(order.status) && order.status !== 'STOCK_RESERVED' && Date.now() < graceUntil) {
      const res = await api(`/orders/${id}`, { token: order.token });
      if (res.status === 200) order.status = res.body.status;
      if (!TERMINAL.has(order.status)) await sleep(250);
    }
  }
  const count = (s: string) => [...orders.values()].filter((o) => o.status === s).length;
  const durationS = (stoppedAt - started) / 1000;
  const legs = Object.fromEntries(
    LEGS.map((leg) => [leg, { ...latencyOf(samples[leg]), n: samples[leg].length }]),
  ) as ShopMixResult['legs'];
  return {
    shoppers: options.accounts.length,
    durationS: Math.round(durationS * 10) / 10,
    actions: actions.counts,
    placed: orders.size,
    confirmed: count('CONFIRMED'),
    cancelled: count('CANCELLED'),
    confirmedPerS: confirmedAtStop / durationS,
    legs,
    errors: errors.counts,
    // An order waiting for approval that its shopper abandoned (timeout) is not stuck: the
    // approval timeout cancels it later. Anything else not final is.
    stuck: [...orders.values()].filter((o) => !TERMINAL.has(o.status) && o.status !== 'STOCK_RESERVED')
      .length,
    orders,
  };
}

export const pageQuery = (cursor: string | null) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');

export type Reconciliation = {
  stockMoved: number;
  confirmedQuantity: number;
  reservedLeft: number;
  captures: number;
  capturedAmount: number;
  confirmedOrders: number;
  confirmedAmount: number;
  ok: boolean;
};

/** Stock moved = quantities of confirmed orders; payments captured = confirmed order totals. */
export async function reconcile(
  products: BenchProduct[],
  before: Map<string, number>,
  orders: Map<string, PlacedOrder>,
): Promise<Reconciliation> {
  const confirmed = [...orders.entries()].filter(([, o]) => o.status === 'CONFIRMED');
  const confirmedQuantity = confirmed.reduce(
    (n, [, o]) => n + o.lines.reduce((m, l) => m + l.quantity, 0),
    0,
  );
  // Committing stock follows CONFIRMED by an event: give it a few seconds to settle.
  let stockMoved = 0;
  let reservedLeft = 0;
  const deadline = Date.now() + 20_000;
  do {
    const stock = await readStock(products);
    stockMoved = products.reduce((n, p) => n + (before.get(p.id)! - stock.get(p.id)!.onHand), 0);
    reservedLeft = products.reduce((n, p) => n + stock.get(p.id)!.reserved, 0);
    if (stockMoved === confirmedQuantity) break;
    await sleep(500);
  } while (Date.now() < deadline);

  const db = new pg.Client({ connectionString: localSecrets().PAYMENT_DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::bigint AS amount
         FROM captures WHERE order_id::text = ANY($1::text[])`,
      [[...orders.keys()]],
    );
    const captures = rows[0].n as number;
    const capturedAmount = Number(rows[0].amount);
    const confirmedAmount = confirmed.reduce((n, [, o]) => n + o.total, 0);
    return {
      stockMoved,
      confirmedQuantity,
      reservedLeft,
      captures,
      capturedAmount,
      confirmedOrders: confirmed.length,
      confirmedAmount,
      ok:
        stockMoved === confirmedQuantity &&
        captures === confirmed.length &&
        capturedAmount === confirmedAmount,
    };
  } finally {
    await db.end();
  }
}

export async function readStock(products: BenchProduct[]) {
  const stock = new Map<string, { onHand: number; reserved: number }>();
  for (const p of products) {
    const res = await api(`/products/${p.id}`);
    if (res.status !== 200) throw new Error(`reading a bench product answered ${res.status}`);
    stock.set(p.id, res.body.stock);
  }
  return stock;
}
