import type { ShippingAddress } from '@sidecart/contracts';
import type { OrderLine, OrderStatus } from './order';
import { canMove, shopperMayCancel } from './order';
import type { OrderCharges } from './pricing';

/** Everything that can happen to an order: events from other services, the clock, people. */
export type SagaInput =
  | { kind: 'stock.reserved' }
  | { kind: 'stock.rejected'; reason: string }
  | { kind: 'payment.succeeded'; amount?: number }
  | { kind: 'payment.failed'; reason: string }
  /** `amount`: what the payment service paid back (minor units), for the credit note. */
  | { kind: 'payment.refunded'; amount?: number }
  | { kind: 'timeout'; reason: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'ship'; trackingNumber: string; carrier?: string }
  | { kind: 'deliver' }
  // Changing an order (docs/architecture.md, "Changing an order"): asked for by the shopper, then
  // closed once the product and payment services have answered.
  | { kind: 'change-lines'; change: RequestedChange }
  | { kind: 'change-applied'; revision: number }
  | { kind: 'change-refused'; revision: number; reason: string }
  | { kind: 'change-address'; shippingAddress: ShippingAddress; by: 'shopper' | 'admin' };

/** A change of the order's lines, priced: what the order will be once it is applied. */
export type RequestedChange = { lines: OrderLine[]; total: number; summary: string; charges: OrderCharges };

/** What besides its status the saga needs to know of an order. */
export type OrderFacts = {
  /** The change of its lines under way, if any. */
  change?: { revision: number; total: number; summary: string } | null;
  /** Whether its payment is open (the PayPal order exists). */
  paymentOpen?: boolean;
};

/** What a step does to the order's open change: open one, apply it to the lines, or close it unapplied. */
export type ChangeEffect = { kind: 'request' } | { kind: 'apply' } | { kind: 'refuse'; reason: string };

export type OrderEventTopic = 'order.confirmed' | 'order.changed' | 'order.cancelled' | 'order.shipped';

export type SagaStep = {
  transitions: { status: OrderStatus; reason?: string }[];
  emit: OrderEventTopic[];
  /** A timeline entry without a new status (a declined payment, a change), recorded before the transitions. */
  note?: string;
  change?: ChangeEffect;
};

const step = (
  transitions: SagaStep['transitions'],
  emit: OrderEventTopic[] = [],
  more: Pick<SagaStep, 'note' | 'change'> = {},
): SagaStep => ({ transitions, emit, ...more });

/** Until it ships, an order's address may change. */
const addressMayChange = (status: OrderStatus) =>
  status === 'PENDING' || status === 'STOCK_RESERVED' || status === 'PAID' || status === 'CONFIRMED';

/**
 * The checkout saga as a pure function: given the order's state and what happened,
 * which states follow and which events go out. `null` means "nothing to do" (a late or
 * repeated input), never an error, because at-least-once delivery makes both normal.
 */
export function decide(status: OrderStatus, input: SagaInput, facts: OrderFacts = {}): SagaStep | null {
  const change = facts.change ?? null;
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
      if (status === 'STOCK_RESERVED' && change) {
        // Captured mid-change: at the new total only once the payment was amended (so the stock
        // was re-reserved first); at any other amount, before the change, which then cannot apply.
        const amended = input.amount === change.total;
        return step(
          [{ status: 'PAID' }, { status: 'CONFIRMED' }],
          amended ? ['order.changed', 'order.confirmed'] : ['order.confirmed'],
          {
            note: amended ? `Changed: ${change.summary}` : 'Change refused: the order was paid before it',
            change: amended ? { kind: 'apply' } : { kind: 'refuse', reason: 'the order was paid before it' },
          },
        );
      }
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
      // A change under way holds the stock and the payment: the next sweep cancels, once it is closed.
      return (status === 'PENDING' || status === 'STOCK_RESERVED') && !change
        ? step([{ status: 'CANCELLED', reason: input.reason }], ['order.cancelled'])
        : null;
    case 'cancel':
      return shopperMayCancel(status) && !change
        ? step([{ status: 'CANCELLED', reason: input.reason }], ['order.cancelled'])
        : null;
    case 'ship':
      return status === 'CONFIRMED' ? step([{ status: 'SHIPPED' }], ['order.shipped']) : null;
    case 'deliver':
      return status === 'SHIPPED' ? step([{ status: 'DELIVERED' }]) : null;
    case 'change-lines':
      // Before capture only, once the payment is open (its amount is what changes), one at a time.
      return status === 'STOCK_RESERVED' && facts.paymentOpen && !change
        ? step([], [], { change: { kind: 'request' } })
        : null;
    case 'change-applied':
      return status === 'STOCK_RESERVED' && change?.revision === input.revision
        ? step([], ['order.changed'], { note: `Changed: ${change.summary}`, change: { kind: 'apply' } })
        : null;
    case 'change-refused':
      return change?.revision === input.revision
        ? step([], [], {
            note: `Change refused: ${input.reason}`,
            change: { kind: 'refuse', reason: input.reason },
          })
        : null;
    case 'change-address':
      return addressMayChange(status)
        ? step([], [], {
            note: `Shipping address changed${input.by === 'admin' ? ' by the shop' : ''}: ${input.shippingAddress.city}, ${input.shippingAddress.country}`,
          })
        : null;
  }
}
