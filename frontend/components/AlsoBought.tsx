import type { Recommendations } from '@sidecart/contracts';
import { ProductGrid } from './ProductCard';

/**
 * "Customers also bought": products bought most often in the same orders as this one. Rendered
 * on the server with the page, so it never pushes the page down after it appeared; nothing at
 * all when there is nothing to recommend.
 */
export function AlsoBought({ items, locale }: { items: Recommendations['items']; locale: string }) {
  if (items.length === 0) return null;
  return (
    <section className="also-bought" aria-labelledby="also-bought-heading">
      <h2 id="also-bought-heading">Customers also bought</h2>
      <ProductGrid products={items} locale={locale} />
    </section>
  );
}
