import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProductImage } from '@/components/ProductImage';
import { StockLabel } from '@/components/StockLabel';
import { categoryName, findProduct } from '@/lib/catalog';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';
import { AddToCart } from './AddToCart';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await findProduct((await params).slug);
  return { title: product?.name ?? 'Product not found' };
}

export default async function ProductPage({ params }: Props) {
  const { slug } = await params;
  const [product, locale] = await Promise.all([findProduct(slug), shopperLocale()]);
  if (!product || !product.active) notFound();
  const attributes = Object.entries(product.attributes);
  return (
    <article className="product-detail">
      <ProductImage src={product.images[0]} name={product.name} />
      <div>
        <nav aria-label="Categories">
          <ul className="chips">
            {product.categories.map((c) => (
              <li key={c}>
                <Link href={`/search?category=${encodeURIComponent(c)}`}>{categoryName(c)}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <h1>{product.name}</h1>
        <p className="price">{formatMoney(product.price, locale)}</p>
        <p>
          <StockLabel available={product.stock.available} />
        </p>
        <AddToCart
          productId={product.id}
          available={product.stock.available}
          returnTo={`/products/${product.slug}`}
        />
        <h2>Description</h2>
        <p>{product.description || 'No description yet.'}</p>
        {attributes.length > 0 && (
          <>
            <h2>Details</h2>
            <dl>
              {attributes.map(([key, value]) => (
                <div key={key} className="row">
                  <dt className="muted">{key}</dt>
                  <dd style={{ margin: 0 }}>{value}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <p className="muted">SKU {product.sku}</p>
      </div>
    </article>
  );
}
