import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger, migrate } from '@sidecart/service-kit';
import { localSecrets } from '../../../packages/stack-tests/src/stack';

/**
 * A scratch database of the test file's own on the test profile's PostgreSQL server, migrated as
 * the order service migrates its own, and dropped after the file. `pool` is there from the file's
 * `beforeAll` hooks on (this one is registered first, so it runs first).
 */
export function scratchOrdersDatabase(name: string, max = 20): { readonly pool: pg.Pool } {
  const server = new URL(localSecrets().ORDER_DATABASE_URL!);
  const scratch = `orders_${name}_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(server), { pathname: `/${scratch}` }).toString();
  const admin = new pg.Pool({
    connectionString: Object.assign(new URL(server), { pathname: '/postgres' }).toString(),
  });
  const db = {} as { pool: pg.Pool };
  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${scratch}`);
    await migrate(url, path.resolve(__dirname, '../migrations'), createLogger(`${name}-test`));
    db.pool = new pg.Pool({ connectionString: url, max });
  });
  afterAll(async () => {
    await db.pool?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  });
  return db;
}
