import type { Dapr } from '@sidecart/service-kit';
import type { CustomerStore } from '../store/customers';
import type { Outbox } from '../store/outbox';

/** Publishes `customer.registered` once the account it announces exists. */
export function relayOutbox(outbox: Outbox, store: CustomerStore, dapr: Dapr): Promise<number> {
  return outbox.relay(
    async (event) => (await store.findById(event.subjectId)) !== null,
    (event) => dapr.publish(event.topic, event.payload as never),
  );
}
