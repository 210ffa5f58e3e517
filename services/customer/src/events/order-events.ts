import { Subscriptions } from '@sidecart/service-kit';
import type { OrderTopic } from '../domain/order-history';
import type { OrderHistory } from '../store/order-history';

const TOPICS: OrderTopic[] = [
  'order.placed',
  'order.changed',
  'order.confirmed',
  'order.cancelled',
  'order.shipped',
];

/**
 * The order history projection: every order event of a customer, recorded once per eventId,
 * and kept only while the account exists. An erased account's history is gone for good: an
 * order event that arrives after the erasure (late, or redelivered) is removed again at once.
 * The account is checked after the write, and the erasure deletes the account before the
 * history, so whichever runs second sees the other: no event outlives an erasure.
 */
export function orderHistorySubscriptions(
  history: OrderHistory,
  accountExists: (customerId: string) => Promise<boolean>,
): Subscriptions {
  const subscriptions = new Subscriptions();
  for (const topic of TOPICS) {
    subscriptions.subscribe(topic, async (event, { logger }) => {
      const recorded = await history.record({ topic, event } as never);
      if (!(await accountExists(event.customerId))) {
        await history.forget(event.customerId);
        logger.info({ orderId: event.orderId }, 'order event of an erased account, not kept');
      } else if (!recorded) logger.info({ orderId: event.orderId }, 'order event already recorded');
    });
  }
  // The route erases the history with the account; this makes sure of it (at least once).
  subscriptions.subscribe('customer.deleted', async (event) => {
    await history.forget(event.customerId);
  });
  return subscriptions;
}
