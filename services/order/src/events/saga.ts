import type { Topic } from '@sidecart/contracts';
import type { EventContext, Subscriptions } from '@sidecart/service-kit';
import type { SagaInput } from '../domain/saga';
import type { OrderStore } from '../store/orders';
import { isReported, type ReportedEvent } from '../store/reports';
import type { PaymentOpener } from './payment-opener';

/**
 * The saga listens to stock and payment outcomes; each delivery moves the order at most
 * once. Once the stock is reserved, the payment is opened at once (not on the next poll). The
 * dashboard's read model takes the same deliveries in the same transaction (store/reports.ts).
 */
export function subscribeSagaEvents(
  subscriptions: Subscriptions,
  orders: OrderStore,
  opener?: PaymentOpener,
): void {
  const advance = async (
    event: { orderId: string; eventId: string },
    input: SagaInput,
    ctx: EventContext,
  ) => {
    const result = await orders.apply(event.orderId, input, {
      eventId: event.eventId,
      topic: ctx.topic as Topic,
      // The handler's event is the parsed payload of `ctx.topic`.
      report: isReported(ctx.topic) ? ({ topic: ctx.topic, event } as ReportedEvent) : undefined,
    });
    ctx.logger.info({ orderId: event.orderId, result }, `saga: ${ctx.topic}`);
    return result;
  };

  subscriptions
    .subscribe('stock.reserved', async (e, ctx) => {
      if ((await advance(e, { kind: 'stock.reserved' }, ctx)) === 'applied') opener?.openSoon(e.orderId);
    })
    .subscribe('stock.rejected', async (e, ctx) => {
      const reasons = [...new Set(e.lines.map((l) => l.reason.toLowerCase().replaceAll('_', ' ')))].join(
        ', ',
      );
      await advance(
        e,
        { kind: 'stock.rejected', reason: `stock rejected: ${reasons || 'unavailable'}` },
        ctx,
      );
    })
    .subscribe(
      'payment.succeeded',
      async (e, ctx) => void (await advance(e, { kind: 'payment.succeeded', amount: e.amount.amount }, ctx)),
    )
    .subscribe(
      'payment.failed',
      async (e, ctx) =>
        void (await advance(e, { kind: 'payment.failed', reason: `payment failed: ${e.reason}` }, ctx)),
    )
    .subscribe(
      'payment.refunded',
      async (e, ctx) => void (await advance(e, { kind: 'payment.refunded', amount: e.amount.amount }, ctx)),
    );
}
