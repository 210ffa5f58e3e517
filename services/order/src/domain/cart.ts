import type { Cart, CartLine, Money, PutCart } from '@sidecart/contracts';
import type { FieldError } from '@sidecart/service-kit';

/** What the order service needs to know of a product to sell it; the catalog client reads it. */
export type ProductForSale = { id: string; sku: string; name: string; price: Money; active: boolean };

export const CART_TTL_SECONDS = 30 * 24 * 3600;
/** A signed-out shopper's cart lasts a week from its last change (the gateway's guest token, too). */
export const GUEST_CART_TTL_SECONDS = 7 * 24 * 3600;
/** The most of one product a line holds, and the most lines a cart holds (as PutCart allows). */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;

export const emptyCart = (customerId: string): Cart => ({ customerId, lines: [], updatedAt: null });

/** One line per product: repeated products are merged, capped at the per-line maximum. */
export function normalizeLines(lines: PutCart['lines']): Cart['lines'] {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    quantities.set(productId, Math.min(MAX_LINE_QUANTITY, (quantities.get(productId) ?? 0) + quantity));
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

/**
 * A guest cart merged into an account's cart at sign-in: the account's lines first, the guest's
 * quantities added to the same product's line (capped at MAX_LINE_QUANTITY), new products after
 * them while the cart has room (MAX_CART_LINES); what does not fit is left out.
 */
export function mergeLines(account: Cart['lines'], guest: Cart['lines']): Cart['lines'] {
  const merged = normalizeLines(
    [...account, ...guest].map(({ productId, quantity }) => ({ productId, quantity })),
  );
  return merged.slice(0, MAX_CART_LINES);
}

/** The lines of a merge the shop can still sell: a product withdrawn meanwhile is dropped, not an error. */
export function sellableLines(lines: Cart['lines'], products: (ProductForSale | null)[]): CartLine[] {
  return snapshotLines(
    lines.filter((_, i) => products[i]?.active),
    products.filter((p): p is ProductForSale => !!p?.active),
  ).lines;
}
