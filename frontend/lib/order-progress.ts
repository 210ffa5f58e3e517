import type { OrderStatus } from '@sidecart/contracts';

export type OrderProgress = { status: OrderStatus; approveUrl: string | null; cancelReason: string | null };

/**
 * Follows the storefront's order endpoint until `done` says the order reached a stage the
 * page cares about, or `timeoutMs` passes (then null). Each request sends back the ETag of the
 * last answer, so the server answers when the order changes (or 304 after its wait) and the
 * next request goes out at once; only a server that did not wait, or a failed request, is
 * followed by a pause. Network hiccups are retried.
 */
export async function waitForOrder(
  orderId: string,
  done: (p: OrderProgress) => boolean,
  timeoutMs = 90_000,
  signal?: AbortSignal,
): Promise<OrderProgress | null> {
  const deadline = Date.now() + timeoutMs;
  let etag: string | null = null;
  while (Date.now() < deadline && !signal?.aborted) {
    let waited = false;
    try {
      const res: Response = await fetch(`/api/orders/${encodeURIComponent(orderId)}`, {
        cache: 'no-store',
        signal,
        headers: etag ? { 'if-none-match': etag } : {},
      });
      waited = res.headers.has('preference-applied');
      if (res.ok) {
        etag = res.headers.get('etag');
        const progress = (await res.json()) as OrderProgress;
        if (done(progress)) return progress;
        // A first answer (no ETag sent yet): the next request waits on the server.
        if (etag) continue;
      } else if (res.status === 304) {
        if (waited) continue;
      } else if (res.status === 401 || res.status === 404) {
        throw new Error((await res.json().catch(() => null))?.message ?? 'This order cannot be found.');
      }
    } catch (err) {
      if (signal?.aborted) return null;
      if (err instanceof Error && !(err instanceof TypeError)) throw err;
    }
    if (!waited) await new Promise((r) => setTimeout(r, 1000));
  }
  return null;
}

export const isFinal = (s: OrderStatus) => s === 'CANCELLED' || s === 'REFUNDED';
