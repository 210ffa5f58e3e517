import type { Subscriptions } from '@sidecart/service-kit';
import type { ReportedEvent, ReportStore } from '../store/reports';

/**
 * The order events the dashboard's read model subscribes to (this service's own, from its outbox);
 * `order.confirmed` reaches it through the invoicing handler, in its transaction (order-confirmed.ts).
 */
const ORDER_TOPICS = ['order.placed', 'order.cancelled', 'order.shipped'] as const;

/**
 * The dashboard's read model listens to this service's own order events; the saga's topics
 * (stock.reserved, payment.*) reach it through the saga's handlers, in their transaction
 * (events/saga.ts). Each delivery is projected once.
 */
export function subscribeReports(subscriptions: Subscriptions, reports: ReportStore): void {
  for (const topic of ORDER_TOPICS) {
    subscriptions.subscribe(topic, async (event, { logger }) => {
      // The handler's event is the parsed payload of `topic`.
      const recorded = await reports.record({ topic, event } as ReportedEvent);
      logger.info({ orderId: event.orderId, duplicate: !recorded }, `report: ${topic}`);
    });
  }
}
