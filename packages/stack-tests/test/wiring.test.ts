/**
 * Proof of wiring on the real stack: five apps beside five daprd sidecars, Redis
 * Streams, PostgreSQL and FerretDB, started by `scripts/start` (`dapr run -f .`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { api } from '../src/api';
import { requestLogLines } from '../src/logs';
import { address, ADMIN, checkout, createProduct, fillCart, newShopper, withApproveUrl } from '../src/shop';
import { APP_METRICS, eventually, GATEWAY, localSecrets, sidecarUrl, stillAfter } from '../src/stack';
import { tokenFor } from '../src/tokens';

const secrets = localSecrets();
const orders = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const mongo = new MongoClient(secrets.CUSTOMER_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });

afterAll(async () => {
  await orders.end();
  await mongo.close();
});

// Response bodies are checked by the assertions themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = (res: Response): Promise<any> => res.json();

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('gateway → every service through Dapr service invocation', () => {
  it('reports each service ready, with its database and its sidecar checked (to an admin)', async () => {
    const res = await fetch(`${GATEWAY}/api/v1/system/health`, {
      headers: { authorization: `Bearer ${await tokenFor(ADMIN)}` },
    });
    const body = await read(res);
    expect(res.status).toBe(200);
    for (const service of ['customer', 'product', 'order', 'payment']) {
      expect(body.services[service]).toMatchObject({
        status: 'ok',
        checks: { database: { status: 'ok' }, sidecar: { status: 'ok' } },
      });
    }
    // The Go service keeps its data in a Dapr state store, checked through its sidecar.
    expect(body.services.recommendations).toMatchObject({
      status: 'ok',
      checks: { statestore: { status: 'ok' }, sidecar: { status: 'ok' }, subscriptions: { status: 'ok' } },
    });
  });

  it('every sidecar itself is healthy (placement reachable) (sidecar boundary)', async () => {
    for (const app of ['gateway', 'customer', 'product', 'order', 'payment', 'recommendations'] as const) {
      const res = await fetch(`${sidecarUrl(app)}/healthz`);
      expect({ app, status: res.status }).toEqual({ app, status: 204 });
    }
  });

  it('keeps the caller’s x-request-id', async () => {
    const res = await fetch(`${GATEWAY}/api/v1/system/health`, {
      headers: { 'x-request-id': 'wiring-test-42' },
    });
    expect(res.headers.get('x-request-id')).toBe('wiring-test-42');
  });
});

describe('one request followed across the apps', () => {
  it('a checkout keeps its x-request-id and trace on every hop, and every request log line of it names both', async () => {
    const requestId = `trace-test-${randomUUID()}`;
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const shopper = newShopper();
    const product = await createProduct(2);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await api(
      'POST',
      '/orders',
      shopper,
      { shippingAddress: address, currency: 'EUR' },
      { 'idempotency-key': randomUUID(), 'x-request-id': requestId, traceparent },
    );
    expect(placed.status).toBe(201);
    expect(placed.headers.get('x-request-id')).toBe(requestId);

    const lines = await eventually(
      async () => {
        const found = requestLogLines(requestId);
        const services = new Set(found.map((l) => l.service));
        // gateway → order (POST /orders) → product (the cart's prices, through the order's sidecar)
        return ['gateway', 'order', 'product'].every((s) => services.has(s)) ? found : undefined;
      },
      { within: 15_000, what: 'request log lines from gateway, order and product' },
    );
    for (const line of lines)
      expect({ service: line.service, traceId: line.traceId }).toEqual({
        service: line.service,
        traceId,
      });
  });
});

describe('metrics', () => {
  it('every app serves Prometheus metrics on its own loopback port, and the public port does not', async () => {
    await api('GET', '/categories'); // at least one request through gateway and product
    for (const [app, port] of Object.entries(APP_METRICS)) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      const text = await res.text();
      expect({ app, status: res.status }).toEqual({ app, status: 200 });
      // The runtime's own series: Node's event loop, or the Go service's goroutines.
      expect(text).toContain(app === 'recommendations' ? 'go_goroutines' : 'nodejs_eventloop_lag_seconds');
      // Every app has answered at least its health probes by now.
      expect(text).toMatch(
        /http_server_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
      );
    }
    const product = await (await fetch(`http://127.0.0.1:${APP_METRICS.product}/metrics`)).text();
    expect(product).toMatch(/route="\/categories",status="200"/);
    expect((await fetch(`${GATEWAY}/metrics`)).status).toBe(404);
  });

  it('each service reports its own work: outbox backlog, sagas, reservations and PayPal calls', async () => {
    const scrape = async (app: keyof typeof APP_METRICS) =>
      (await fetch(`http://127.0.0.1:${APP_METRICS[app]}/metrics`)).text();
    /** The value of one series (name and labels exactly as exported), or undefined when absent. */
    const valueOf = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const counted = async (app: keyof typeof APP_METRICS, series: string) =>
      valueOf(await scrape(app), series) ?? 0;
    const reservedBefore = await counted('product', 'sidecart_stock_reservations_total{outcome="reserved"}');
    const openedBefore = await counted(
      'payment',
      'sidecart_paypal_request_duration_seconds_count{operation="create_order",outcome="ok"}',
    );

    // One checkout up to the opened payment: a reservation in product, a PayPal order in payment.
    const shopper = newShopper();
    const product = await createProduct(3);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    await withApproveUrl(shopper, placed.body.id);

    // Every service with an outbox reports its backlog, numbers (never NaN: each store answers).
    for (const app of ['customer', 'product', 'order', 'payment'] as const) {
      const text = await scrape(app);
      for (const series of ['sidecart_outbox_pending_events', 'sidecart_outbox_oldest_pending_age_seconds'])
        expect({ app, series, value: valueOf(text, series) }).toEqual({
          app,
          series,
          value: expect.any(Number),
        });
      expect(valueOf(text, 'sidecart_outbox_pending_events')).toBeGreaterThanOrEqual(0);
    }
    const order = await scrape('order');
    for (const state of ['CONFIRMED', 'CANCELLED', 'REFUNDED'])
      expect(valueOf(order, `sidecart_order_saga_outcomes_total{state="${state}"}`)).toEqual(
        expect.any(Number),
      );
    for (const state of ['PENDING', 'STOCK_RESERVED'])
      expect(valueOf(order, `sidecart_order_sagas_open{state="${state}"}`)).toBeGreaterThanOrEqual(0);
    expect(valueOf(order, 'sidecart_order_sagas_overdue')).toBeGreaterThanOrEqual(0);

    expect(await counted('product', 'sidecart_stock_reservations_total{outcome="reserved"}')).toBeGreaterThan(
      reservedBefore,
    );
    expect(
      await counted(
        'payment',
        'sidecart_paypal_request_duration_seconds_count{operation="create_order",outcome="ok"}',
      ),
    ).toBeGreaterThan(openedBefore);
    expect(await scrape('payment')).toMatch(
      /sidecart_paypal_request_duration_seconds_bucket\{le="0\.1",operation="create_order",outcome="ok"\} \d+/,
    );
  });
});

