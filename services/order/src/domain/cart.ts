import type { Cart, CartLine, Money, PutCart } from '@sidecart/contracts';
import type { FieldError } from '@sidecart/service-kit';

/** What the order service needs to know of a product to sell it; the catalog client reads it. */
export type ProductForSale = { id: string; sku: string; name: string; price: Money; active: boolean };

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

/**
 * Snapshots each line's product as the shopper sees it now (name, sku, price), so the cart
 * shows prices without asking the catalog again. A line the shop cannot sell is refused,
 * with its position, before anything is saved.
 */
export function snapshotLines(
  lines: Cart['lines'],
  products: (ProductForSale | null)[],
): { lines: CartLine[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const snapshot: CartLine[] = [];
  lines.forEach((line, i) => {
    const product = products[i];
    const path = `lines.${i}.productId`;
    if (!product) return void errors.push({ path, message: `unknown product ${line.productId}` });
    if (!product.active) return void errors.push({ path, message: `${product.name} is no longer sold` });
    snapshot.push({ ...line, sku: product.sku, name: product.name, unitPrice: product.price });
  });
  return { lines: snapshot, errors };
}
