import { createLogger, Dapr, listen, retry } from '@sidecart/service-kit';
import { createGatewayApp } from './app';
import { loadConfig } from './config';

async function main() {
  const config = loadConfig();
  const logger = createLogger('gateway');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  // The key that signs shoppers' tokens is a secret: from the Dapr secret store, never the code.
  const secret = await retry('the secret store', () => dapr.secret('GATEWAY_JWT_SECRET'), logger);
  if (Buffer.byteLength(secret) < 32) throw new Error('GATEWAY_JWT_SECRET must be at least 32 bytes');

  listen(
    createGatewayApp({ dapr, logger, jwtKey: new TextEncoder().encode(secret) }),
    config.APP_PORT,
    logger,
  );
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
