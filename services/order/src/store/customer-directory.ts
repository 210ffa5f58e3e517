import type pg from 'pg';
import type { CustomerRegistered } from '@sidecart/contracts';
import { firstDelivery, inTransaction, isErased, lockCustomer } from '@sidecart/service-kit';

export class CustomerDirectory {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Records a registration once: the eventId goes into processed_events in the same
   * transaction, so a redelivered event changes nothing. Returns false for a duplicate. A
   * registration that arrives after the account's erasure records nothing.
   */
  async record(event: CustomerRegistered): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (!(await firstDelivery(tx, event.eventId, 'customer.registered'))) return false;
      await lockCustomer(tx, event.customerId);
      if (await isErased(tx, event.customerId)) return false;
      await tx.query(
        `INSERT INTO customer_directory (customer_id, email, name, registered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name`,
        [event.customerId, event.email, event.name, event.occurredAt],
      );
      return true;
    });
  }
}
