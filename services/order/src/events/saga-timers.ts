import { Gauge, metrics, type Logger } from '@sidecart/service-kit';
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

/**
 * Reports the open sagas in the app's metrics, read from the database at each scrape: how many
 * orders wait in each step, and how many are past their step's timeout. The sweep above cancels
 * those within seconds, so an overdue count that stays above 0 means a stuck saga (the sweep
 * fails, or a step never answers); the alert rules in deploy/observability/ watch it.
 */
export function observeSagas(orders: OrderStore, timeouts: SagaTimeouts, logger: Logger): void {
  let reading: { at: number; rows: ReturnType<OrderStore['openSagas']> } | undefined;
  const read = () => {
    if (!reading || Date.now() - reading.at > 1000)
      reading = { at: Date.now(), rows: orders.openSagas(timeouts) };
    return reading.rows;
  };
  new Gauge({
    name: 'sidecart_order_sagas_open',
    help: 'Orders whose checkout saga waits for a step, by state (PENDING: stock; STOCK_RESERVED: payment)',
    labelNames: ['state'] as const,
    registers: [metrics],
    async collect() {
      const rows = await read().catch((err: Error) => {
        logger.warn({ err: err.message }, 'saga metrics could not be read');
        return null;
      });
      for (const state of ['PENDING', 'STOCK_RESERVED'] as const)
        this.set({ state }, rows ? (rows.find((r) => r.status === state)?.open ?? 0) : NaN);
    },
  });
  new Gauge({
    name: 'sidecart_order_sagas_overdue',
    help: 'Open sagas past their step timeout, which the timeout sweep should have cancelled (stuck when it stays above 0)',
    registers: [metrics],
    async collect() {
      const rows = await read().catch(() => null);
      this.set(rows ? rows.reduce((sum, r) => sum + r.overdue, 0) : NaN);
    },
  });
}
