import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, Subscriptions, type Dapr, type Logger } from '@sidecart/service-kit';
import { subscribeCustomerDeleted } from './events/customer-deleted';
import { subscribeCustomerRegistered } from './events/customer-registered';
import type { OrderChanges } from './events/order-changes';
import type { PaymentOpener } from './events/payment-opener';
import { subscribeSagaEvents } from './events/saga';
import { cartRoutes } from './routes/carts';
import { orderRoutes } from './routes/orders';
import { CartStore } from './store/carts';
import { Catalog } from './store/catalog';
import { CustomerDirectory } from './store/customer-directory';
import { OrderStore } from './store/orders';

export type OrderDeps = {
  pool: pg.Pool;
  dapr: Dapr;
  logger: Logger;
  appApiToken?: string;
  /** The store the server's loops share (one per process); a new one when absent. */
  orders?: OrderStore;
  /** Opens payments as soon as stock is reserved; without it only a sweep would. */
  opener?: PaymentOpener;
  /** Wakes requests waiting for an order to change; without it `Prefer: wait` is not honoured. */
  changes?: OrderChanges;
};

export function createOrderApp({
  pool,
  dapr,
  logger,
  appApiToken,
  orders = new OrderStore(pool),
  opener,
  changes,
}: OrderDeps): Express {
  const carts = new CartStore(dapr);
  const catalog = new Catalog(dapr);
  const subscriptions = new Subscriptions();
  subscribeCustomerRegistered(subscriptions, new CustomerDirectory(pool));
  subscribeCustomerDeleted(subscriptions, pool, carts);
  subscribeSagaEvents(subscriptions, orders, opener);
  return createServiceApp({
    service: 'order',
    logger,
    subscriptions,
    appApiToken,
    sidecar: dapr,
    readiness: {
      database: async () => void (await pool.query('SELECT 1')),
      sidecar: () => dapr.outboundHealthy(),
    },
    routes: (app) => {
      app.use('/carts', cartRoutes(carts, catalog));
      app.use('/orders', orderRoutes(orders, carts, catalog, changes));
    },
  });
}
