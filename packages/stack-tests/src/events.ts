/**
 * Events put on the broker as a service would put them there (through that service's
 * sidecar): for tests whose subject is the event boundary itself, such as a redelivery.
 */
import { sidecarUrl } from './stack';

export async function publishAs(
  app: 'customer' | 'product' | 'order' | 'payment',
  topic: string,
  event: unknown,
): Promise<void> {
  const res = await fetch(`${sidecarUrl(app)}/publish/pubsub/${topic}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  if (res.status !== 204) throw new Error(`publish ${topic} answered ${res.status}: ${await res.text()}`);
}

/** A fresh event id and time: the contracts' one constructor, under the name the tests spread. */
export { newEnvelope as envelope } from '@sidecart/contracts';
