import { connectMongo, createLogger, Dapr, listen, retry, startLoop } from '@sidecart/service-kit';
import { createCustomerApp } from './app';
import { loadConfig } from './config';
import { relayOutbox } from './events/outbox-relay';
import { CustomerStore } from './store/customers';
import { Outbox } from './store/outbox';
import { OrderHistory } from './store/order-history';

async function main() {
  const config = loadConfig();
  const logger = createLogger('customer');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  // The database address is a secret: it comes from the Dapr secret store, not the code.
  const mongoUrl = await retry('the secret store', () => dapr.secret('CUSTOMER_MONGO_URL'), logger);
  const connection = await retry('MongoDB', () => connectMongo(mongoUrl), logger);
  const outbox = new Outbox(connection);
  await outbox.init();
  const store = new CustomerStore(connection, outbox);
  await store.init();
  const history = new OrderHistory(connection);
  await history.init();

  const stopRelay = startLoop('outbox-relay', () => relayOutbox(outbox, store, dapr), logger);
  listen(
    createCustomerApp({ store, history, connection, dapr, logger, appApiToken: config.APP_API_TOKEN }),
    config.APP_PORT,
    logger,
    [stopRelay, () => connection.close()],
  );
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
