import type { Dapr } from '@sidecart/service-kit';
import type { StockReservations } from '../store/stock-reservations';

/**
 * Publishes the events saved with reservation decisions and settlements, then marks
 * them published. A crash between the two publishes an event again: consumers dedupe
 * by eventId (at-least-once).
 */
export async function relayOutbox(stock: StockReservations, dapr: Dapr): Promise<number> {
  const pending = await stock.pendingEvents(50);
  for (const outcome of pending) {
    if (outcome.event) await dapr.publish(outcome.event.topic, outcome.event.payload as never);
    await stock.markPublished(outcome._id);
  }
  return pending.length;
}
