/**
 * Back up and restore (docs/operations.md): the commands the operations guide gives, run on this run's
 * databases. An order placed through the gateway, with its payment, is dumped with `pg_dump -Fc`,
 * restored with `pg_restore` into fresh databases, and found there. The fresh databases are the test's
 * own and are dropped afterwards.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { approvedOrder, newShopper } from '../src/shop';
import { localSecrets } from '../src/stack';

const run = promisify(execFile);
const ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const PG = ['-h', '127.0.0.1', '-U', 'postgres'];

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
      const restored = `sidecart_restore_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
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
