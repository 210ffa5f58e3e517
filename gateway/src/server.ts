import { createServer } from 'node:http';
import { createLogger, Dapr, listen, secretReader, type Logger } from '@sidecart/service-kit';
import { createGatewayApp, createInternalApp } from './app';
import { tokenKeys } from './auth/tokens';
import { loadConfig } from './config';
import { catalogCache } from './routes/catalog-cache';
import { accountThrottle, rateLimiter } from './routes/rate-limit';
import { healthRounds, type HealthRounds } from './routes/system';
import { RedisRateCounter } from './store/rate-counter';
import { RedisSessionEnds } from './store/sessions';

async function main() {
  const config = loadConfig();
  const logger = createLogger('gateway');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  const secret = secretReader(dapr, logger);

  // The key that signs shoppers' tokens comes from the Dapr secret store, like every secret.
  const jwtSecret = await secret('GATEWAY_JWT_SECRET');
  if (Buffer.byteLength(jwtSecret) < 32) throw new Error('GATEWAY_JWT_SECRET must be at least 32 bytes');
  // During a key rotation (`node scripts/secrets.mjs rotate GATEWAY_JWT_SECRET`) the previous key
  // still verifies the tokens it signed; outside one the secret is absent or empty.
  const previousSecret = await dapr.secret('GATEWAY_JWT_PREVIOUS_SECRET').catch(() => '');
  const jwtKeys = await tokenKeys(jwtSecret, previousSecret || undefined);

  const redisUrl = await secret('RATE_LIMIT_REDIS_URL');
  const counter = new RedisRateCounter(redisUrl);
  const sessions = new RedisSessionEnds(redisUrl);
  const limit = rateLimiter(
    counter,
    {
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
      read: config.RATE_LIMIT_READ,
      write: config.RATE_LIMIT_WRITE,
      auth: config.RATE_LIMIT_AUTH,
    },
    logger,
  );

  const health = healthRounds(dapr);
  const internal = listenInternal(config.INTERNAL_PORT, health, logger);
  listen(
    createGatewayApp({
      health,
      dapr,
      logger,
      jwtKeys,
      sessions,
      throttle: accountThrottle(counter, logger),
      limit,
      catalogCache: catalogCache({
        ttlMs: config.CATALOG_CACHE_TTL_MS,
        maxEntries: config.CATALOG_CACHE_MAX_ENTRIES,
      }),
      storefrontOrigin: config.STOREFRONT_ORIGIN,
      trustProxy: config.TRUST_PROXY,
    }),
    config.APP_PORT,
    logger,
    [() => counter.close(), () => sessions.close(), () => internal?.close()],
  );
}

/** The internal port on loopback; a port already taken (another replica) is logged, not fatal. */
function listenInternal(port: number, health: HealthRounds, logger: Logger) {
  if (port === 0) return undefined;
  const server = createServer(createInternalApp({ health, logger }));
  server.on('error', (err) =>
    logger.warn({ err, port }, 'internal port unavailable: no health details here'),
  );
  server.listen(port, '127.0.0.1', () => logger.info({ port, host: '127.0.0.1' }, 'internal port listening'));
  return server;
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
