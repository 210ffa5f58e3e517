import type { Topic } from '@sidecart/contracts';
import type { EventContext, Subscriptions } from '@sidecart/service-kit';
import type { SagaInput } from '../domain/saga';
import type { OrderStore } from '../store/orders';

/** The saga listens to stock and payment outcomes; each delivery moves the order at most once. */
export function subscribeSagaEvents(subscriptions: Subscriptions, orders: OrderStore): void {
  const advance = async (
    event: { orderId: string; eventId: string },
    input: SagaInput,
    ctx: EventContext,
  ) => {
    const result = await orders.apply(event.orderId, input, {
      eventId: event.eventId,
      topic: ctx.topic as Topic,
    });
    ctx.logger.info({ orderId: event.orderId, result }, `saga: ${ctx.topic}`);
  };

  subscriptions
    .subscribe('stock.reserved', (e, ctx) => advance(e, { kind: 'stock.reserved' }, ctx))
    .subscribe('stock.rejected', (e, ctx) => {
      const reasons = [...new Set(e.lines.map((l) => l.reason.toLowerCase().replaceAll('_', ' ')))].join(
        ', ',
      );
      return advance(
        e,
        { kind: 'stock.rejected', reason: `stock rejected: ${reasons || 'unavailable'}` },
        ctx,
      );
    })
    .subscribe('payment.succeeded', (e, ctx) => advance(e, { kind: 'payment.succeeded' }, ctx))
    .subscribe('payment.failed', (e, ctx) =>
      advance(e, { kind: 'payment.failed', reason: `payment failed: ${e.reason}` }, ctx),
    )
    .subscribe('payment.refunded', (e, ctx) => advance(e, { kind: 'payment.refunded' }, ctx));
}
