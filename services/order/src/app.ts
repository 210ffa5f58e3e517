import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, Subscriptions, type Dapr, type Logger } from '@sidecart/service-kit';
import { subscribeCustomerRegistered } from './events/customer-registered';
import { subscribeSagaEvents } from './events/saga';
import { cartRoutes } from './routes/carts';
import { orderRoutes } from './routes/orders';
import { CartStore } from './store/carts';
import { Catalog } from './store/catalog';
import { CustomerDirectory } from './store/customer-directory';
import { OrderStore } from './store/orders';

export type OrderDeps = { pool: pg.Pool; dapr: Dapr; logger: Logger; appApiToken?: string };

export function createOrderApp({ pool, dapr, logger, appApiToken }: OrderDeps): Express {
  const orders = new OrderStore(pool);
  const carts = new CartStore(dapr);
  const catalog = new Catalog(dapr);
  const subscriptions = new Subscriptions();
  subscribeCustomerRegistered(subscriptions, new CustomerDirectory(pool));
  subscribeSagaEvents(subscriptions, orders);
  return createServiceApp({
    service: 'order',
    logger,
    subscriptions,
    appApiToken,
    readiness: {
      database: async () => void (await pool.query('SELECT 1')),
      sidecar: () => dapr.outboundHealthy(),
    },
    routes: (app) => {
      app.use('/carts', cartRoutes(carts, catalog));
      app.use('/orders', orderRoutes(orders, carts, catalog));
    },
  });
}
