import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, Subscriptions, type Dapr, type Logger } from '@sidecart/service-kit';
import type { Catalog } from './clients/catalog';
import type { Payments } from './clients/payments';
import type { PricingConfig } from './domain/pricing';
import { subscribeCustomerDeleted } from './events/customer-deleted';
import { subscribeCustomerRegistered } from './events/customer-registered';
import type { OrderChanger } from './events/order-changer';
import { subscribeOrderConfirmed } from './events/order-confirmed';
import type { Refunder } from './events/refunder';
import { subscribeReports } from './events/reports';
import type { OrderChanges } from './events/order-changes';
import type { PaymentOpener } from './events/payment-opener';
import { subscribeSagaEvents } from './events/saga';
import { cartRoutes } from './routes/carts';
import { invoiceRoutes } from './routes/invoices';
import { orderRoutes } from './routes/orders';
import { paymentRetryRoutes } from './routes/payment-retry';
import { refundRoutes } from './routes/refunds';
import { reportRoutes } from './routes/reports';
import type { CartStore } from './store/carts';
import type { CustomerDirectory } from './store/customer-directory';
import type { InvoiceStore } from './store/invoices';
import type { OrderStore } from './store/orders';
import type { RefundStore } from './store/refunds';
import type { ReportStore } from './store/reports';

export type OrderDeps = {
  pool: pg.Pool;
  dapr: Dapr;
  logger: Logger;
  /** Required on every call when set: only the app's own sidecar knows it. */
  appApiToken?: string;
  orders: OrderStore;
  /** The admin dashboard's read model; `orders` must feed the same one from the saga's events. */
  reports: ReportStore;
  /** Invoices: issued for each order.confirmed, downloaded as PDF. */
  invoices: InvoiceStore;
  carts: CartStore;
  directory: CustomerDirectory;
  catalog: Catalog;
  /** Shipping methods and tax rates (config/pricing.json). */
  pricing: PricingConfig;
  /** Opens payments as soon as stock is reserved; without it only a sweep would. */
  opener?: PaymentOpener;
  /** The payment service, for a shopper's "retry payment"; without it that route is absent. */
  payments?: Payments;
  /** Wakes requests waiting for an order to change; without it `Prefer: wait` is not honoured. */
  changes?: OrderChanges;
  /** Carries out changes of an order's lines; without it orders cannot be changed (503). */
  changer?: OrderChanger;
  /** An admin's refunds and returns of paid orders; without them those routes are absent. */
  refunds?: { store: RefundStore; refunder: Refunder };
};

export function createOrderApp({
  pool,
  dapr,
  logger,
  appApiToken,
  orders,
  reports,
  invoices,
  carts,
  directory,
  catalog,
  pricing,
  opener,
  payments,
  changes,
  changer,
  refunds,
}: OrderDeps): Express {
  const subscriptions = new Subscriptions();
  subscribeCustomerRegistered(subscriptions, directory);
  subscribeCustomerDeleted(subscriptions, pool, carts);
  subscribeSagaEvents(subscriptions, orders, opener);
  subscribeReports(subscriptions, reports);
  subscribeOrderConfirmed(subscriptions, pool, reports, invoices);
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
      app.use('/carts', cartRoutes(carts, catalog, pricing));
      if (payments) app.use('/orders', paymentRetryRoutes(orders, payments));
      app.use('/orders', invoiceRoutes(invoices));
      if (refunds) app.use('/orders', refundRoutes(orders, refunds.store, refunds.refunder));
      app.use('/orders', orderRoutes(orders, carts, catalog, pricing, changes, changer));
      app.use('/reports', reportRoutes(reports));
    },
  });
}
