import path from 'node:path';
import { createLogger, createPool, Dapr, listen, migrate, retry } from '@sidecart/service-kit';
import { createOrderApp } from './app';
import { loadConfig } from './config';

async function main() {
  const config = loadConfig();
  const logger = createLogger('order');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  // The database address is a secret: it comes from the Dapr secret store, not the code.
  const databaseUrl = await retry('the secret store', () => dapr.secret('ORDER_DATABASE_URL'), logger);
  await retry(
    'PostgreSQL',
    () => migrate(databaseUrl, path.resolve(__dirname, '../migrations'), logger),
    logger,
  );
  const pool = createPool(databaseUrl);

  listen(createOrderApp({ pool, dapr, logger }), config.APP_PORT, logger, [() => pool.end()]);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
