import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProductImage } from '@/components/ProductImage';
import { StockLabel } from '@/components/StockLabel';
import { categoryName, findProduct, findRecommendations } from '@/lib/catalog';
import { formatMoney } from '@/lib/money';
import { AddToCart } from '@/components/AddToCart';
import { AlsoBought } from '@/components/AlsoBought';
import { absoluteUrl, jsonLdText, productJsonLd, productPath } from '@/lib/site';

export async function productMetadata(slug: string): Promise<Metadata> {
  const product = await findProduct(slug);
  if (!product) return { title: 'Product not found' };
  // One address per product for search engines, whichever way the page was reached.
  return { title: product.name, alternates: { canonical: absoluteUrl(productPath(product.slug)) } };
}

/** A product page in `locale`: per request for a signed-in shopper, cached for the signed-out. */
export async function ProductPage({ slug, locale }: { slug: string; locale: string }) {
  const product = await findProduct(slug);
  if (!product || !product.active) notFound();
  const attributes = Object.entries(product.attributes);
  // Read with the page, not after it: the section is in the first paint or not at all (no shift).
  const alsoBought = await findRecommendations(product.id);
  return (
    <>
      <script
        type="application/ld+json"
        // Structured data for search engines (schema.org Product and Offer).
        dangerouslySetInnerHTML={{ __html: jsonLdText(productJsonLd(product)) }}
      />
      <article className="product-detail">
        <ProductImage src={product.images[0]} name={product.name} size="page" />
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
          <AddToCart productId={product.id} available={product.stock.available} />
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
      <AlsoBought items={alsoBought} locale={locale} />
    </>
  );
}
