import 'server-only';
import type { CategoryList, Product, ProductPage, Recommendations } from '@sidecart/contracts';
import { callApi, queryString, type Caller } from './gateway';

/** Catalog reads are anonymous by default: anyone may browse. */
export async function listProducts(
  query: Record<string, string | undefined>,
  caller: Caller = null,
): Promise<ProductPage> {
  return (await callApi<ProductPage>(caller, `/products?${queryString(query)}`)).body;
}

export async function listCategories(): Promise<CategoryList['items']> {
  return (await callApi<CategoryList>(null, '/categories')).body.items;
}

export async function findProduct(idOrSlug: string): Promise<Product | null> {
  const answer = await callApi<Product>(null, `/products/${encodeURIComponent(idOrSlug)}`, {
    accept: [404, 400],
  });
  return answer.status === 200 ? answer.body : null;
}

/**
 * "Customers also bought" for a product (the recommendations service, through the gateway). The
 * product page shows it only when there is something to show: an error leaves it out.
 */
export async function findRecommendations(productId: string): Promise<Recommendations['items']> {
  try {
    const answer = await callApi<Recommendations>(
      null,
      `/products/${encodeURIComponent(productId)}/recommendations`,
    );
    return answer.body.items;
  } catch {
    return [];
  }
}

/** Category slugs read as words: `home-kitchen` → "Home kitchen". */
export const categoryName = (slug: string) => {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
