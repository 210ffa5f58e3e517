import type { OrderStatus } from '@sidecart/contracts';

export type OrderProgress = { status: OrderStatus; approveUrl: string | null; cancelReason: string | null };

/**
 * Polls the storefront's order endpoint until `done` says the order reached a stage the
 * page cares about, or `timeoutMs` passes (then null). Network hiccups are retried.
 */
export async function waitForOrder(
  orderId: string,
  done: (p: OrderProgress) => boolean,
  timeoutMs = 90_000,
  signal?: AbortSignal,
): Promise<OrderProgress | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const res = await fetch(`/api/orders/${encodeURIComponent(orderId)}`, { cache: 'no-store', signal });
      if (res.ok) {
        const progress = (await res.json()) as OrderProgress;
        if (done(progress)) return progress;
      } else if (res.status === 401 || res.status === 404) {
        throw new Error((await res.json().catch(() => null))?.message ?? 'This order cannot be found.');
      }
    } catch (err) {
      if (signal?.aborted) return null;
      if (err instanceof Error && !(err instanceof TypeError)) throw err;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return null;
}

export const isFinal = (s: OrderStatus) => s === 'CANCELLED' || s === 'REFUNDED';
