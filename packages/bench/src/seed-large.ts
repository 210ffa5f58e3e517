import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { localSecrets, PROFILE } from '../../stack-tests/src/stack';
import { CART_TTL_SECONDS } from '../../../services/order/src/domain/cart';
import { seededId } from '../../../services/product/src/store/products';
import { initialKey, type LedgerEntry } from '../../../services/product/src/store/stock-ledger';
import {
  customerIds,
  rng,
  seedOrder,
  seedProduct,
  seedSku,
  stockCopy,
  type OutboxRow,
  type SeedOrder,
  type SeedProduct,
} from './seed-records';

/**
 * `npm run seed-large -w packages/bench`, and the first step of `npm run bench -- --seed-large`:
 * writes 10,000 products and 100,000 confirmed orders, with every record such an order
 * leaves behind in every store (see seed-records.ts), straight into the databases of a
 * running bench or test profile: multi-row INSERTs from arrays (unnest) in PostgreSQL,
 * insertMany in batches on the Mongo wire. Never the shop's own databases: every database
 * it writes must carry the profile's suffix (scripts/profile.mjs).
 */

export type SeedOptions = { products: number; orders: number; customers: number; seed: number };
export const SEED_DEFAULTS: SeedOptions = { products: 10_000, orders: 100_000, customers: 20_000, seed: 11 };

/** Orders written per round trip group: one transaction per database per chunk. */
const CHUNK = 2_000;
const MONGO_BATCH = 1_000;
const DAY_MS = 24 * 3600 * 1000;

export type SeedCounts = Record<string, number>;
export type SeedResult = {
  products: number;
  orders: number;
  seconds: number;
  counts: SeedCounts;
  reconciliation: SeedReconciliation;
};
export type SeedReconciliation = {
  ok: boolean;
  /** Products whose listing copy of stock differs from their ledger's last entry. */
  stockMismatches: number;
  /** Units sold per the ledger (COMMIT entries) and per the orders' lines. */
  unitsCommitted: number;
  unitsOrdered: number;
  /** Orders without exactly one capture of their total. */
  paymentMismatches: number;
};

const ALLOWED_PROFILES = ['bench', 'test'];

