import 'server-only';
import type { Product } from '@sidecart/contracts';

/**
 * The shop's public address, for what search engines read: canonical URLs, the sitemap, robots.txt
 * and structured data. `SITE_URL` (e.g. https://shop.example), else NextAuth's `NEXTAUTH_URL`,
 * which `npm start` sets to http://localhost:3000.
 */
export const siteUrl = (): string =>
  (process.env.SITE_URL ?? process.env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

/** A path of the shop as an absolute URL. */
export const absoluteUrl = (path: string) => `${siteUrl()}${path}`;

export const productPath = (slug: string) => `/products/${encodeURIComponent(slug)}`;
export const categoryPath = (category: string) => `/search?category=${encodeURIComponent(category)}`;

/**
 * schema.org `Product` with its `Offer` (JSON-LD) for a product page: name, SKU, description,
 * pictures, category, and the offer's price (major units as text, so no float creeps in),
 * currency, stock and address.
 */
export function productJsonLd(product: Product): Record<string, unknown> {
  const major = (product.price.amount / 100).toFixed(2);
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    sku: product.sku,
    ...(product.description ? { description: product.description } : {}),
    ...(product.images.length > 0 ? { image: product.images } : {}),
    ...(product.categories[0] ? { category: product.categories[0] } : {}),
    url: absoluteUrl(productPath(product.slug)),
    offers: {
      '@type': 'Offer',
      price: major,
      priceCurrency: product.price.currency,
      availability:
        product.stock.available > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      url: absoluteUrl(productPath(product.slug)),
    },
  };
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no text can close the script. */
export const jsonLdText = (data: unknown) => JSON.stringify(data).replace(/</g, '\\u003c');
