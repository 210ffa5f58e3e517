import type { MetadataRoute } from 'next';
import type { Product } from '@sidecart/contracts';
import { listCategories, listProducts } from '@/lib/catalog';
import { absoluteUrl, categoryPath, productPath } from '@/lib/site';

/**
 * `/sitemap.xml`: the home page, every category with products on sale, and every product on sale
 * (the gateway's anonymous catalog, 100 a page), rendered per request: an archived product leaves
 * it as soon as the catalog's own bound allows (docs/architecture.md, "Catalog reads").
 */
export const dynamic = 'force-dynamic';

/** Far above the demo catalog; the sitemap protocol allows 50,000 addresses in one file. */
const MAX_PRODUCTS = 45_000;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const products: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = await listProducts({ limit: '100', sort: 'newest', cursor });
    products.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && products.length < MAX_PRODUCTS);
  const categories = await listCategories();
  return [
    { url: absoluteUrl('/'), changeFrequency: 'daily' },
    ...categories.map((c) => ({
      url: absoluteUrl(categoryPath(c.category)),
      changeFrequency: 'daily' as const,
    })),
    ...products.map((p) => ({ url: absoluteUrl(productPath(p.slug)), lastModified: p.updatedAt })),
  ];
}
