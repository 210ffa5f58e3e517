import path from 'node:path';
import {
  createLogger,
  Dapr,
  listen,
  openPostgres,
  secretReader,
  startOutboxRelay,
} from '@sidecart/service-kit';
import { createPaymentApp } from './app';
import { PayPalClient } from './clients/paypal';
import { loadConfig } from './config';
import { Payments } from './payments';
import { PaymentStore } from './store/payments';

async function main() {
  const config = loadConfig();
  const logger = createLogger('payment');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  const secret = secretReader(dapr, logger);

  const databaseUrl = await secret('PAYMENT_DATABASE_URL');
  const pool = await openPostgres(databaseUrl, path.resolve(__dirname, '../migrations'), logger);

  // PayPal too: the base URL picks the local double, the sandbox or live, by configuration only.
  const paypal = new PayPalClient({
    clientId: await secret('PAYPAL_CLIENT_ID'),
    clientSecret: await secret('PAYPAL_CLIENT_SECRET'),
    baseUrl: await secret('PAYPAL_BASE_URL'),
    webhookId: await secret('PAYPAL_WEBHOOK_ID'),
  });

  const store = new PaymentStore(pool);
  const payments = new Payments(store, paypal, logger);
  const stopRelay = startOutboxRelay({ pool, databaseUrl, dapr }, logger);
  listen(
    createPaymentApp({ pool, dapr, logger, store, payments, appApiToken: config.APP_API_TOKEN }),
    config.APP_PORT,
    logger,
    [stopRelay, () => pool.end()],
  );
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
