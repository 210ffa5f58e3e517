/**
 * The catalog through the public gateway, as the storefront and an admin's browser call it
 * (real tokens, the route table, the rate limits): the demo seed, search without a text index,
 * filters, keyset pagination, detail pages and admin edits, on FerretDB. Each test makes the
 * products it looks for, under a word or category only it uses, so nothing depends on what
 * earlier tests or runs left in the catalog.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { api } from '../src/api';
import { unique } from '../src/services';
import { fromNewClient, newAdmin, newShopper } from '../src/shop';
import { eventually, localSecrets, sidecarUrl } from '../src/stack';

const mongo = new MongoClient(localSecrets().PRODUCT_MONGO_URL!, { serverSelectionTimeoutMS: 5000 });
afterAll(() => mongo.close());
const products = () => mongo.db().collection('products');

/** This file's anonymous visitor: one client address, so its reads have their own budget. */
const visitor = fromNewClient();
const browse = (path: string) => api('GET', path, undefined, undefined, visitor);

/**
 * Anonymous reads may lag a write by the catalog's stated bound (the product service's read
 * model, then the gateway's short cache; docs/architecture.md): checks after a write wait that long.
 */
const AFTER_A_WRITE = { within: 10_000 };

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
  const res = await api('POST', '/products', newAdmin(), newProduct(overrides));
  expect(res.status).toBe(201);
  return res.body;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- product bodies are checked by the assertions
type Item = any;

/** Follows nextCursor to the end (at most `maxPages`) and returns every item in order. */
async function allPages(
  query: string,
  maxPages = 20,
): Promise<{ ids: string[]; pages: number; items: Item[] }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await browse(`/products?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < maxPages);
  return { ids: items.map((p) => p.id), pages, items };
}

/** Waits until a search for `query` finds exactly `count` products (the read model caught up). */
const untilFound = (query: string, count: number) =>
  eventually(
    async () => {
      const res = await browse(`/products?${query}&limit=100`);
      return res.body.items.length === count ? res.body.items : undefined;
    },
    { ...AFTER_A_WRITE, what: `${count} products for ${query}` },
  );

describe('demo catalog', () => {
  it('is loaded at first start: 240 demo products in at least 8 categories', async () => {
    const res = await browse('/categories');
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

    const found = await untilFound(`q=${word.slice(0, -2)}`, 2);
    expect(found.map((p: { id: string }) => p.id)).toEqual([inName.id, inDescription.id]);
  });

  it('matches accents and case the way shoppers type', async () => {
    const word = `cafe${unique()}`;
    const made = await create({ name: `Crème ${word.toUpperCase()} Mug` });
    const found = await untilFound(`q=${encodeURIComponent(`creme ${word}`)}`, 1);
    expect(found.map((p: { id: string }) => p.id)).toEqual([made.id]);
  });

  it('pagination by relevance visits every match exactly once, name matches first', async () => {
    const word = `pg${unique()}`;
    const inName = [];
    const inDescription = [];
    for (let i = 0; i < 4; i++) inName.push((await create({ name: `${word} Cup ${i}` })).id);
    for (let i = 0; i < 3; i++)
      inDescription.push((await create({ name: `Saucer ${i}`, description: `Fits the ${word} cup.` })).id);
    await untilFound(`q=${word}`, 7);

    const { ids, pages } = await allPages(`q=${word}&limit=2`);
    expect(pages).toBe(4);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
    expect(new Set(ids.slice(0, 4))).toEqual(new Set(inName));
    expect(new Set(ids.slice(4))).toEqual(new Set(inDescription));
  });

  it('pagination by price visits every product of a category once, in price order, ties included', async () => {
    const category = `price-walk-${unique()}`;
    const amounts = [4100, 1200, 2999, 1200, 800, 2999, 5000, 1200];
    const made = [];
    for (const amount of amounts)
      made.push((await create({ categories: [category], price: { amount, currency: 'EUR' } })).id);
    await untilFound(`category=${category}`, amounts.length);

    const { ids, items, pages } = await allPages(`category=${category}&sort=price_asc&limit=3`);
    expect(pages).toBe(3);
    expect(new Set(ids)).toEqual(new Set(made));
    expect(ids).toHaveLength(amounts.length);
    expect(items.map((p) => p.price.amount)).toEqual([...amounts].sort((a, b) => a - b));
  });

  it('filters by category, price range and stock', async () => {
    const category = `filter-${unique()}`;
    const cheap = await create({ categories: [category], price: { amount: 1500, currency: 'EUR' } });
    const inRange = await create({ categories: [category], price: { amount: 3000, currency: 'EUR' } });
    const soldOut = await create({
      categories: [category],
      price: { amount: 3500, currency: 'EUR' },
      onHand: 0,
    });
    const dear = await create({ categories: [category], price: { amount: 9000, currency: 'EUR' } });
    await create({ categories: ['test-catalog'], price: { amount: 3000, currency: 'EUR' } });
    await untilFound(`category=${category}`, 4);

    const inStock = await browse(`/products?category=${category}&minPrice=2000&maxPrice=6000&inStock=true`);
    expect(inStock.status).toBe(200);
    expect(inStock.body.items.map((p: { id: string }) => p.id)).toEqual([inRange.id]);
    expect(inStock.body.items[0].stock.available).toBe(5);
    const none = await browse(`/products?category=${category}&inStock=false`);
    expect(none.body.items.map((p: { id: string }) => p.id)).toEqual([soldOut.id]);
    expect(none.body.items[0].stock.available).toBe(0);
    const all = await browse(`/products?category=${category}&sort=price_asc`);
    expect(all.body.items.map((p: { id: string }) => p.id)).toEqual([
      cheap.id,
      inRange.id,
      soldOut.id,
      dear.id,
    ]);
  });

  it('refuses a cursor made for another sort', async () => {
    const first = await browse('/products?sort=price_asc&limit=2');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const res = await browse(`/products?sort=newest&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('cursor');
  });
});

