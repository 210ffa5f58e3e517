import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, Subscriptions, type Dapr, type Logger } from '@sidecart/service-kit';
import { subscribeCustomerDeleted } from './events/customer-deleted';
import { subscribeOrderCancelled } from './events/order-cancelled';
import type { Payments } from './payments';
import { paymentRoutes } from './routes/payments';
import { webhookRoutes } from './routes/webhooks';
import type { PaymentStore } from './store/payments';

export type PaymentDeps = {
  pool: pg.Pool;
  dapr: Dapr;
  logger: Logger;
  store: PaymentStore;
  /** The payment use cases, over `store` and PayPal. */
  payments: Payments;
  /** Required on every call when set: only the app's own sidecar knows it. */
  appApiToken?: string;
};

export function createPaymentApp({ pool, dapr, logger, store, payments, appApiToken }: PaymentDeps): Express {
  const subscriptions = new Subscriptions();
  subscribeOrderCancelled(subscriptions, payments);
  subscribeCustomerDeleted(subscriptions, store);
  return createServiceApp({
    service: 'payment',
    logger,
    appApiToken,
    subscriptions,
    sidecar: dapr,
    readiness: {
      database: async () => void (await pool.query('SELECT 1')),
      sidecar: () => dapr.outboundHealthy(),
    },
    routes: (app) => {
      app.use('/payments', paymentRoutes(payments));
      app.use('/webhooks', webhookRoutes(payments));
    },
  });
}
