import type { Subscriptions } from '@sidecart/service-kit';
import type { Payments } from '../payments';

/** Compensation: a cancelled order gets its captured money back, once per eventId. */
export function subscribeOrderCancelled(subscriptions: Subscriptions, payments: Payments) {
  subscriptions.subscribe('order.cancelled', async (event, { logger }) => {
    const payment = await payments.compensate(event.orderId, `order cancelled: ${event.reason}`, {
      kind: 'event',
      eventId: event.eventId,
      topic: 'order.cancelled',
    });
    logger.info(
      { orderId: event.orderId, status: payment?.status ?? 'no payment' },
      'order cancellation handled',
    );
  });
}
