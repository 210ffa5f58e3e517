/**
 * The catalog through real Dapr service invocation on FerretDB: the demo seed, search
 * without a text index, filters, keyset pagination, detail pages and admin edits.
 */
import { MongoClient } from 'mongodb';
import { localSecrets } from '../src/stack';
import { admin, invoke, shopper, unique } from '../src/services';

const mongo = new MongoClient(localSecrets().PRODUCT_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });
afterAll(() => mongo.close());
const products = () => mongo.db().collection('products');

const newProduct = (overrides: Record<string, unknown> = {}) => ({
  sku: `T-${unique().toUpperCase()}`,
  name: 'Test Product',
  description: 'Plain test product.',
  categories: ['test-catalog'],
  price: { amount: 1999, currency: 'EUR' },
  onHand: 5,
  ...overrides,
});

async function create(overrides: Record<string, unknown> = {}) {
  const res = await invoke('product', 'products', { method: 'POST', body: newProduct(overrides), as: admin });
  expect(res.status).toBe(201);
  return res.body;
}

/** Follows nextCursor to the end and returns every item id in order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- product bodies are checked by the assertions
type Item = any;

async function allPages(query: string): Promise<{ ids: string[]; pages: number; items: Item[] }> {
  const ids: string[] = [];
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await invoke('product', `products?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((p: { id: string }) => p.id));
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages, items };
}

describe('demo catalog', () => {
  it('is loaded at first start: at least 200 products in at least 8 categories', async () => {
    const res = await invoke('product', 'categories');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(8);
    expect(await products().countDocuments({ sku: /^SC-/ })).toBe(240);
    const kitchen = res.body.items.find((c: { category: string }) => c.category === 'kitchen');
    expect(kitchen.count).toBe(await products().countDocuments({ categories: 'kitchen', active: true }));
  });
});

describe('search', () => {
  it('finds a word in the name or the description, by prefix, name matches first', async () => {
    const word = `zq${unique()}`;
    const inDescription = await create({ name: 'Plain Jug', description: `Goes well with ${word} tea.` });
    const inName = await create({ name: `${word} Teapot`, description: 'Cast iron.' });
    await create({ name: 'Unrelated Bowl' });

    const res = await invoke('product', `products?q=${word.slice(0, -2)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([inName.id, inDescription.id]);
  });

  it('matches accents and case the way shoppers type', async () => {
    const word = `cafe${unique()}`;
    const made = await create({ name: `Crème ${word.toUpperCase()} Mug` });
    const res = await invoke('product', `products?q=${encodeURIComponent(`creme ${word}`)}`);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([made.id]);
  });

  it('pagination by relevance visits every match exactly once', async () => {
    // Every seeded description says what the product is "made of".
    const { ids, pages } = await allPages('q=made&limit=40');
    const expected = await products().countDocuments({ active: true, searchTerms: /^made/ });
    expect(expected).toBeGreaterThanOrEqual(240);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it('pagination by price visits every active product once, in price order', async () => {
    const { ids, items } = await allPages('sort=price_asc&limit=50');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await products().countDocuments({ active: true }));
    const prices = items.map((p) => p.price.amount);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('filters by category, price range and stock', async () => {
    const res = await invoke(
      'product',
      'products?category=kitchen&minPrice=2000&maxPrice=6000&inStock=true&limit=100',
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const p of res.body.items) {
      expect(p.categories).toContain('kitchen');
      expect(p.price.amount).toBeGreaterThanOrEqual(2000);
      expect(p.price.amount).toBeLessThanOrEqual(6000);
      expect(p.stock.available).toBeGreaterThan(0);
    }
    const soldOut = await invoke('product', 'products?inStock=false&limit=100');
    expect(soldOut.body.items.length).toBeGreaterThan(0);
    for (const p of soldOut.body.items) expect(p.stock.available).toBe(0);
  });

  it('refuses a cursor made for another sort', async () => {
    const first = await invoke('product', 'products?sort=price_asc&limit=2');
    const res = await invoke('product', `products?sort=newest&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('cursor');
  });
});

describe('product detail and admin edits', () => {
  it('shows a product by id and by slug; unknown is 404, malformed id is 400', async () => {
    const made = await create();
    expect((await invoke('product', `products/${made.id}`)).body).toMatchObject({ sku: made.sku });
    expect((await invoke('product', `products/by-slug/${made.slug}`)).body.id).toBe(made.id);
    expect((await invoke('product', 'products/0123456789abcdef01234567')).status).toBe(404);
    const malformed = await invoke('product', 'products/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('id');
  });

  it('prices a whole cart in one call: known products in the order asked, unknown and archived left out', async () => {
    const [a, b, archived] = [await create(), await create(), await create()];
    expect(
      (await invoke('product', `products/${archived.id}/archive`, { method: 'POST', as: admin })).status,
    ).toBe(200);
    const unknown = '0123456789abcdef01234567';
    const res = await invoke(
      'product',
      `products/by-ids?ids=${[b.id, unknown, a.id, archived.id, b.id].join(',')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    expect(res.body.items[0]).toMatchObject({ sku: b.sku, price: b.price, active: true });
    const malformed = await invoke('product', `products/by-ids?ids=${a.id},nope`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toMatch(/^ids/);
  });

  it('only admins create, edit and archive; archived products leave the shop', async () => {
    const body = newProduct();
    expect((await invoke('product', 'products', { method: 'POST', body })).status).toBe(401);
    expect((await invoke('product', 'products', { method: 'POST', body, as: shopper('s1') })).status).toBe(
      403,
    );

    const word = `arch${unique()}`;
    const made = await create({ name: `${word} Lamp` });
    const edited = await invoke('product', `products/${made.id}`, {
      method: 'PATCH',
      body: { price: { amount: 2500, currency: 'EUR' }, description: 'Now brighter.' },
      as: admin,
    });
    expect(edited.body).toMatchObject({ price: { amount: 2500 }, description: 'Now brighter.' });
    expect((await invoke('product', `products?q=brighter%20${word}`)).body.items).toHaveLength(1);

    expect(
      (await invoke('product', `products/${made.id}/archive`, { method: 'POST', as: admin })).body.active,
    ).toBe(false);
    expect((await invoke('product', `products/${made.id}`)).status).toBe(404);
    expect((await invoke('product', `products/${made.id}`, { as: admin })).status).toBe(200);
    expect((await invoke('product', `products?q=${word}`)).body.items).toHaveLength(0);
  });

  it('a duplicate sku is 409', async () => {
    const made = await create();
    const res = await invoke('product', 'products', {
      method: 'POST',
      body: newProduct({ sku: made.sku }),
      as: admin,
    });
    expect(res.status).toBe(409);
  });

  it('adjusts stock with a reason, and never below what is reserved', async () => {
    const made = await create({ onHand: 3 });
    const up = await invoke('product', `products/${made.id}/stock-adjustments`, {
      method: 'POST',
      body: { delta: 7, reason: 'RESTOCK', note: 'pallet 12' },
      as: admin,
    });
    expect(up.body.stock).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const tooMuch = await invoke('product', `products/${made.id}/stock-adjustments`, {
      method: 'POST',
      body: { delta: -11, reason: 'LOST' },
      as: admin,
    });
    expect(tooMuch.status).toBe(409);
    expect((await invoke('product', `products/${made.id}`)).body.stock.onHand).toBe(10);
  });
});

describe('bad input: 400 naming the field, nothing written', () => {
  const long = 'x'.repeat(5001);
  const cases: [string, Record<string, unknown>, string][] = [
    ['missing name', { name: undefined }, 'name'],
    ['missing price', { price: undefined }, 'price'],
    ['price as a string', { price: { amount: '19.99', currency: 'EUR' } }, 'price.amount'],
    ['price as a float', { price: { amount: 19.99, currency: 'EUR' } }, 'price.amount'],
    ['negative price', { price: { amount: -1, currency: 'EUR' } }, 'price.amount'],
    ['unknown currency', { price: { amount: 100, currency: 'XXX' } }, 'price.currency'],
    ['oversized description', { description: long }, 'description'],
    ['unknown field', { colour: 'red' }, 'colour'],
    ['lower-case sku', { sku: 'abc-1' }, 'sku'],
    ['negative stock', { onHand: -5 }, 'onHand'],
    ['categories not a list', { categories: 'kitchen' }, 'categories'],
    ['image not a url', { images: ['nope'] }, 'images.0'],
  ];

  it.each(cases)('create with %s', async (_what, overrides, field) => {
    const body = newProduct(overrides);
    const res = await invoke('product', 'products', { method: 'POST', body, as: admin });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    if (typeof body.sku === 'string') expect(await products().countDocuments({ sku: body.sku })).toBe(0);
  });

  it.each([
    ['negative minPrice', 'minPrice=-1', 'minPrice'],
    ['minPrice above maxPrice', 'minPrice=500&maxPrice=100', 'minPrice'],
    ['unknown sort', 'sort=cheapest', 'sort'],
    ['limit too big', 'limit=1000', 'limit'],
    ['unknown parameter', 'colour=red', 'colour'],
    ['oversized query', `q=${'a'.repeat(101)}`, 'q'],
  ])('listing with %s', async (_what, query, field) => {
    const res = await invoke('product', `products?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('an update with a bad field changes nothing', async () => {
    const made = await create();
    const res = await invoke('product', `products/${made.id}`, {
      method: 'PATCH',
      body: { name: 'Renamed', price: { amount: -5, currency: 'EUR' } },
      as: admin,
    });
    expect(res.status).toBe(400);
    expect((await invoke('product', `products/${made.id}`)).body.name).toBe(made.name);
  });

  it('a stock adjustment without a reason is refused', async () => {
    const made = await create();
    const res = await invoke('product', `products/${made.id}/stock-adjustments`, {
      method: 'POST',
      body: { delta: 5 },
      as: admin,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('reason');
  });
});
