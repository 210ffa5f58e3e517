import type pg from 'pg';
import type { Subscriptions } from '@sidecart/service-kit';
import type { CartStore } from '../store/carts';
import { eraseCustomer } from '../store/erasure';

/**
 * An erased account (`customer.deleted`): the cart goes first (deleting a missing cart is
 * fine, so a redelivery after a failure deletes it again), then the directory entry and the
 * orders' addresses, once per eventId (store/erasure.ts).
 */
export function subscribeCustomerDeleted(subscriptions: Subscriptions, pool: pg.Pool, carts: CartStore) {
  subscriptions.subscribe('customer.deleted', async (event, { logger }) => {
    await carts.delete(event.customerId);
    const erased = await eraseCustomer(pool, event);
    logger.info({ customerId: event.customerId, duplicate: !erased }, 'customer erased');
  });
}
