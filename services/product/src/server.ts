import { connectMongo, createLogger, Dapr, listen, retry } from '@sidecart/service-kit';
import { createProductApp } from './app';
import { loadConfig } from './config';

async function main() {
  const config = loadConfig();
  const logger = createLogger('product');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  // The database address is a secret: it comes from the Dapr secret store, not the code.
  const mongoUrl = await retry('the secret store', () => dapr.secret('PRODUCT_MONGO_URL'), logger);
  const connection = await retry('MongoDB', () => connectMongo(mongoUrl), logger);

  listen(createProductApp({ connection, dapr, logger }), config.APP_PORT, logger, [() => connection.close()]);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
