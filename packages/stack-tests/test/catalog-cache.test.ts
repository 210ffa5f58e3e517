/**
 * The gateway's cache of anonymous catalog reads, through the real stack: a shopper sees a
 * new price within the stated bound (docs/architecture.md, "Catalog reads"), revalidation
 * answers 304, and nobody with a token is ever answered from the shared cache.
 */
import { ADMIN, createProduct } from '../src/shop';
import { GATEWAY, eventually } from '../src/stack';
import { tokenFor } from '../src/tokens';

/** The gateway keeps answers 2 s (CATALOG_CACHE_TTL_MS) and browsers may keep them 1 s more. */
const STALENESS_BOUND_MS = 3000;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${GATEWAY}/api/v1${path}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('anonymous catalog reads through the gateway', () => {
  let product: { id: string; sku: string };
  let slug: string;

  beforeAll(async () => {
    product = await createProduct(5, 1500);
    slug = (await get(`/products/${product.id}`)).body.slug;
  });

  it('carry an ETag and Cache-Control, and a client sending the ETag back gets 304', async () => {
    const first = await get(`/products/${slug}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1');
    expect(first.headers.get('vary')).toMatch(/authorization/i);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    // The catalog does not change between these two reads, so the validator still matches.
    const again = await fetch(`${GATEWAY}/api/v1/products/${slug}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('show an admin’s price change to shoppers within the stated bound', async () => {
    const search = `/products?q=${product.sku.toLowerCase()}`;
    const paths = [`/products/${product.id}`, `/products/${slug}`, search];
    // Warm every entry with the old price.
    for (const path of paths) {
      const res = await get(path);
      const seen = path === search ? res.body.items[0]?.price.amount : res.body.price.amount;
      expect(seen).toBe(1500);
    }
    const oldEtag = (await get(`/products/${slug}`)).headers.get('etag')!;

    const admin = `Bearer ${await tokenFor(ADMIN)}`;
    const patched = await fetch(`${GATEWAY}/api/v1/products/${product.id}`, {
      method: 'PATCH',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ price: { amount: 1234, currency: 'EUR' } }),
    });
    expect(patched.status).toBe(200);

    // Requests with a token never take the shared answer: the admin sees the change at once.
    expect((await get(`/products/${slug}`, { authorization: admin })).body.price.amount).toBe(1234);

    await eventually(
      async () => {
        const prices = await Promise.all(
          paths.map(async (path) => {
            const res = await get(path);
            return path === search ? res.body.items[0]?.price.amount : res.body.price.amount;
          }),
        );
        return prices.every((p) => p === 1234) ? true : undefined;
      },
      STALENESS_BOUND_MS,
      'the new price on every anonymous read',
    );
    // The old validator no longer matches: a revalidating client gets the new body.
    const revalidated = await fetch(`${GATEWAY}/api/v1/products/${slug}`, {
      headers: { 'if-none-match': oldEtag },
    });
    expect(revalidated.status).toBe(200);
    expect(((await revalidated.json()) as { price: { amount: number } }).price.amount).toBe(1234);
  });
});
