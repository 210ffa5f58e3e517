import type { Express } from 'express';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';
import type { Connection } from 'mongoose';
import { customerRoutes } from './routes/customers';
import type { CustomerStore } from './store/customers';

export type CustomerDeps = { store: CustomerStore; connection: Connection; dapr: Dapr; logger: Logger };

export function createCustomerApp({ store, connection, dapr, logger }: CustomerDeps): Express {
  return createServiceApp({
    service: 'customer',
    logger,
    readiness: { database: () => pingMongo(connection), sidecar: () => dapr.outboundHealthy() },
    routes: (app) => {
      app.use('/customers', customerRoutes(store));
    },
  });
}
