import { Subscriptions } from '@sidecart/service-kit';
import { ReservationBusy, type StockReservations } from '../store/stock-reservations';

/**
 * The product service's side of checkout: hold stock when an order is placed, sell it
 * when the order is confirmed, put it back when the order is cancelled or its goods are returned.
 */
export function orderSubscriptions(stock: StockReservations): Subscriptions {
  return new Subscriptions()
    .subscribe('order.placed', async (event, { logger }) => {
      const decision = await stock.reserve(event);
      logger.info({ orderId: event.orderId, status: decision.status }, 'stock reservation decided');
    })
    .subscribe('order.confirmed', async (event, { logger }) => {
      try {
        const state = await stock.commit(event.orderId);
        if (state !== 'COMMITTED') {
          logger.warn({ orderId: event.orderId, state }, 'order confirmed without a held reservation');
        }
      } catch (err) {
        if (err instanceof ReservationBusy) return 'RETRY';
        throw err;
      }
    })
    .subscribe('order.refunded', async (event, { logger }) => {
      // Only a return brings goods back; a refund of lines or an amount leaves the stock as it is.
      if (event.kind !== 'return') return;
      await stock.returned(event);
      logger.info({ orderId: event.orderId, refundId: event.refundId }, 'returned units restocked');
    })
    .subscribe('order.cancelled', async (event, { logger }) => {
      try {
        const state = await stock.release(event.orderId, `order cancelled: ${event.reason}`, {
          cancelled: true,
        });
        logger.info({ orderId: event.orderId, state }, 'reservation released for a cancelled order');
      } catch (err) {
        if (err instanceof ReservationBusy) return 'RETRY';
        throw err;
      }
    });
}
