import Link from 'next/link';
import type { Recommendations } from '@sidecart/contracts';
import { formatMoney } from '@/lib/money';
import { ProductImage } from './ProductImage';

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
      <ul className="grid">
        {items.map((item) => (
          <li key={item.id}>
            <article className="card">
              <Link href={`/products/${item.slug}`}>
                <ProductImage src={item.images[0]} name={item.name} />
                <div className="card-body">
                  <h3>{item.name}</h3>
                  <span className="price">{formatMoney(item.price, locale)}</span>
                </div>
              </Link>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
