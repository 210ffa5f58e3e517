import type { Express } from 'express';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';
import type { Connection } from 'mongoose';
import type { SendMail } from './clients/email';
import { orderEventSubscriptions } from './events/order-events';
import { accountLinkRoutes, type LinkSettings } from './routes/account-links';
import { customerRoutes } from './routes/customers';
import type { AccountLinks } from './store/account-links';
import type { CustomerStore } from './store/customers';
import type { OrderMails } from './store/mails';
import type { OrderHistory } from './store/order-history';

export type CustomerDeps = {
  store: CustomerStore;
  history: OrderHistory;
  mails: OrderMails;
  /** The tokens of mailed links (password reset, email verification). */
  links: AccountLinks;
  /** Where links lead and how long they work. */
  linkSettings: LinkSettings;
  /** Sends an email (the `email` binding in production). */
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
  links,
  linkSettings,
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
      const linkDeps = { store, links, send, logger, settings: linkSettings };
      app.use('/customers', accountLinkRoutes(linkDeps));
      app.use('/customers', customerRoutes(store, history, linkDeps));
    },
  });
}
