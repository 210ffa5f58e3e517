import path from 'node:path';
import {
  createLogger,
  Dapr,
  listen,
  openPostgres,
  relayOutbox,
  secretReader,
  startLoop,
} from '@sidecart/service-kit';
import { createOrderApp } from './app';
import { loadConfig } from './config';
import { openPayments, sweepTimeouts } from './events/saga-timers';
import { OrderStore } from './store/orders';
import { Payments } from './store/payments';

async function main() {
  const config = loadConfig();
  const logger = createLogger('order');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  const databaseUrl = await secretReader(dapr, logger)('ORDER_DATABASE_URL');
  const pool = await openPostgres(databaseUrl, path.resolve(__dirname, '../migrations'), logger);

  const orders = new OrderStore(pool);
  const payments = new Payments(dapr, config.STOREFRONT_URL);
  const timeouts = {
    stockSeconds: config.ORDER_STOCK_TIMEOUT_SECONDS,
    approvalSeconds: config.ORDER_APPROVAL_TIMEOUT_SECONDS,
  };
  const loops = [
    startLoop('outbox-relay', () => relayOutbox(pool, dapr), logger, { idleMs: 200 }),
    startLoop('saga-timeouts', () => sweepTimeouts(orders, timeouts), logger, { idleMs: 2000 }),
    startLoop('payment-opener', () => openPayments(orders, payments, logger), logger, { idleMs: 500 }),
  ];

  listen(createOrderApp({ pool, dapr, logger, appApiToken: config.APP_API_TOKEN }), config.APP_PORT, logger, [
    ...loops,
    () => pool.end(),
  ]);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
