import type { Subscriptions } from '@sidecart/service-kit';
import type { PaymentStore } from '../store/payments';

/** An erased account: its refunds keep amounts but no shopper's words, once per eventId. */
export function subscribeCustomerDeleted(subscriptions: Subscriptions, store: PaymentStore) {
  subscriptions.subscribe('customer.deleted', async (event, { logger }) => {
    const erased = await store.erase(event);
    logger.info({ customerId: event.customerId, duplicate: !erased }, 'customer erased');
  });
}
