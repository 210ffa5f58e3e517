import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, Subscriptions, type Dapr, type Logger } from '@sidecart/service-kit';
import { subscribeCustomerRegistered } from './events/customer-registered';
import { cartRoutes } from './routes/carts';
import { CartStore } from './store/carts';
import { CustomerDirectory } from './store/customer-directory';

export type OrderDeps = { pool: pg.Pool; dapr: Dapr; logger: Logger };

export function createOrderApp({ pool, dapr, logger }: OrderDeps): Express {
  const subscriptions = new Subscriptions();
  subscribeCustomerRegistered(subscriptions, new CustomerDirectory(pool));
  return createServiceApp({
    service: 'order',
    logger,
    subscriptions,
    readiness: {
      database: async () => void (await pool.query('SELECT 1')),
      sidecar: () => dapr.outboundHealthy(),
    },
    routes: (app) => {
      app.use('/carts', cartRoutes(new CartStore(dapr)));
    },
  });
}
