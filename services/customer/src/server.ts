import { connectMongo, createLogger, Dapr, listen, retry, startLoop } from '@sidecart/service-kit';
import { createCustomerApp } from './app';
import { loadConfig } from './config';
import { relayOutbox } from './events/outbox-relay';
import { CustomerStore } from './store/customers';

async function main() {
  const config = loadConfig();
  const logger = createLogger('customer');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  // The database address is a secret: it comes from the Dapr secret store, not the code.
  const mongoUrl = await retry('the secret store', () => dapr.secret('CUSTOMER_MONGO_URL'), logger);
  const connection = await retry('MongoDB', () => connectMongo(mongoUrl), logger);
  const store = new CustomerStore(connection);
  await store.init();

  const stopRelay = startLoop('outbox-relay', () => relayOutbox(store, dapr), logger);
  listen(createCustomerApp({ store, connection, dapr, logger }), config.APP_PORT, logger, [
    stopRelay,
    () => connection.close(),
  ]);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
