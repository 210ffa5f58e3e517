import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';

export type ProductDeps = { connection: Connection; dapr: Dapr; logger: Logger };

export function createProductApp({ connection, dapr, logger }: ProductDeps): Express {
  return createServiceApp({
    service: 'product',
    logger,
    readiness: { database: () => pingMongo(connection), sidecar: () => dapr.outboundHealthy() },
    routes: () => {},
  });
}