describe('pub/sub: customer publishes customer.registered, order consumes it', () => {
  it('a sign-up through the gateway reaches the order service’s customer directory', async () => {
    const email = `wiring-${randomUUID()}@example.com`;
    const res = await fetch(`${GATEWAY}/api/v1/customers`, {
      method: 'POST',
      ...json({ email, password: 'correct-horse-42', name: 'Grace Hopper' }),
    });
    expect(res.status).toBe(201);
    const customer = await read(res);
    const row = await eventually(
      async () => {
        const { rows } = await orders.query(
          'SELECT email, name FROM customer_directory WHERE customer_id = $1',
          [customer.id],
        );
        return rows[0];
      },
      { what: 'the order service to receive customer.registered' },
    );
    expect(row).toEqual({ email, name: 'Grace Hopper' });
  });

  it('a redelivered customer.registered is applied once, even after a newer one (customer sidecar boundary)', async () => {
    // Projecting the same registration twice in a row would leave the same row; a redelivery
    // that arrives after a newer event would roll it back. That roll-back is what is watched.
    const customerId = randomUUID();
    const first = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      customerId,
      email: `replay-${randomUUID()}@example.com`,
      name: 'Replay',
    };
    const newer = {
      ...first,
      eventId: randomUUID(),
      email: `newer-${randomUUID()}@example.com`,
      name: 'Newer',
    };
    const directoryEntry = async () =>
      (await orders.query('SELECT email, name FROM customer_directory WHERE customer_id = $1', [customerId]))
        .rows[0] as { email: string; name: string } | undefined;
    const publish = async (event: object) => {
      const res = await fetch(`${sidecarUrl('customer')}/publish/pubsub/customer.registered`, {
        method: 'POST',
        ...json(event),
      });
      expect(res.status).toBe(204);
    };

    await publish(first);
    await eventually(async () => ((await directoryEntry())?.email === first.email ? true : undefined), {
      what: 'the first event to be projected',
    });
    await publish(newer);
    await eventually(async () => ((await directoryEntry())?.email === newer.email ? true : undefined), {
      what: 'the newer event to be projected',
    });
    await publish(first);
    await stillAfter(async () =>
      expect(await directoryEntry()).toEqual({ email: newer.email, name: 'Newer' }),
    );
  });

  it('a sign-up with bad fields gets 400 problem+json naming them, and nothing is written', async () => {
    const email = `BAD-${randomUUID()}@example.com`;
    const res = await fetch(`${GATEWAY}/api/v1/customers`, {
      method: 'POST',
      ...json({ email, password: 'short', name: 'X', admin: true }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await read(res);
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'admin',
      'password',
      'password',
    ]);
    await mongo.connect();
    // The profile's own customer database (its name comes from the connection string).
    const count = await mongo.db().collection('customers').countDocuments({ email: email.toLowerCase() });
    expect(count).toBe(0);
  });

  it('a second account with the same email (any case) gets 409', async () => {
    const email = `dup-${randomUUID()}@example.com`;
    const body = { email, password: 'correct-horse-42', name: 'First' };
    expect((await fetch(`${GATEWAY}/api/v1/customers`, { method: 'POST', ...json(body) })).status).toBe(201);
    const again = await fetch(`${GATEWAY}/api/v1/customers`, {
      method: 'POST',
      ...json({ ...body, email: email.toUpperCase() }),
    });
    expect(again.status).toBe(409);
  });
});

