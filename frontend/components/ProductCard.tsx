import Link from 'next/link';
import type { Product } from '@sidecart/contracts';
import { formatMoney } from '@/lib/money';
import { ProductImage } from './ProductImage';
import { StockLabel } from './StockLabel';

/** What a card shows: a listing's product, or one without stock figures (a recommendation). */
type CardProduct = Pick<Product, 'slug' | 'name' | 'images' | 'price'> & { stock?: Product['stock'] };

export function ProductCard({
  product,
  locale,
  priority = false,
}: {
  product: CardProduct;
  locale: string;
  priority?: boolean;
}) {
  return (
    <article className="card">
      <Link href={`/products/${product.slug}`}>
        <ProductImage src={product.images[0]} name={product.name} priority={priority} />
        <div className="card-body">
          <h3>{product.name}</h3>
          <span className="price">{formatMoney(product.price, locale)}</span>
          {product.stock && <StockLabel available={product.stock.available} />}
        </div>
      </Link>
    </article>
  );
}

export function ProductGrid({
  products,
  locale,
  priorityFirst = 0,
}: {
  products: (CardProduct & { id: string })[];
  locale: string;
  /** How many cards' pictures load at once: those in the first screen of a page that opens on the grid. */
  priorityFirst?: number;
}) {
  return (
    <ul className="grid">
      {products.map((product, i) => (
        <li key={product.id}>
          <ProductCard product={product} locale={locale} priority={i < priorityFirst} />
        </li>
      ))}
    </ul>
  );
}
