/**
 * Helpers for tests whose subject is a service behind its sidecar; everything a client does goes
 * through the public API (api.ts), events through src/events.ts.
 */
import { randomUUID } from 'node:crypto';
import { sidecarUrl } from './stack';

/** Unique per test run, so tests never depend on an empty database. */
export const unique = () => randomUUID().replace(/-/g, '').slice(0, 10);

/**
 * An operator's read through the service's own sidecar, for routes with no public path (the
 * reservation view): the operator states its role in the identity headers the gateway would set.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the callers check the body
export async function operatorRead(app: 'product', path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sidecarUrl(app)}/invoke/${app}/method/${path.replace(/^\//, '')}`, {
    headers: { 'x-sidecart-user-id': 'operator', 'x-sidecart-user-role': 'admin' },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