describe('state: the cart in the Dapr state store with ETag concurrency, through the gateway', () => {
  let productId: string;
  beforeAll(async () => {
    productId = (await createProduct(10, 450)).id;
  });
  const lines = (quantity: number) => ({ lines: [{ productId, quantity }] });

  it('round-trips a cart and rejects a write based on a stale ETag', async () => {
    const owner = newShopper();
    const empty = await api('GET', '/cart', owner);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('etag')).toBeNull();
    expect(empty.body.lines).toEqual([]);

    const created = await api('PUT', '/cart', owner, lines(2));
    expect(created.status).toBe(200);
    const firstEtag = created.headers.get('etag')!;
    expect(firstEtag).toMatch(/.+/);

    const updated = await api('PUT', '/cart', owner, lines(3), { 'if-match': firstEtag });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).not.toBe(firstEtag);

    const stale = await api('PUT', '/cart', owner, lines(9), { 'if-match': firstEtag });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(/problem\+json/);

    const blind = await api('PUT', '/cart', owner, lines(5));
    expect(blind.status).toBe(409);

    // An ETag no version ever had (a client's made-up If-Match) is a mismatch too, not a 5xx.
    const madeUp = await api('PUT', '/cart', owner, lines(7), { 'if-match': 'not-an-etag' });
    expect(madeUp.status).toBe(409);

    // Another shopper's token names only their own cart: A's lines never show up there.
    const stranger = await api('GET', '/cart', newShopper());
    expect(stranger.status).toBe(200);
    expect(stranger.body.lines).toEqual([]);

    const final = (await api('GET', '/cart', owner)).body;
    expect(final.lines).toHaveLength(1);
    expect(final.lines[0]).toMatchObject({
      productId,
      quantity: 3,
      unitPrice: { amount: 450, currency: 'EUR' },
    });
  });
});

describe('secrets: read from the secretstore component', () => {
  it('each service’s database address comes from the secret store (order sidecar boundary)', async () => {
    const res = await fetch(`${sidecarUrl('order')}/secrets/secretstore/ORDER_DATABASE_URL`);
    expect(res.status).toBe(200);
    expect(await read(res)).toEqual({ ORDER_DATABASE_URL: secrets.ORDER_DATABASE_URL });
    const missing = await fetch(`${sidecarUrl('order')}/secrets/secretstore/NO_SUCH_SECRET`);
    expect(missing.status).toBeGreaterThanOrEqual(400);
  });
});

describe('FerretDB: lookups by a unique key are served by an index', () => {
  it('a product by slug and a customer by email use the GIN indexes scripts/start adds (skipped on MongoDB)', async () => {
    const info = await mongo.db().admin().command({ buildInfo: 1 });
    if (!info.ferretdb) return; // a real MongoDB serves these lookups with the services' own indexes
    const ferret = new pg.Client({
      connectionString:
        process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/sidecart_ferretdb',
    });
    await ferret.connect();
    try {
      // Whatever the table's size, the planner takes an index if one serves the filter.
      await ferret.query('SET enable_seqscan = off');
      const plans: Record<string, string> = {};
      for (const [url, collection, field] of [
        [secrets.PRODUCT_MONGO_URL!, 'products', 'slug'],
        [secrets.CUSTOMER_MONGO_URL!, 'customers', 'email'],
      ] as const) {
        const schema = new URL(url).pathname.slice(1);
        const { rows } = await ferret.query(
          `SELECT _jsonb->>'table' AS t FROM ${pg.escapeIdentifier(schema)}._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`,
          [collection],
        );
        const table = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(rows[0].t)}`;
        // The filter FerretDB 1.24 sends for `{field: value}` (internal/backends/postgresql/query.go).
        const plan = await ferret.query(`EXPLAIN SELECT _jsonb FROM ${table} WHERE _jsonb->$1 @> $2`, [
          field,
          JSON.stringify('anything'),
        ]);
        plans[collection] = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      expect(plans.products).toMatch(/Index Scan on \S+_slug_eq/);
      expect(plans.customers).toMatch(/Index Scan on \S+_email_eq/);
    } finally {
      await ferret.end();
    }
  });
});
