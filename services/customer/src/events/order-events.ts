import { Subscriptions } from '@sidecart/service-kit';
import type { OrderTopic } from '../domain/order-history';
import type { OrderHistory } from '../store/order-history';

const TOPICS: OrderTopic[] = ['order.placed', 'order.confirmed', 'order.cancelled', 'order.shipped'];

/** The order history projection: every order event of a customer, recorded once per eventId. */
export function orderHistorySubscriptions(history: OrderHistory): Subscriptions {
  const subscriptions = new Subscriptions();
  for (const topic of TOPICS) {
    subscriptions.subscribe(topic, async (event, { logger }) => {
      const recorded = await history.record({ topic, event } as never);
      if (!recorded) logger.info({ orderId: event.orderId }, 'order event already recorded');
    });
  }
  return subscriptions;
}
