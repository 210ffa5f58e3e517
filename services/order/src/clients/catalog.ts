import { Money, ObjectId } from '@sidecart/contracts';
import { problem, type Dapr } from '@sidecart/service-kit';
import { z } from 'zod';
import type { ProductForSale } from '../domain/cart';

/** The fields of `ProductForSale` in the product service's answer, which may say more. */
const ProductForSaleAnswer = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  price: Money,
  active: z.boolean(),
});
const ProductsForSale = z.object({ items: z.array(ProductForSaleAnswer) });

/** The product service, reached through Dapr. Prices are always read fresh at checkout. */
export class Catalog {
  constructor(private readonly dapr: Dapr) {}

  /**
   * The products of `ids`, in that order; null for one that does not exist, is not for
   * sale or is no product id. One call for a whole cart (the product service's `by-ids`;
   * a cart has at most 50 lines, the call takes 100).
   */
  async products(
    ids: string[],
    headers: Record<string, string>,
    /** `current` for what an order will charge; `listing` (bounded like the catalog) for a cart. */
    prices: 'current' | 'listing' = 'current',
  ): Promise<(ProductForSale | null)[]> {
    const asked = ids.filter((id) => ObjectId.safeParse(id).success);
    if (asked.length === 0) return ids.map(() => null);
    // Pricing needs no stock: `by-ids` gives the listing copy and spares the product service a ledger read.
    const query = new URLSearchParams({ ids: asked.join(','), prices });
    const answer = await this.dapr.invoke('product', `products/by-ids?${query}`, { headers });
    if (answer.status !== 200) {
      throw problem(503, 'The catalog cannot be reached to price the order');
    }
    const { items } = ProductsForSale.parse(answer.body);
    const byId = new Map(items.map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
