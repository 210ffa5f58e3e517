import type { Subscriptions } from '@sidecart/service-kit';
import type { CustomerDirectory } from '../store/customer-directory';

export function subscribeCustomerRegistered(subscriptions: Subscriptions, directory: CustomerDirectory) {
  subscriptions.subscribe('customer.registered', async (event, { logger }) => {
    const recorded = await directory.record(event);
    logger.info({ customerId: event.customerId, duplicate: !recorded }, 'customer registration projected');
  });
}