describe('product detail and admin edits', () => {
  it('shows a product by id and by slug; unknown is 404, malformed id is 400', async () => {
    const made = await create();
    expect((await browse(`/products/${made.id}`)).body).toMatchObject({ sku: made.sku });
    expect((await browse(`/products/${made.slug}`)).body.id).toBe(made.id);
    expect((await browse('/products/0123456789abcdef01234567')).status).toBe(404);
    expect((await browse('/products/no-such-slug-anywhere')).status).toBe(404);
    const malformed = await browse('/products/Not_An_Id!');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('id');
  });

  it("prices a whole cart in one call: known products in the order asked, unknown and archived left out (the order service's call, sidecar boundary)", async () => {
    const [a, b, archived] = [await create(), await create(), await create()];
    expect((await api('POST', `/products/${archived.id}/archive`, newAdmin())).status).toBe(200);
    const unknown = '0123456789abcdef01234567';
    // No public route: the order service prices carts with this call through its own sidecar.
    const byIds = async (ids: string) => {
      const res = await fetch(`${sidecarUrl('order')}/invoke/product/method/products/by-ids?ids=${ids}`);
      return { status: res.status, body: (await res.json()) as Item };
    };
    const res = await byIds([b.id, unknown, a.id, archived.id, b.id].join(','));
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    expect(res.body.items[0]).toMatchObject({ sku: b.sku, price: b.price, active: true });
    const malformed = await byIds(`${a.id},nope`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toMatch(/^ids/);
  });

  it('only admins create, edit and archive; archived products leave the shop', async () => {
    const body = newProduct();
    expect((await api('POST', '/products', undefined, body, visitor)).status).toBe(401);
    expect((await api('POST', '/products', newShopper(), body)).status).toBe(403);
    expect(await products().countDocuments({ sku: body.sku })).toBe(0);

    const word = `arch${unique()}`;
    const made = await create({ name: `${word} Lamp` });
    const admin = newAdmin();
    const edited = await api('PATCH', `/products/${made.id}`, admin, {
      price: { amount: 2500, currency: 'EUR' },
      description: 'Now brighter.',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ price: { amount: 2500 }, description: 'Now brighter.' });
    const [found] = await untilFound(`q=brighter%20${word}`, 1);
    expect(found.price.amount).toBe(2500);

    const archived = await api('POST', `/products/${made.id}/archive`, admin);
    expect(archived.body.active).toBe(false);
    await eventually(async () => ((await browse(`/products/${made.id}`)).status === 404 ? true : undefined), {
      ...AFTER_A_WRITE,
      what: 'the archived product to leave the shop',
    });
    expect((await api('GET', `/products/${made.id}`, admin)).status).toBe(200);
    await untilFound(`q=${word}`, 0);
  });

  it('a duplicate sku is 409, and the first product is unchanged', async () => {
    const made = await create();
    const res = await api('POST', '/products', newAdmin(), newProduct({ sku: made.sku, name: 'Impostor' }));
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await products().countDocuments({ sku: made.sku })).toBe(1);
    expect((await browse(`/products/${made.id}`)).body.name).toBe(made.name);
  });

  it('adjusts stock with a reason, and never below what is reserved', async () => {
    const made = await create({ onHand: 3 });
    const admin = newAdmin();
    const up = await api('POST', `/products/${made.id}/stock`, admin, {
      delta: 7,
      reason: 'RESTOCK',
      note: 'pallet 12',
    });
    expect(up.body.stock).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const tooMuch = await api('POST', `/products/${made.id}/stock`, admin, { delta: -11, reason: 'LOST' });
    expect(tooMuch.status).toBe(409);
    expect((await api('GET', `/products/${made.id}`, admin)).body.stock.onHand).toBe(10);
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
    const name = `Refused ${randomUUID()}`;
    const body = newProduct({ name, ...overrides });
    const res = await api('POST', '/products', newAdmin(), body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    expect(await products().countDocuments({ $or: [{ sku: body.sku }, { name }] })).toBe(0);
  });

  it.each([
    ['negative minPrice', 'minPrice=-1', 'minPrice'],
    ['minPrice above maxPrice', 'minPrice=500&maxPrice=100', 'minPrice'],
    ['unknown sort', 'sort=cheapest', 'sort'],
    ['limit too big', 'limit=1000', 'limit'],
    ['unknown parameter', 'colour=red', 'colour'],
    ['oversized query', `q=${'a'.repeat(101)}`, 'q'],
  ])('listing with %s', async (_what, query, field) => {
    const res = await browse(`/products?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('an update with a bad field changes nothing', async () => {
    const made = await create();
    const admin = newAdmin();
    const res = await api('PATCH', `/products/${made.id}`, admin, {
      name: 'Renamed',
      price: { amount: -5, currency: 'EUR' },
    });
    expect(res.status).toBe(400);
    expect((await api('GET', `/products/${made.id}`, admin)).body).toMatchObject({
      name: made.name,
      price: made.price,
    });
  });

  it('a stock adjustment without a reason is refused and moves nothing', async () => {
    const made = await create({ onHand: 4 });
    const admin = newAdmin();
    const res = await api('POST', `/products/${made.id}/stock`, admin, { delta: 5 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('reason');
    expect((await api('GET', `/products/${made.id}`, admin)).body.stock.onHand).toBe(4);
  });
});
