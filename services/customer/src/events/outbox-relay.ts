import type { Dapr } from '@sidecart/service-kit';
import type { CustomerStore } from '../store/customers';

/**
 * Publishes events saved with their documents, then removes them. A crash between the
 * two publishes the event again: consumers dedupe by eventId (at-least-once).
 */
export async function relayOutbox(store: CustomerStore, dapr: Dapr): Promise<number> {
  const pending = await store.pendingEvents(50);
  for (const { customerId, event } of pending) {
    await dapr.publish(event.topic, event.payload as never);
    await store.markPublished(customerId, event.eventId);
  }
  return pending.length;
}