/** The database a connection string names (URL or libpq keyword form). */
export function databaseOf(value: string): string {
  if (/^(postgres(ql)?|mongodb(\+srv)?):\/\//.test(value)) return new URL(value).pathname.replace(/^\//, '');
  return /(?:^|\s)dbname=(\S+)/.exec(value)?.[1] ?? '';
}

/** Refuses anything but a bench or test profile, and any database without that profile's suffix. */
export function checkTargets(profile: string, secrets: Record<string, string>): void {
  if (!ALLOWED_PROFILES.includes(profile))
    throw new Error(
      `seed-large writes only into the ${ALLOWED_PROFILES.join(' or ')} profile's databases (SIDECART_PROFILE is '${profile}')`,
    );
  for (const key of [
    'ORDER_DATABASE_URL',
    'PAYMENT_DATABASE_URL',
    'PRODUCT_MONGO_URL',
    'CUSTOMER_MONGO_URL',
    'STATESTORE_CONNECTION_STRING',
  ]) {
    const db = databaseOf(secrets[key] ?? '');
    if (!db.endsWith(`_${profile}`))
      throw new Error(
        `${key} names database '${db}', not one of the '${profile}' profile (…_${profile}); refusing`,
      );
  }
}

/** libpq keyword form (the state store's) or a URL, as pg client options. */
function pgOptions(value: string): pg.ClientConfig {
  if (/^postgres(ql)?:\/\//.test(value)) return { connectionString: value };
  const kv = Object.fromEntries([...value.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
  return {
    host: kv.host,
    port: kv.port ? Number(kv.port) : undefined,
    user: kv.user,
    password: kv.password,
    database: kv.dbname,
  };
}

/** `INSERT … SELECT * FROM unnest($1::t1[], …)`: one statement for a whole column set. */
async function insertColumns(
  db: pg.ClientBase,
  table: string,
  columns: [name: string, type: string][],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((_, i) => rows.map((r) => r[i]));
  await db.query(
    `INSERT INTO ${table} (${columns.map(([c]) => c).join(', ')})
     SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
    arrays,
  );
}

const OUTBOX_COLUMNS: [string, string][] = [
  ['event_id', 'uuid'],
  ['topic', 'text'],
  ['payload', 'jsonb'],
  ['created_at', 'timestamptz'],
  ['published_at', 'timestamptz'],
];
const outboxRow = (e: OutboxRow) => [
  e.eventId,
  e.topic,
  JSON.stringify(e.payload),
  e.createdAt,
  e.publishedAt,
];
const PROCESSED_COLUMNS: [string, string][] = [
  ['event_id', 'uuid'],
  ['topic', 'text'],
  ['processed_at', 'timestamptz'],
];

async function inTx(db: pg.Client, fn: () => Promise<void>) {
  await db.query('BEGIN');
  try {
    await fn();
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function writeOrders(db: pg.Client, chunk: SeedOrder[]) {
  await inTx(db, async () => {
    await insertColumns(
      db,
      'orders',
      [
        ['id', 'uuid'],
        ['customer_id', 'text'],
        ['idempotency_key', 'uuid'],
        ['status', 'text'],
        ['currency', 'text'],
        ['total_amount', 'bigint'],
        ['shipping_address', 'jsonb'],
        ['payment_id', 'uuid'],
        ['approve_url', 'text'],
        ['created_at', 'timestamptz'],
        ['updated_at', 'timestamptz'],
      ],
      chunk.map(({ order: o }) => [
        o.id,
        o.customerId,
        o.idempotencyKey,
        o.status,
        o.currency,
        o.totalAmount,
        JSON.stringify(o.shippingAddress),
        o.paymentId,
        o.approveUrl,
        o.createdAt,
        o.updatedAt,
      ]),
    );
    await insertColumns(
      db,
      'order_lines',
      [
        ['order_id', 'uuid'],
        ['line_no', 'int'],
        ['product_id', 'text'],
        ['sku', 'text'],
        ['name', 'text'],
        ['quantity', 'int'],
        ['unit_amount', 'bigint'],
      ],
      chunk.flatMap((o) =>
        o.lines.map((l) => [l.orderId, l.lineNo, l.productId, l.sku, l.name, l.quantity, l.unitAmount]),
      ),
    );
    await insertColumns(
      db,
      'order_status_history',
      [
        ['order_id', 'uuid'],
        ['status', 'text'],
        ['reason', 'text'],
        ['at', 'timestamptz'],
      ],
      chunk.flatMap((o) => o.history.map((h) => [h.orderId, h.status, h.reason, h.at])),
    );
    await insertColumns(
      db,
      'outbox',
      OUTBOX_COLUMNS,
      chunk.flatMap((o) => o.orderOutbox.map(outboxRow)),
    );
    await insertColumns(
      db,
      'processed_events',
      PROCESSED_COLUMNS,
      chunk.flatMap((o) => o.orderProcessed.map((e) => [e.eventId, e.topic, e.processedAt])),
    );
  });
}

async function writePayments(db: pg.Client, chunk: SeedOrder[]) {
  await inTx(db, async () => {
    await insertColumns(
      db,
      'payments',
      [
        ['id', 'uuid'],
        ['order_id', 'uuid'],
        ['customer_id', 'text'],
        ['amount', 'bigint'],
        ['currency', 'text'],
        ['status', 'text'],
        ['provider_order_id', 'text'],
        ['approve_url', 'text'],
        ['return_url', 'text'],
        ['cancel_url', 'text'],
        ['created_at', 'timestamptz'],
        ['updated_at', 'timestamptz'],
      ],
      chunk.map(({ payment: p }) => [
        p.id,
        p.orderId,
        p.customerId,
        p.amount,
        p.currency,
        p.status,
        p.providerOrderId,
        p.approveUrl,
        p.returnUrl,
        p.cancelUrl,
        p.createdAt,
        p.updatedAt,
      ]),
    );
    await insertColumns(
      db,
      'captures',
      [
        ['id', 'uuid'],
        ['payment_id', 'uuid'],
        ['order_id', 'uuid'],
        ['provider_capture_id', 'text'],
        ['amount', 'bigint'],
        ['currency', 'text'],
        ['status', 'text'],
        ['captured_at', 'timestamptz'],
      ],
      chunk.map(({ capture: c }) => [
        c.id,
        c.paymentId,
        c.orderId,
        c.providerCaptureId,
        c.amount,
        c.currency,
        c.status,
        c.capturedAt,
      ]),
    );
    await insertColumns(
      db,
      'outbox',
      OUTBOX_COLUMNS,
      chunk.flatMap((o) => o.paymentOutbox.map(outboxRow)),
    );
    await insertColumns(
      db,
      'processed_events',
      PROCESSED_COLUMNS,
      chunk.flatMap((o) => o.paymentProcessed.map((e) => [e.eventId, e.topic, e.processedAt])),
    );
  });
}

async function insertBatches(db: Db, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += MONGO_BATCH)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.collection<any>(collection).insertMany(docs.slice(i, i + MONGO_BATCH), { ordered: false });
}

/** Ledger entries, each after the document that names it under its idempotency key (as `StockLedger.append` writes them). */
async function insertLedger(db: Db, entries: LedgerEntry[]): Promise<void> {
  await insertBatches(
    db,
    'stock_movement_keys',
    entries.map((e) => ({ _id: e.key, slot: e._id })),
  );
  await insertBatches(db, 'stock_movements', entries);
}

/** The carts the checkouts emptied, one per shopper, as the order service saves them through Dapr. */
async function writeCarts(db: pg.Client, carts: Map<string, Date>): Promise<number> {
  // A cart expires CART_TTL_SECONDS after its last write (Dapr's cleanup deletes it): only
  // the shoppers who checked out within that time still have one.
  const since = Date.now() - CART_TTL_SECONDS * 1000;
  const rows = [...carts]
    .filter(([, updatedAt]) => updatedAt.getTime() > since)
    .map(([customerId, updatedAt]) => [
      `order||cart-${customerId}`,
      JSON.stringify({ customerId, lines: [], updatedAt: updatedAt.toISOString() }),
      false,
      new Date(updatedAt.getTime() - 60_000), // the cart was first written a minute before checkout
      updatedAt,
      new Date(updatedAt.getTime() + CART_TTL_SECONDS * 1000),
    ]);
  await inTx(db, async () => {
    for (let i = 0; i < rows.length; i += 5_000)
      await insertColumns(
        db,
        'dapr_state',
        [
          ['key', 'text'],
          ['value', 'jsonb'],
          ['isbinary', 'boolean'],
          ['insertdate', 'timestamptz'],
          ['updatedate', 'timestamptz'],
          ['expiredate', 'timestamptz'],
        ],
        rows.slice(i, i + 5_000),
      );
  });
  return rows.length;
}

export async function seedLarge(
  options: Partial<SeedOptions> = {},
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<SeedResult> {
  const {
    products: nProducts,
    orders: nOrders,
    customers: nCustomers,
    seed,
  } = { ...SEED_DEFAULTS, ...options };
  const secrets = localSecrets();
  checkTargets(PROFILE, secrets);
  const started = performance.now();
  const orders = new pg.Client({ connectionString: secrets.ORDER_DATABASE_URL });
  const payments = new pg.Client({ connectionString: secrets.PAYMENT_DATABASE_URL });
  const state = new pg.Client(pgOptions(secrets.STATESTORE_CONNECTION_STRING!));
  const catalogClient = new MongoClient(secrets.PRODUCT_MONGO_URL!);
  const customersClient = new MongoClient(secrets.CUSTOMER_MONGO_URL!);
  await Promise.all([orders.connect(), payments.connect(), state.connect()]);
  try {
    await Promise.all([catalogClient.connect(), customersClient.connect()]);
    const catalog = catalogClient.db();
    const customers = customersClient.db();

    // Ids derive from the skus (as the demo catalog's do), so a second run finds the first's.
    const firstId = seededId(seedSku(0)).toHexString();
    if (await catalog.collection('stock_movement_keys').findOne({ _id: initialKey(firstId) } as never))
      throw new Error(
        'this profile is seeded already (or a seed was interrupted): start it fresh (SIDECART_FRESH=1, as npm run bench does) and seed again',
      );
    const categories = (await catalog.collection('products').distinct('categories')) as string[];
    if (!categories.length)
      throw new Error('the catalog has no categories: is the profile running and seeded?');

    const random = rng(seed);
    const now = Date.now();
    const firstOrderAt = now - 365 * DAY_MS;
    // The seeded catalog predates its orders; the demo catalog stays the newest.
    const seeded: SeedProduct[] = Array.from({ length: nProducts }, (_, i) =>
      seedProduct(i, {
        categories,
        random,
        createdAt: new Date(firstOrderAt - DAY_MS + i * 1000),
        objectId: () => seededId(seedSku(i)),
      }),
    );
    log(`seed: ${nProducts} products' opening stock into the ledger`);
    await insertLedger(
      catalog,
      seeded.map((p) => p.opening),
    );

    const ctx = {
      products: seeded,
      customers: customerIds(nCustomers, random),
      random,
      paypalBase: secrets.PAYPAL_BASE_URL ?? 'http://127.0.0.1:8090',
      storefront: 'http://localhost:3000',
      reservationTtlMs: 900_000,
    };
    const carts = new Map<string, Date>();
    // What was written, per store. (Counting afterwards costs minutes: FerretDB counts by reading every document.)
    const counts: SeedCounts = { 'catalog.stock_movements': seeded.length };
    const tally = (key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
    const span = now - 3600_000 - firstOrderAt;
    let unitsOrdered = 0;
    for (let start = 0; start < nOrders; start += CHUNK) {
      const chunk: SeedOrder[] = [];
      for (let i = start; i < Math.min(nOrders, start + CHUNK); i++) {
        const o = seedOrder(new Date(firstOrderAt + Math.floor((span * i) / nOrders)), ctx);
        unitsOrdered += o.lines.reduce((n, l) => n + l.quantity, 0);
        carts.set(o.cart.customerId, o.cart.updatedAt);
        chunk.push(o);
      }
      await Promise.all([
        writeOrders(orders, chunk),
        writePayments(payments, chunk),
        (async () => {
          await insertLedger(
            catalog,
            chunk.flatMap((o) => o.ledger),
          );
          await insertBatches(
            catalog,
            'reservations',
            chunk.map((o) => o.reservation),
          );
          await insertBatches(
            catalog,
            'reservation_outcomes',
            chunk.flatMap((o) => o.outcomes),
          );
        })(),
        insertBatches(
          customers,
          'order_events',
          chunk.flatMap((o) => o.history_events),
        ),
      ]);
      const sum = (f: (o: SeedOrder) => number) => chunk.reduce((n, o) => n + f(o), 0);
      tally('orders.orders', chunk.length);
      tally(
        'orders.order_lines',
        sum((o) => o.lines.length),
      );
      tally(
        'orders.order_status_history',
        sum((o) => o.history.length),
      );
      tally(
        'orders.outbox',
        sum((o) => o.orderOutbox.length),
      );
      tally(
        'orders.processed_events',
        sum((o) => o.orderProcessed.length),
      );
      tally('payments.payments', chunk.length);
      tally('payments.captures', chunk.length);
      tally(
        'payments.outbox',
        sum((o) => o.paymentOutbox.length),
      );
      tally(
        'payments.processed_events',
        sum((o) => o.paymentProcessed.length),
      );
      tally(
        'catalog.stock_movements',
        sum((o) => o.ledger.length),
      );
      tally('catalog.reservations', chunk.length);
      tally(
        'catalog.reservation_outcomes',
        sum((o) => o.outcomes.length),
      );
      tally(
        'customers.order_events',
        sum((o) => o.history_events.length),
      );
      const done = start + chunk.length;
      if (done % 10_000 === 0 || done === nOrders)
        log(`seed: ${done} orders (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    const kept = await writeCarts(state, carts);
    log(`seed: ${kept} emptied carts (the ${carts.size - kept} others expired)`);
    tally('state.carts', kept);
    log(`seed: ${nProducts} products with the stock their ledger ends on`);
    await insertBatches(
      catalog,
      'products',
      // `__v`: mongoose's version key, which the product service's documents carry.
      seeded.map((p) => ({ ...p.doc, stock: stockCopy(p.balance), __v: 0 })),
    );
    tally('catalog.products', seeded.length);
    // Written past the product service: its instances read the whole catalog again (catalog-view.ts).
    const at = Date.now();
    await catalog
      .collection('catalog_changes')
      .insertOne({ second: Math.floor(at / 1000), at, reload: true });
    // A database that grew over months has planner statistics; right after a bulk load it has
    // none until autovacuum comes by, and the first measurements would pay for that instead.
    await Promise.all([
      orders.query('ANALYZE orders, order_lines, order_status_history, outbox, processed_events'),
      payments.query('ANALYZE payments, captures, outbox, processed_events'),
      state.query('ANALYZE dapr_state'),
    ]);
    const seconds = (performance.now() - started) / 1000;
    log(`seed: written in ${seconds.toFixed(1)} s; reconciling`);
    const reconciling = performance.now();
    const reconciliation = await reconcileSeed({ catalog, orders, payments, seeded, unitsOrdered });
    log(`seed: read back in ${((performance.now() - reconciling) / 1000).toFixed(1)} s`);
    log(
      `seed: written per store: ${Object.entries(counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    log(
      `seed: reconciliation ${reconciliation.ok ? 'exact' : 'FAILED'}: ${reconciliation.stockMismatches} products whose stock differs from their ledger, ` +
        `${reconciliation.unitsCommitted} units committed in the ledger for ${reconciliation.unitsOrdered} ordered, ${reconciliation.paymentMismatches} orders whose capture is not their total`,
    );
    if (!reconciliation.ok) throw new Error('the seeded data does not reconcile');
    return { products: nProducts, orders: nOrders, seconds, counts, reconciliation };
  } finally {
    await Promise.all([
      orders.end(),
      payments.end(),
      state.end(),
      catalogClient.close(),
      customersClient.close(),
    ]).catch(() => undefined);
  }
}

/** Reads back what was written: stock copies against their ledgers, captures against order totals. */
async function reconcileSeed({
  catalog,
  orders,
  payments,
  seeded,
  unitsOrdered,
}: {
  catalog: Db;
  orders: pg.Client;
  payments: pg.Client;
  seeded: SeedProduct[];
  unitsOrdered: number;
}): Promise<SeedReconciliation> {
  const ids = new Set(seeded.map((p) => p.doc._id.toHexString()));
  // The ledger's last entry per product, and its COMMITs, summed here (FerretDB's aggregation is limited).
  const heads = new Map<string, { seq: number; onHand: number; reserved: number }>();
  let unitsCommitted = 0;
  const cursor = catalog
    .collection('stock_movements')
    .find({}, { projection: { productId: 1, seq: 1, onHand: 1, reserved: 1, kind: 1, onHandDelta: 1 } });
  for await (const e of cursor) {
    if (!ids.has(e.productId)) continue;
    const head = heads.get(e.productId);
    if (!head || head.seq < e.seq)
      heads.set(e.productId, { seq: e.seq, onHand: e.onHand, reserved: e.reserved });
    if (e.kind === 'COMMIT') unitsCommitted -= e.onHandDelta;
  }
  let stockMismatches = 0;
  for await (const p of catalog
    .collection('products')
    .find({ sku: { $regex: '^SEED-' } }, { projection: { stock: 1 } })) {
    const head = heads.get(p._id.toHexString());
    const s = p.stock as { onHand: number; reserved: number; available: number; seq: number };
    if (
      !head ||
      head.seq !== s.seq ||
      head.onHand !== s.onHand ||
      head.reserved !== s.reserved ||
      s.available !== s.onHand - s.reserved
    )
      stockMismatches++;
  }
  stockMismatches += seeded.length - heads.size;

  const totals = new Map<string, number>();
  for (const r of (await orders.query(`SELECT id::text, total_amount FROM orders WHERE status = 'CONFIRMED'`))
    .rows)
    totals.set(r.id, Number(r.total_amount));
  let paymentMismatches = 0;
  const captured = new Map<string, number>();
  for (const r of (await payments.query(`SELECT order_id::text, amount FROM captures`)).rows)
    captured.set(r.order_id, Number(r.amount));
  for (const [id, total] of totals) if (captured.get(id) !== total) paymentMismatches++;

  return {
    ok: stockMismatches === 0 && unitsCommitted === unitsOrdered && paymentMismatches === 0,
    stockMismatches,
    unitsCommitted,
    unitsOrdered,
    paymentMismatches,
  };
}

/** Run alone against a running profile: `npm run seed-large -w packages/bench [-- --orders n --products n]`. */
export async function seedLargeCli(argv: string[]): Promise<number> {
  const options: Partial<SeedOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, '');
    const value = Number(argv[++i]);
    if (!['products', 'orders', 'customers', 'seed'].includes(key) || !Number.isInteger(value) || value < 1)
      throw new Error(
        `usage: seed-large [--products n] [--orders n] [--customers n] [--seed n] (got ${argv.join(' ')})`,
      );
    options[key as keyof SeedOptions] = value;
  }
  await seedLarge(options);
  return 0;
}
