import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from './logger';
import { Counter, metrics } from './metrics';

/** Registered with the first pool: an app without PostgreSQL has no such series. */
let idleClientErrors: Counter | undefined;

/**
 * A pool of connections to the service's PostgreSQL. A connection that fails while idle in the
 * pool (PostgreSQL restarting, the backend terminated) is logged, counted and dropped by the pool,
 * which opens a new one for the next query; without a listener its 'error' event would end the
 * process.
 */
export function createPool(connectionString: string, logger: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10, idleTimeoutMillis: 30_000 });
  const errors = (idleClientErrors ??= new Counter({
    name: 'sidecart_postgres_idle_client_errors_total',
    help: 'Idle pooled PostgreSQL connections that failed (server restarted, backend terminated); the pool drops each',
    registers: [metrics],
  }));
  pool.on('error', (err) => {
    errors.inc();
    logger.warn({ err }, 'an idle PostgreSQL connection failed; the pool drops it');
  });
  return pool;
}

/** Brings the schema up to date; node-pg-migrate takes a lock, so replicas can start together. */
export async function migrate(connectionString: string, dir: string, logger: Logger): Promise<void> {
  await runner({
    databaseUrl: connectionString,
    dir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    log: (msg) => logger.debug(msg),
    noLock: false,
  });
}

const commitHooks = new WeakMap<pg.ClientBase, (() => void)[]>();

/**
 * Runs `hook` once the transaction `tx` (opened by `inTransaction`) has committed; never
 * if it rolls back. For signals that must not run ahead of the data (wake the outbox relay).
 */
export function afterCommit(tx: pg.ClientBase, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else commitHooks.set(tx, [hook]);
}

/** Runs `fn` in one transaction: everything it writes commits together or not at all. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    const hooks = commitHooks.get(client);
    commitHooks.delete(client);
    for (const hook of hooks ?? []) hook();
    return result;
  } catch (err) {
    commitHooks.delete(client);
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
