import Link from 'next/link';
import type { Product } from '@sidecart/contracts';
import { formatMoney } from '@/lib/money';
import { ProductImage } from './ProductImage';
import { StockLabel } from './StockLabel';

/** What a card shows: a listing's product, or one without stock figures (a recommendation). */
type CardProduct = Pick<Product, 'slug' | 'name' | 'images' | 'price'> & { stock?: Product['stock'] };

export function ProductCard({ product, locale }: { product: CardProduct; locale: string }) {
  return (
    <article className="card">
      <Link href={`/products/${product.slug}`}>
        <ProductImage src={product.images[0]} name={product.name} />
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
}: {
  products: (CardProduct & { id: string })[];
  locale: string;
}) {
  return (
    <ul className="grid">
      {products.map((product) => (
        <li key={product.id}>
          <ProductCard product={product} locale={locale} />
        </li>
      ))}
    </ul>
  );
}
