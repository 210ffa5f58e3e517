import type { EventOf, OrderHistoryEntry } from '@sidecart/contracts';

export type OrderTopic =
  | 'order.placed'
  | 'order.changed'
  | 'order.confirmed'
  | 'order.cancelled'
  | 'order.shipped'
  | 'order.refunded';

/** One order event as the history keeps it: the event itself, stored once per eventId. */
export type OrderFact = { [T in OrderTopic]: { topic: T; event: EventOf<T> } }[OrderTopic];

const STATUS_RANK = { PLACED: 1, CONFIRMED: 2, SHIPPED: 3, CANCELLED: 4 } as const;
/** The status each event shows, if any (a refund leaves the order's status as it is). */
const STATUS_OF: Record<OrderTopic, keyof typeof STATUS_RANK | null> = {
  'order.placed': 'PLACED',
  'order.changed': 'PLACED',
  'order.confirmed': 'CONFIRMED',
  'order.shipped': 'SHIPPED',
  'order.cancelled': 'CANCELLED',
  'order.refunded': null,
};

/**
 * Folds an order's events into the shopper's view of it. Events may arrive in any
 * order and more than once, so the status is the furthest one reached, not the last
 * one received, and each field comes from the event that owns it.
 */
export function foldOrder(orderId: string, facts: OrderFact[]): OrderHistoryEntry {
  const entry: OrderHistoryEntry = {
    orderId,
    status: 'PLACED',
    total: null,
    lines: [],
    placedAt: null,
    confirmedAt: null,
    shippedAt: null,
    cancelledAt: null,
    trackingNumber: null,
    cancelReason: null,
    refunds: [],
  };
  let rank = 0;
  let confirmed = false;
  let revision = 0;
  for (const fact of facts) {
    const status = STATUS_OF[fact.topic];
    if (status && STATUS_RANK[status] > rank) {
      rank = STATUS_RANK[status];
      entry.status = status;
    }
    switch (fact.topic) {
      case 'order.placed':
        entry.placedAt = fact.event.occurredAt;
        // The lines as confirmed, or as last changed, win: an order may change before it is paid.
        if (!confirmed && revision === 0) {
          entry.lines = fact.event.lines;
          entry.total = fact.event.total;
        }
        break;
      case 'order.changed':
        if (!confirmed && fact.event.revision > revision) {
          revision = fact.event.revision;
          entry.lines = fact.event.lines;
          entry.total = fact.event.total;
        }
        break;
      case 'order.confirmed':
        entry.confirmedAt = fact.event.occurredAt;
        entry.lines = fact.event.lines;
        entry.total = fact.event.total;
        confirmed = true;
        break;
      case 'order.shipped':
        entry.shippedAt = fact.event.occurredAt;
        entry.trackingNumber = fact.event.trackingNumber;
        break;
      case 'order.cancelled':
        entry.cancelledAt = fact.event.occurredAt;
        entry.cancelReason = fact.event.reason;
        break;
      case 'order.refunded': {
        const { refundId, kind, amount, lines, occurredAt } = fact.event;
        // Once per refund, whatever delivered it twice.
        if (entry.refunds.some((r) => r.refundId === refundId)) break;
        entry.refunds.push({
          refundId,
          kind,
          amount,
          lines: lines.map(({ productId, sku, quantity }) => ({ productId, sku, quantity })),
          at: occurredAt,
        });
        break;
      }
    }
  }
  entry.refunds.sort((a, b) => a.at.localeCompare(b.at));
  return entry;
}
