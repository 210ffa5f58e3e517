/**
 * Reaching services the way the gateway does: Dapr service invocation through a
 * sidecar, with the identity headers the gateway adds for a verified user. The gateway's
 * sidecar may call only the paths of the route table; `via: 'own'` calls through the
 * service's own sidecar instead (as an operator would, for paths outside the public API).
 */
import { randomUUID } from 'node:crypto';
import { sidecarUrl } from './stack';

export type Caller = { userId: string; role: 'customer' | 'admin' } | null;

export const admin: Caller = { userId: 'stack-test-admin', role: 'admin' };
export const shopper = (userId: string): Caller => ({ userId, role: 'customer' });

export type Answer = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function invoke(
  app: 'product' | 'customer',
  path: string,
  options: { method?: string; body?: unknown; as?: Caller; rawBody?: string; via?: 'gateway' | 'own' } = {},
): Promise<Answer> {
  const { method = 'GET', body, as = null, rawBody, via = 'gateway' } = options;
  const headers: Record<string, string> = {};
  if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
  if (as) {
    headers['x-sidecart-user-id'] = as.userId;
    headers['x-sidecart-user-role'] = as.role;
  }
  const sidecar = sidecarUrl(via === 'own' ? app : 'gateway');
  const res = await fetch(`${sidecar}/invoke/${app}/method/${path.replace(/^\//, '')}`, {
    method,
    headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Publishes an event as the order service would (through its sidecar). */
export async function publishAsOrder(topic: string, event: unknown): Promise<void> {
  const res = await fetch(`${sidecarUrl('order')}/publish/pubsub/${topic}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  if (res.status !== 204) throw new Error(`publish ${topic} answered ${res.status}: ${await res.text()}`);
}

export const envelope = () => ({ eventId: randomUUID(), occurredAt: new Date().toISOString() });

/** Unique per test run, so tests never depend on an empty database. */
export const unique = () => randomUUID().replace(/-/g, '').slice(0, 10);
