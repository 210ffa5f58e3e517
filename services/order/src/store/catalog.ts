import { Money } from '@sidecart/contracts';
import { HttpProblem, type Dapr } from '@sidecart/service-kit';
import { z } from 'zod';

/** What checkout needs to know of a product; the product service's answer may say more. */
const ProductForSale = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  price: Money,
  active: z.boolean(),
});
export type ProductForSale = z.infer<typeof ProductForSale>;

/** The product service, reached through Dapr. Prices are always read fresh at checkout. */
export class Catalog {
  constructor(private readonly dapr: Dapr) {}

  /** The product, or null when it does not exist (404 from the product service). */
  async product(productId: string, headers: Record<string, string>): Promise<ProductForSale | null> {
    // Pricing needs no stock: the listing copy spares the product service a ledger read.
    const answer = await this.dapr.invoke(
      'product',
      `products/${encodeURIComponent(productId)}?stock=listing`,
      {
        headers,
      },
    );
    if (answer.status === 404 || answer.status === 400) return null;
    if (answer.status !== 200) {
      throw new HttpProblem(503, 'Service Unavailable', 'The catalog cannot be reached to price the order');
    }
    return ProductForSale.parse(answer.body);
  }
}
