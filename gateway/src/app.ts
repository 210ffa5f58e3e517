import cors from 'cors';
import type { Express } from 'express';
import helmet from 'helmet';
import { createServiceApp, type Dapr, type Logger } from '@sidecart/service-kit';
import type { TokenKeys } from './auth/tokens';
import type { SessionEnds } from './store/sessions';
import { buildAsyncApiDocument } from './asyncapi';
import { buildOpenApiDocument } from './openapi';
import { apiDocsRoutes } from './routes/api-docs';
import type { CatalogCache } from './routes/catalog-cache';
import { authenticate, publicRoutes } from './routes/public';
import { ROUTES } from './routes/table';
import type { AccountThrottle, RateLimiter } from './routes/rate-limit';
import { healthRounds, internalHealthRoutes, systemRoutes, type HealthRounds } from './routes/system';

export type GatewayDeps = {
  dapr: Dapr;
  logger: Logger;
  jwtKeys: TokenKeys;
  sessions: SessionEnds;
  /** Slows wrong passwords per account; none in tests that do not need it. */
  throttle?: AccountThrottle;
  limit: RateLimiter;
  /** Shared answers to anonymous catalog reads; none means every read reaches the service. */
  catalogCache?: CatalogCache;
  storefrontOrigin: string;
  trustProxy: string;
  /** The rounds of health checks, shared with the internal port; new ones when absent. */
  health?: HealthRounds;
};

/** The public API: every route lives under /api/v1 and reaches services only through Dapr. */
export function createGatewayApp(deps: GatewayDeps): Express {
  const { dapr, logger, jwtKeys, limit, sessions, throttle } = deps;
  // Built once, at start: a route added to the table without its docs fails here and in the
  // unit tests, rather than leaving a hole in the published document.
  const apiDocument = buildOpenApiDocument();
  const eventsDocument = buildAsyncApiDocument();
  const app = createServiceApp({
    service: 'gateway',
    logger,
    readiness: { sidecar: () => dapr.outboundHealthy() },
    // Routes that take more than 64 KB (a picture, base64) say so in the route table.
    largeBodies: Object.fromEntries(
      ROUTES.flatMap((route) => (route.bodyLimit ? [[`/api/v1${route.path}`, route.bodyLimit]] : [])),
    ),
    edge: [
      helmet(),
      // Browsers may call the API only from the storefront; the token travels in a header,
      // never a cookie, so no credentials mode.
      cors({
        origin: deps.storefrontOrigin,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: [
          'authorization',
          'content-type',
          'guest-cart',
          'if-match',
          'idempotency-key',
          'x-request-id',
        ],
        exposedHeaders: [
          'etag',
          'guest-cart',
          'location',
          'retry-after',
          'x-request-id',
          'ratelimit-limit',
          'ratelimit-remaining',
          'ratelimit-reset',
        ],
        maxAge: 600,
      }),
    ],
    routes: (app) => {
      app.use('/api/docs', apiDocsRoutes(apiDocument, eventsDocument));
      app.use(
        '/api/v1/system',
        authenticate(jwtKeys, sessions),
        systemRoutes(deps.health ?? healthRounds(dapr), limit),
      );
      app.use(
        '/api/v1',
        authenticate(jwtKeys, sessions),
        publicRoutes(dapr, limit, sessions, throttle, deps.catalogCache, undefined, jwtKeys),
      );
    },
  });
  app.set('trust proxy', deps.trustProxy);
  return app;
}

/**
 * The gateway's internal port (`INTERNAL_PORT`, bound to 127.0.0.1): every service's health in
 * detail, for the operator and `npm start`. Nothing public is routed here.
 */
export function createInternalApp(deps: { health: HealthRounds; logger: Logger }): Express {
  return createServiceApp({
    service: 'gateway-internal',
    logger: deps.logger,
    routes: (app) => {
      app.use(internalHealthRoutes(deps.health));
    },
  });
}
