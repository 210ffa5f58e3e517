import { OrderView, Product, type OrderDetail } from '@sidecart/contracts';
import type { Dapr } from '@sidecart/service-kit';

export type Composer = (body: unknown, dapr: Dapr, headers: Record<string, string>) => Promise<unknown>;

/**
 * One call for the storefront's order page: the order service's answer, with each line's
 * product (slug, images) from the catalog. A product that cannot be read leaves its line
 * with `product: null` rather than failing the page.
 */
export const orderDetail: Composer = async (body, dapr, headers): Promise<OrderDetail> => {
  const order = OrderView.parse(body);
  const ids = [...new Set(order.lines.map((line) => line.productId))];
  const products = new Map(
    await Promise.all(
      ids.map(async (id) => {
        try {
          // Only the slug and pictures are shown here: no need for the ledger's exact stock.
          const answer = await dapr.invoke('product', `products/${encodeURIComponent(id)}?stock=listing`, {
            headers,
            timeoutMs: 2000,
          });
          const product = Product.safeParse(answer.body);
          return [id, answer.status === 200 && product.success ? product.data : null] as const;
        } catch {
          return [id, null] as const;
        }
      }),
    ),
  );
  return {
    ...order,
    lines: order.lines.map((line) => {
      const product = products.get(line.productId);
      return { ...line, product: product ? { slug: product.slug, images: product.images } : null };
    }),
  };
};
