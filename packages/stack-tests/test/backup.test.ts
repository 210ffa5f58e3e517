/**
 * Back up and restore (docs/operations.md): the commands the operations guide gives, run on this run's
 * databases. An order placed through the gateway, with its payment, is dumped with `pg_dump -Fc`,
 * restored with `pg_restore` into fresh databases, and found there. The customer and catalog data
 * (MongoDB wire protocol, served here by FerretDB from its PostgreSQL database) is backed up the same
 * way, and a FerretDB of the test's own, on a free port, serves the restored copy: the customer and the
 * product created through the gateway are found through it. The fresh databases are the test's own
 * and are dropped afterwards.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { approvedOrder, createProduct, newShopper, registeredShopper } from '../src/shop';
import { ROOT, eventually, freePort, localSecrets } from '../src/stack';

const run = promisify(execFile);
const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const PG = ['-h', '127.0.0.1', '-U', 'postgres'];
/** FerretDB's PostgreSQL database (scripts/start), one for every profile: a schema per MongoDB database. */
const FERRETDB_DB = new URL(
  process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/sidecart_ferretdb',
).pathname.slice(1);
const freshName = () => `sidecart_restore_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

it('a backup of the order and payment databases, restored into fresh databases, holds the order and its payment', async () => {
  const shopper = newShopper();
  const { orderId } = await approvedOrder(shopper);
  const secrets = localSecrets();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecart-backup-'));
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  const fresh: string[] = [];
  try {
    const found: Record<string, number> = {};
    for (const [name, url, query] of [
      ['orders', secrets.ORDER_DATABASE_URL!, 'select count(*)::int as n from orders where id = $1'],
      [
        'payments',
        secrets.PAYMENT_DATABASE_URL!,
        'select count(*)::int as n from payments where order_id = $1',
      ],
    ] as const) {
      const db = new URL(url).pathname.slice(1);
      const dump = path.join(dir, `${db}.dump`);
      await run('pg_dump', [...PG, '-Fc', '-f', dump, db]);
      const restored = freshName();
      fresh.push(restored);
      await run('createdb', [...PG, restored]);
      await run('pg_restore', [...PG, '-d', restored, dump]);
      const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${restored}` });
      await client.connect();
      try {
        found[name] = (await client.query<{ n: number }>(query, [orderId])).rows[0]!.n;
      } finally {
        await client.end();
      }
    }
    expect(found).toEqual({ orders: 1, payments: 1 });
  } finally {
    for (const db of fresh) await admin.query(`DROP DATABASE IF EXISTS ${db}`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

it("a backup of FerretDB's PostgreSQL database, restored into a fresh one, serves the customers and the catalog through a FerretDB of its own", async () => {
  const customer = await registeredShopper();
  const product = await createProduct(3);
  const secrets = localSecrets();
  // This profile's MongoDB databases: in FerretDB's PostgreSQL database, a schema each.
  const customersDb = new URL(secrets.CUSTOMER_MONGO_URL!).pathname.slice(1);
  const catalogDb = new URL(secrets.PRODUCT_MONGO_URL!).pathname.slice(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecart-backup-'));
  const dump = path.join(dir, `${FERRETDB_DB}.dump`);
  const restored = freshName();
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  let ferretdb: ReturnType<typeof spawn> | undefined;
  let mongo: MongoClient | undefined;
  try {
    await run('pg_dump', [...PG, '-Fc', '-n', customersDb, '-n', catalogDb, '-f', dump, FERRETDB_DB]);
    await run('createdb', [...PG, restored]);
    await run('pg_restore', [...PG, '-d', restored, dump]);

    const port = await freePort();
    let log = '';
    ferretdb = spawn(path.join(ROOT, '.tools/bin/ferretdb'), [
      '--handler=postgresql',
      `--postgresql-url=postgres://postgres@127.0.0.1:5432/${restored}`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ]);
    ferretdb.stderr!.on('data', (d: Buffer) => (log += d));
    mongo = await eventually(
      async () =>
        new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 2_000 }).connect(),
      { within: 30_000, what: `the restored FerretDB on :${port} (${log})` },
    );
    const found = {
      customer: await mongo.db(customersDb).collection('customers').findOne({ email: customer.email }),
      product: await mongo.db(catalogDb).collection('products').findOne({ sku: product.sku }),
    };
    expect(found.customer?._id.toHexString()).toBe(customer.userId);
    expect(found.product).toMatchObject({ sku: product.sku, name: product.name, slug: product.slug });
  } finally {
    await mongo?.close();
    if (ferretdb) {
      const exited = new Promise((resolve) => ferretdb!.on('exit', resolve));
      ferretdb.kill('SIGTERM');
      await exited;
    }
    await admin.query(`DROP DATABASE IF EXISTS ${restored} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
