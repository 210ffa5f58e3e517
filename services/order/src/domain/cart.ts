import type { Cart, PutCart } from '@sidecart/contracts';

export const CART_TTL_SECONDS = 30 * 24 * 3600;

export const emptyCart = (customerId: string): Cart => ({ customerId, lines: [], updatedAt: null });

/** One line per product: repeated products are merged, capped at the per-line maximum. */
export function normalizeLines(lines: PutCart['lines']): Cart['lines'] {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    quantities.set(productId, Math.min(99, (quantities.get(productId) ?? 0) + quantity));
  }
  return [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
}
