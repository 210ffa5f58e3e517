import type { Express } from 'express';
import { createServiceApp, type Dapr, type Logger } from '@sidecart/service-kit';
import { authenticate, publicRoutes } from './routes/public';
import { systemRoutes } from './routes/system';

export type GatewayDeps = { dapr: Dapr; logger: Logger; jwtKey: Uint8Array };

/** The public API: every route lives under /api/v1 and reaches services only through Dapr. */
export function createGatewayApp({ dapr, logger, jwtKey }: GatewayDeps): Express {
  return createServiceApp({
    service: 'gateway',
    logger,
    readiness: { sidecar: () => dapr.outboundHealthy() },
    routes: (app) => {
      app.use('/api/v1/system', systemRoutes(dapr));
      app.use('/api/v1', authenticate(jwtKey), publicRoutes(dapr));
    },
  });
}
