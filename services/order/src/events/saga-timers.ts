import type { OrderStore } from '../store/orders';

export type SagaTimeouts = { stockSeconds: number; approvalSeconds: number };

/**
 * Unanswered steps end the saga: no stock answer, or no approved payment, in time
 * cancels the order (which releases the stock). Runs in every replica; the row lock in
 * `apply` makes concurrent sweeps harmless. Works from the database, so it resumes
 * after a restart wherever the saga stood.
 */
export async function sweepTimeouts(orders: OrderStore, timeouts: SagaTimeouts): Promise<number> {
  const pending = await orders.stuck('PENDING', timeouts.stockSeconds);
  const unpaid = await orders.stuck('STOCK_RESERVED', timeouts.approvalSeconds);
  for (const id of pending)
    await orders.apply(id, { kind: 'timeout', reason: 'stock was not confirmed in time' });
  for (const id of unpaid)
    await orders.apply(id, { kind: 'timeout', reason: 'payment was not approved in time' });
  return pending.length + unpaid.length;
}
