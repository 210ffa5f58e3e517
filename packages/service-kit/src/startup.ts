import type pg from 'pg';
import type { Dapr } from './dapr';
import { retry } from './lifecycle';
import type { Logger } from './logger';
import { createPool, migrate } from './postgres';
import { refusePublished } from './secrets';

/**
 * Reads secrets from the Dapr secret store, waiting for the sidecar at start-up (it may come
 * up after the app). Addresses, keys and credentials come from here, never from the code.
 * A published default value stops the start (`refusePublished`): it is not retried.
 */
export const secretReader =
  (dapr: Dapr, logger: Logger) =>
  async (name: string): Promise<string> =>
    refusePublished(name, await retry('the secret store', () => dapr.secret(name), logger));

/** A service's own PostgreSQL: waits for it, brings its schema up to date, then opens a pool. */
export async function openPostgres(
  databaseUrl: string,
  migrationsDir: string,
  logger: Logger,
): Promise<pg.Pool> {
  await retry('PostgreSQL', () => migrate(databaseUrl, migrationsDir, logger), logger);
  return createPool(databaseUrl, logger);
}
