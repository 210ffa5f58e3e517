import path from 'node:path';
import {
  createLogger,
  Dapr,
  listen,
  openPostgres,
  secretReader,
  startLoop,
  startOutboxRelay,
} from '@sidecart/service-kit';
import { createOrderApp } from './app';
import { Catalog } from './clients/catalog';
import { Payments } from './clients/payments';
import { Reservations } from './clients/reservations';
import { loadConfig, loadPricing } from './config';
import { OrderChanger } from './events/order-changer';
import { Refunder } from './events/refunder';
import { OrderChanges } from './events/order-changes';
import { PaymentOpener } from './events/payment-opener';
import { observeSagas, sweepTimeouts } from './events/saga-timers';
import { CartStore } from './store/carts';
import { CustomerDirectory } from './store/customer-directory';
import { InvoiceStore } from './store/invoices';
import { OrderStore } from './store/orders';
import { RefundStore } from './store/refunds';
import { ReportStore } from './store/reports';

async function main() {
  const config = loadConfig();
  const pricing = loadPricing(config.PRICING_CONFIG);
  const logger = createLogger('order');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  const databaseUrl = await secretReader(dapr, logger)('ORDER_DATABASE_URL');
  const pool = await openPostgres(databaseUrl, path.resolve(__dirname, '../migrations'), logger);

  const reports = new ReportStore(pool);
  const invoices = new InvoiceStore(pool, {
    name: config.INVOICE_SELLER_NAME,
    address: config.INVOICE_SELLER_ADDRESS,
    ...(config.INVOICE_SELLER_VAT_ID ? { vatId: config.INVOICE_SELLER_VAT_ID } : {}),
  });
  const orders = new OrderStore(pool, reports, invoices);
  const payments = new Payments(dapr, config.STOREFRONT_URL);
  const opener = new PaymentOpener(orders, payments, logger);
  const changer = new OrderChanger(orders, new Reservations(dapr), payments, logger);
  const refunds = new RefundStore(pool, orders, reports, invoices);
  const refunder = new Refunder(refunds, payments, logger);
  const changes = new OrderChanges();
  const timeouts = {
    stockSeconds: config.ORDER_STOCK_TIMEOUT_SECONDS,
    approvalSeconds: config.ORDER_APPROVAL_TIMEOUT_SECONDS,
  };
  observeSagas(orders, timeouts, logger);
  const loops = [
    // Woken by every commit that enqueues an event; polls every 2 s only as a safety net.
    startOutboxRelay({ pool, databaseUrl, dapr }, logger),
    startLoop('saga-timeouts', () => sweepTimeouts(orders, timeouts), logger, { idleMs: 2000 }),
    // Payments open when stock.reserved is applied; this sweep only catches what failed.
    startLoop('payment-sweep', () => opener.sweep(), logger, { idleMs: 2000 }),
    // A change of an order's lines is carried out by its request; this finishes one left open.
    startLoop('order-change-sweep', () => changer.sweep(), logger, { idleMs: 2000 }),
    // A refund is carried out by its request; this finishes one an outage left open.
    startLoop('refund-sweep', () => refunder.sweep(), logger, { idleMs: 2000 }),
    changes.listen(databaseUrl, logger),
  ];

  listen(
    createOrderApp({
      pool,
      dapr,
      logger,
      appApiToken: config.APP_API_TOKEN,
      orders,
      reports,
      invoices,
      carts: new CartStore(dapr),
      directory: new CustomerDirectory(pool),
      catalog: new Catalog(dapr),
      pricing,
      opener,
      payments,
      changes,
      changer,
      refunds: { store: refunds, refunder },
    }),
    config.APP_PORT,
    logger,
    [...loops, () => pool.end()],
  );
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
