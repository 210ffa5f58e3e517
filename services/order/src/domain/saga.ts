import type { OrderStatus } from './order';
import { canMove, shopperMayCancel } from './order';

/** Everything that can happen to an order: events from other services, the clock, people. */
export type SagaInput =
  | { kind: 'stock.reserved' }
  | { kind: 'stock.rejected'; reason: string }
  | { kind: 'payment.succeeded' }
  | { kind: 'payment.failed'; reason: string }
  | { kind: 'payment.refunded' }
  | { kind: 'timeout'; reason: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'ship'; trackingNumber: string; carrier?: string }
  | { kind: 'deliver' };

export type OrderEventTopic = 'order.confirmed' | 'order.cancelled' | 'order.shipped';

export type SagaStep = {
  transitions: { status: OrderStatus; reason?: string }[];
  emit: OrderEventTopic[];
  /** Recorded in the order's history under its current state, which does not change. */
  note?: string;
};

const step = (transitions: SagaStep['transitions'], emit: OrderEventTopic[] = []): SagaStep => ({
  transitions,
  emit,
});

/**
 * The checkout saga as a pure function: given the order's state and what happened,
 * which states follow and which events go out. `null` means "nothing to do" (a late or
 * repeated input), never an error, because at-least-once delivery makes both normal.
 */
export function decide(status: OrderStatus, input: SagaInput): SagaStep | null {
  switch (input.kind) {
    case 'stock.reserved':
      if (status === 'PENDING') return step([{ status: 'STOCK_RESERVED' }]);
      // Stock reserved after we gave up waiting: say again that the order is cancelled, so it is released.
      if (status === 'CANCELLED') return step([], ['order.cancelled']);
      return null;
    case 'stock.rejected':
      return status === 'PENDING'
        ? step([{ status: 'CANCELLED', reason: input.reason }], ['order.cancelled'])
        : null;
    case 'payment.succeeded':
      if (status === 'STOCK_RESERVED')
        return step([{ status: 'PAID' }, { status: 'CONFIRMED' }], ['order.confirmed']);
      // Paid after the order was cancelled (approval timed out): announce the cancellation again so payment refunds.
      if (status === 'CANCELLED') return step([], ['order.cancelled']);
      return null;
    case 'payment.failed':
      // Declined: the order keeps its stock and the shopper may retry the payment (a new PayPal
      // order, routes/payment-retry.ts) until the approval timeout cancels it.
      return status === 'STOCK_RESERVED' ? { ...step([]), note: input.reason } : null;
    case 'payment.refunded':
      return canMove(status, 'REFUNDED') ? step([{ status: 'REFUNDED' }]) : null;
    case 'timeout':
      return status === 'PENDING' || status === 'STOCK_RESERVED'
        ? step([{ status: 'CANCELLED', reason: input.reason }], ['order.cancelled'])
        : null;
    case 'cancel':
      return shopperMayCancel(status)
        ? step([{ status: 'CANCELLED', reason: input.reason }], ['order.cancelled'])
        : null;
    case 'ship':
      return status === 'CONFIRMED' ? step([{ status: 'SHIPPED' }], ['order.shipped']) : null;
    case 'deliver':
      return status === 'SHIPPED' ? step([{ status: 'DELIVERED' }]) : null;
  }
}
