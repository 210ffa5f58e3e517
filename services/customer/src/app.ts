import type { Express } from 'express';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';
import type { Connection } from 'mongoose';
import type { SendMail } from './clients/email';
import { orderEventSubscriptions } from './events/order-events';
import { customerRoutes } from './routes/customers';
import type { CustomerStore } from './store/customers';
import type { OrderMails } from './store/mails';
import type { OrderHistory } from './store/order-history';

export type CustomerDeps = {
  store: CustomerStore;
  history: OrderHistory;
  mails: OrderMails;
  /** Sends an order email (the `email` binding in production). */
  send: SendMail;
  connection: Connection;
  dapr: Dapr;
  logger: Logger;
  /** Required on every call when set: only the app's own sidecar knows it. */
  appApiToken?: string;
};

export function createCustomerApp({
  store,
  history,
  mails,
  send,
  connection,
  dapr,
  logger,
  appApiToken,
}: CustomerDeps): Express {
  return createServiceApp({
    service: 'customer',
    logger,
    appApiToken,
    sidecar: dapr,
    readiness: { database: () => pingMongo(connection), sidecar: () => dapr.outboundHealthy() },
    subscriptions: orderEventSubscriptions({ history, customerOf: (id) => store.findById(id), mails, send }),
    routes: (app) => {
      app.use('/customers', customerRoutes(store, history));
    },
  });
}
