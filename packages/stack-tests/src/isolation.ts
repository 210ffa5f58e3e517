/**
 * The shop that `npm start` serves (profile `dev`) next to the tests' own (profile `test`): a
 * sentinel product and order written into the shop's databases, and a fingerprint of everything
 * in them, to show that a test run leaves that shop exactly as it found it. `checksums` digests
 * a profile's stores, to show that some requests wrote nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { BSON, MongoClient, ObjectId } from 'mongodb';
import pg from 'pg';
import { createLogger, migrate } from '@sidecart/service-kit';
import { ROOT } from './stack';

type Secrets = Record<string, string>;

/** The shop's own secrets.json: its database addresses, never the test profile's. */
export function shopSecrets(): Secrets {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'secrets.json'), 'utf8'));
}

export type Sentinel = { productId: string; sku: string; orderId: string };

/** Row or document counts of every table and collection of the shop, and its broker's streams. */
export type Fingerprint = Record<string, number>;

const SHOP_BROKER_DB = 0; // components/pubsub.yaml: the shop's Redis Streams live in database 0

async function withMongo<T>(url: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') return undefined; // the shop never ran here
    throw err;
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL databases of a profile: orders, payments and the state store's (carts). */
function pgUrlsOf(secrets: Secrets): string[] {
  const dsnDb = /(?:^|\s)dbname=(\S+)/.exec(secrets.STATESTORE_CONNECTION_STRING!)?.[1];
  return [
    secrets.ORDER_DATABASE_URL!,
    secrets.PAYMENT_DATABASE_URL!,
    ...(dsnDb ? [`postgres://postgres@127.0.0.1:5432/${dsnDb}`] : []),
  ];
}

async function tablesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  return rows.map((r) => r.table_name);
}

/**
 * A digest of the content of every table and collection of a profile's databases (PostgreSQL
 * and the MongoDB-protocol ones), by name: two equal digests mean nothing was written between.
 */
export async function checksums(secrets: Secrets): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const url of [secrets.CUSTOMER_MONGO_URL!, secrets.PRODUCT_MONGO_URL!]) {
    await withMongo(url, async (client) => {
      const db = client.db();
      for (const { name } of await db.listCollections().toArray()) {
        const hash = createHash('sha256');
        for await (const doc of db.collection(name).find().sort({ _id: 1 }))
          hash.update(BSON.EJSON.stringify(doc));
        sums[`mongo ${db.databaseName}.${name}`] = hash.digest('hex');
      }
    });
  }
  for (const url of pgUrlsOf(secrets)) {
    await withPg(url, async (client) => {
      for (const table of await tablesOf(client)) {
        const { rows } = await client.query<{ sum: string | null }>(
          `SELECT md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS sum FROM "${table}" t`,
        );
        sums[`pg ${client.database}.${table}`] = rows[0]!.sum ?? 'empty';
      }
    });
  }
  return sums;
}

export async function fingerprint(secrets: Secrets = shopSecrets()): Promise<Fingerprint> {
  const counts: Fingerprint = {};
  for (const url of [secrets.CUSTOMER_MONGO_URL!, secrets.PRODUCT_MONGO_URL!]) {
    await withMongo(url, async (client) => {
      const db = client.db();
      for (const { name } of await db.listCollections().toArray()) {
        counts[`mongo ${db.databaseName}.${name}`] = await db.collection(name).countDocuments();
      }
    });
  }
  for (const url of pgUrlsOf(secrets)) {
    await withPg(url, async (client) => {
      for (const table of await tablesOf(client)) {
        const { rows: n } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
        counts[`pg ${client.database}.${table}`] = Number(n[0]!.n);
      }
    });
  }
  const redis = new Redis({ host: '127.0.0.1', port: 6379, db: SHOP_BROKER_DB, lazyConnect: true });
  await redis.connect();
  try {
    for (const key of await redis.keys('*')) {
      if ((await redis.type(key)) === 'stream')
        counts[`redis ${SHOP_BROKER_DB} stream ${key}`] = await redis.xlen(key);
    }
  } finally {
    redis.disconnect();
  }
  // The shop's product pictures (components/images.yaml: .data/images).
  const pictures = path.join(ROOT, '.data', 'images');
  counts['files .data/images'] = fs.existsSync(pictures) ? fs.readdirSync(pictures).length : 0;
  return counts;
}

/**
 * Writes a product and an order into the shop's own databases, the way its services store them
 * (the order database gets the order service's schema first if the shop never ran here).
 */
export async function plantSentinel(secrets: Secrets = shopSecrets()): Promise<Sentinel> {
  const sku = `ISOLATION-SENTINEL-${randomUUID()}`;
  const productId = new ObjectId();
  await withMongo(secrets.PRODUCT_MONGO_URL!, (client) =>
    client.db().collection('products').insertOne({
      _id: productId,
      sku,
      name: 'Isolation sentinel (removed by the test that planted it)',
      active: false,
      createdAt: new Date(),
    }),
  );
  const orderId = randomUUID();
  await ensureDatabase(secrets.ORDER_DATABASE_URL!);
  await migrate(
    secrets.ORDER_DATABASE_URL!,
    path.join(ROOT, 'services/order/migrations'),
    createLogger('isolation-check'),
  );
  await withPg(secrets.ORDER_DATABASE_URL!, (client) =>
    client.query(
      `INSERT INTO orders (id, customer_id, idempotency_key, status, currency, total_amount, shipping_address)
       VALUES ($1, 'isolation-sentinel', $2, 'CONFIRMED', 'EUR', 4242, '{}')`,
      [orderId, randomUUID()],
    ),
  );
  return { productId: productId.toHexString(), sku, orderId };
}

/** True when the sentinel is still in the shop's databases, unchanged. */
export async function sentinelIntact(sentinel: Sentinel, secrets: Secrets = shopSecrets()): Promise<boolean> {
  const product = await withMongo(secrets.PRODUCT_MONGO_URL!, (client) =>
    client
      .db()
      .collection('products')
      .findOne({ _id: new ObjectId(sentinel.productId) }),
  );
  const order = await withPg(secrets.ORDER_DATABASE_URL!, async (client) => {
    const { rows } = await client.query('SELECT status, total_amount FROM orders WHERE id = $1', [
      sentinel.orderId,
    ]);
    return rows[0] as { status: string; total_amount: string } | undefined;
  });
  return product?.sku === sentinel.sku && order?.status === 'CONFIRMED' && order.total_amount === '4242';
}

/** Takes the sentinel out again, so the shop is left as it was. */
export async function removeSentinel(sentinel: Sentinel, secrets: Secrets = shopSecrets()): Promise<void> {
  await withMongo(secrets.PRODUCT_MONGO_URL!, (client) =>
    client
      .db()
      .collection('products')
      .deleteOne({ _id: new ObjectId(sentinel.productId) }),
  );
  await withPg(secrets.ORDER_DATABASE_URL!, (client) =>
    client.query('DELETE FROM orders WHERE id = $1', [sentinel.orderId]),
  );
}

async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '')}`);
  } finally {
    await admin.end();
  }
}
