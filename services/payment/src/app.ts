import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, Subscriptions, type Dapr, type Logger } from '@sidecart/service-kit';
import { subscribeCustomerDeleted } from './events/customer-deleted';
import { subscribeOrderCancelled } from './events/order-cancelled';
import { Payments } from './payments';
import type { PayPalClient } from './paypal/client';
import { paymentRoutes } from './routes/payments';
import { webhookRoutes } from './routes/webhooks';
import { PaymentStore } from './store/payments';

export type PaymentDeps = {
  pool: pg.Pool;
  dapr: Dapr;
  paypal: PayPalClient;
  logger: Logger;
  /** Required on every call when set: only the app's own sidecar knows it. */
  appApiToken?: string;
};

export function createPaymentApp({ pool, dapr, paypal, logger, appApiToken }: PaymentDeps): Express {
  const store = new PaymentStore(pool);
  const payments = new Payments(store, paypal, logger);
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
