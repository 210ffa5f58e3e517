import type pg from 'pg';
import type { CustomerDeleted, ShippingAddress } from '@sidecart/contracts';
import { firstDelivery, inTransaction, lockCustomer, recordErasure, Refused } from '@sidecart/service-kit';
import { ERASED_REASON, pseudonymizedAddress } from '../domain/erasure';

/** A checkout by a customer whose account is erased: their account is gone (404). */
export class AccountErased extends Refused {
  constructor() {
    super('not-found', 'Customer was not found');
  }
}

/**
 * The order service's part of an erasure (`customer.deleted`), in one transaction with the
 * eventId: the customer is listed as erased, their directory entry (email, name) is deleted,
 * and every order of theirs keeps its lines, amounts and statuses, with its shipping address
 * (and its invoice's buyer) pseudonymized and cancellation reasons (which a shopper may have written) replaced.
 * Returns false for a redelivery.
 */
export async function eraseCustomer(pool: pg.Pool, event: CustomerDeleted): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    if (!(await firstDelivery(tx, event.eventId, 'customer.deleted'))) return false;
    await lockCustomer(tx, event.customerId);
    await recordErasure(tx, event.customerId);
    await tx.query('DELETE FROM customer_directory WHERE customer_id = $1', [event.customerId]);
    const { rows } = await tx.query<{ id: string; shipping_address: ShippingAddress }>(
      'SELECT id, shipping_address FROM orders WHERE customer_id = $1 FOR UPDATE',
      [event.customerId],
    );
    for (const row of rows) {
      await tx.query('UPDATE orders SET shipping_address = $2 WHERE id = $1', [
        row.id,
        pseudonymizedAddress(row.shipping_address),
      ]);
    }
    // Invoices keep their number, lines and amounts; the buyer goes like the order's address.
    const invoices = await tx.query<{ number: string; buyer: ShippingAddress }>(
      'SELECT number, buyer FROM invoices WHERE customer_id = $1 FOR UPDATE',
      [event.customerId],
    );
    for (const invoice of invoices.rows) {
      await tx.query('UPDATE invoices SET buyer = $2 WHERE number = $1', [
        invoice.number,
        pseudonymizedAddress(invoice.buyer),
      ]);
    }
    await tx.query(
      `UPDATE orders SET cancel_reason = $2 WHERE customer_id = $1 AND cancel_reason IS NOT NULL`,
      [event.customerId, ERASED_REASON],
    );
    await tx.query(
      `UPDATE order_status_history h SET reason = $2 FROM orders o
        WHERE o.id = h.order_id AND o.customer_id = $1 AND h.reason IS NOT NULL`,
      [event.customerId, ERASED_REASON],
    );
    return true;
  });
}
