import type pg from 'pg';
import { firstDelivery, inTransaction, type Subscriptions } from '@sidecart/service-kit';
import type { InvoiceStore } from '../store/invoices';
import type { ReportStore } from '../store/reports';

/**
 * This service's own `order.confirmed` (one subscription per topic): in one transaction with its
 * eventId, the dashboard's read model counts the sale and the order gets its invoice. A
 * redelivery changes nothing (`firstDelivery`); the same confirmation sent again under a new
 * eventId finds the order's invoice (the dedupe of `InvoiceStore.issue` is by order). A failure
 * rolls back all three, and Dapr's redelivery does them again.
 */
export function subscribeOrderConfirmed(
  subscriptions: Subscriptions,
  pool: pg.Pool,
  reports: ReportStore,
  invoices: InvoiceStore,
): void {
  subscriptions.subscribe('order.confirmed', async (event, { logger }) => {
    const outcome = await inTransaction(pool, async (tx) => {
      if (!(await firstDelivery(tx, event.eventId, 'order.confirmed'))) return null;
      // The read model's rows first, then the order's and the counter's: the saga's transactions
      // also lock the read model before an order, so no two wait on each other in a cycle.
      await reports.project(tx, { topic: 'order.confirmed', event });
      return (await invoices.issue(tx, event.orderId)) ?? { number: null, issued: false };
    });
    logger.info(
      {
        orderId: event.orderId,
        duplicate: outcome === null,
        invoice: outcome?.number,
        issued: outcome?.issued,
      },
      'order confirmed: counted and invoiced',
    );
  });
}
