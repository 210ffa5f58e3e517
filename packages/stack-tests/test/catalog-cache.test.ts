/**
 * The catalog's read caches through the real stack: the product service's read model and the
 * gateway's cache of anonymous reads. A shopper sees a new price within the stated bound
 * (docs/architecture.md, "Catalog reads"), whichever product service instance wrote it; the
 * read model answers exactly as the database does; revalidation answers 304, and nobody with
 * a token is ever answered from the shared cache.
 */
import { MongoClient, ObjectId } from 'mongodb';
import { ADMIN, createProduct } from '../src/shop';
import { GATEWAY, eventually, localSecrets } from '../src/stack';
import { tokenFor } from '../src/tokens';

/**
 * The product service's read model answers only while its last refresh began less than 2 s
 * ago (CATALOG_MAX_AGE_MS), the gateway keeps answers 2 s (CATALOG_CACHE_TTL_MS) and browsers
 * may keep them 1 s more.
 */
const STALENESS_BOUND_MS = 5000;

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

describe('the product service’s catalog read model', () => {
  it('shows a change another instance wrote within the stated bound, in search, list and product page', async () => {
    const product = await createProduct(5, 2500);
    const search = `/products?q=${product.sku.toLowerCase()}`;
    // Until the read model has the new product, search falls short of it; then it shows the price.
    await eventually(
      async () => ((await get(search)).body.items[0]?.price.amount === 2500 ? true : undefined),
      {
        within: STALENESS_BOUND_MS,
        what: 'the new product in search',
      },
    );

    // Another replica's edit: written straight into the database and logged as every instance
    // logs its writes (catalog_changes), so this instance learns of it only by its own refresh.
    const client = new MongoClient(localSecrets().PRODUCT_MONGO_URL!, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    try {
      const db = client.db();
      const _id = new ObjectId(product.id);
      const updated = await db
        .collection('products')
        .updateOne({ _id }, { $set: { 'price.amount': 2222, updatedAt: new Date() } });
      expect(updated.modifiedCount).toBe(1);
      const doc = await db.collection('products').findOne({ _id });
      const at = Date.now();
      await db
        .collection('catalog_changes')
        .insertOne({ second: Math.floor(at / 1000), at, productId: product.id, doc });
    } finally {
      await client.close();
    }

    const paths = [
      search,
      `/products/${product.slug}`,
      '/products?limit=100&sort=price_asc&minPrice=2222&maxPrice=2222',
    ];
    await eventually(
      async () => {
        const prices = await Promise.all(
          paths.map(async (path) => {
            const { body } = await get(path);
            return path.startsWith('/products?')
              ? body.items.find((p: { id: string }) => p.id === product.id)?.price.amount
              : body.price.amount;
          }),
        );
        return prices.every((p) => p === 2222) ? true : undefined;
      },
      STALENESS_BOUND_MS,
      'the other instance’s price on every anonymous read',
    );
  });

  it('answers lists, searches and categories as the database does', async () => {
    const admin = { authorization: `Bearer ${await tokenFor(ADMIN)}` };
    const categories = (await get('/categories')).body.items as { category: string }[];
    const queries = [
      'limit=7',
      'limit=13&sort=price_asc',
      'limit=13&sort=price_desc&inStock=true',
      `limit=9&category=${categories[0]!.category}`,
      `limit=9&category=${categories[1]!.category}&sort=price_asc&minPrice=1000&maxPrice=9000`,
      'limit=5&q=mug',
      'limit=5&q=nord',
      'limit=5&q=teapot&sort=newest',
      'limit=50&q=classic%20mu',
    ];
    // Every page of each query, anonymously (the read model) and as the admin (the database).
    const pages = async (query: string, headers: Record<string, string>) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(
          `/products?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          headers,
        );
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    for (const query of queries) {
      // Stock may still be settling from earlier tests (in-stock filter): compare until both agree.
      await eventually(
        async () => {
          const [view, database] = [await pages(query, {}), await pages(query, admin)];
          if (!query.includes('%20')) expect(database.length).toBeGreaterThan(0);
          return JSON.stringify(view) === JSON.stringify(database) ? true : undefined;
        },
        STALENESS_BOUND_MS * 2,
        `the same answer to ${query}`,
      );
    }
    expect((await get('/categories')).body).toEqual((await get('/categories', admin)).body);
  });
});
