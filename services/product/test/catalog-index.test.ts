import { CatalogIndex, type CatalogFilter, type Listable } from '../src/domain/catalog-index';
import type { Cursor } from '../src/domain/cursor';
import { queryWords, relevance, searchTermsOf } from '../src/domain/search';

type Doc = Listable & { active: boolean };

const hex = (n: number) => n.toString(16).padStart(24, '0');
const NAMES = ['Nordic Mug', 'Stone Bowl', 'Linen Apron', 'Mug Tree', 'Tea Towel', 'Nord Lamp', 'Oak Board'];
const CATEGORIES = ['kitchen', 'home', 'garden', 'tableware'];

/** A catalog with ties on price and creation time, so orders depend on the id tie-break. */
function catalog(n: number): Doc[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `${NAMES[i % NAMES.length]} ${i % 5 === 0 ? 'Deluxe' : ''}`.trim();
    const description = i % 3 === 0 ? 'A mug-friendly shelf for tea lovers.' : 'Made in Porto.';
    const categories = [CATEGORIES[i % 4]!, ...(i % 6 === 0 ? [CATEGORIES[(i + 1) % 4]!] : [])];
    const sku = `SKU-${i}`;
    return {
      _id: { toHexString: () => hex((i * 7919) % 1000) },
      slug: `p-${i}`,
      name,
      description,
      categories,
      price: { amount: 500 + (i % 9) * 250 },
      stock: { available: i % 4 === 0 ? 0 : i, seq: 1 },
      searchTerms: searchTermsOf({ sku, name, description, categories, attributes: {} }),
      createdAt: new Date(1_700_000_000_000 + Math.floor(i / 3) * 1000),
      active: i % 11 !== 5,
    };
  });
}

/** What the database queries of store/catalog.ts return, written out plainly. */
function reference(docs: Doc[], filter: CatalogFilter, sort: 'newest' | 'price_asc' | 'price_desc') {
  const id = (d: Doc) => d._id.toHexString();
  const cmpId = (a: Doc, b: Doc) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  const order = {
    newest: (a: Doc, b: Doc) => b.createdAt.getTime() - a.createdAt.getTime() || cmpId(b, a),
    price_asc: (a: Doc, b: Doc) => a.price.amount - b.price.amount || cmpId(a, b),
    price_desc: (a: Doc, b: Doc) => b.price.amount - a.price.amount || cmpId(b, a),
  }[sort];
  return docs
    .filter(
      (d) =>
        d.active &&
        (filter.category === undefined || d.categories.includes(filter.category)) &&
        (filter.minPrice === undefined || d.price.amount >= filter.minPrice) &&
        (filter.maxPrice === undefined || d.price.amount <= filter.maxPrice) &&
        (filter.inStock !== 'true' || d.stock.available > 0) &&
        (filter.inStock !== 'false' || d.stock.available <= 0) &&
        filter.terms.every((t) => d.searchTerms.some((w) => w.startsWith(t))),
    )
    .sort(order)
    .map(id);
}

function allPages(
  index: CatalogIndex<Doc>,
  filter: CatalogFilter,
  sort: 'relevance' | 'newest' | 'price_asc' | 'price_desc',
  limit: number,
) {
  const seen: string[] = [];
  let cursor: Cursor | null = null;
  do {
    const page: ReturnType<typeof index.keysetPage> =
      sort === 'relevance'
        ? index.rankedPage(filter, cursor, limit)
        : index.keysetPage(filter, sort, cursor, limit);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((d) => d._id.toHexString()));
    cursor = page.next;
  } while (cursor);
  return seen;
}

describe('the catalog index', () => {
  const docs = catalog(120);
  const index = new CatalogIndex<Doc>();
  index.replaceAll(docs.filter((d) => d.active));

  const filters: CatalogFilter[] = [
    { terms: [] },
    { terms: [], category: 'kitchen' },
    { terms: [], minPrice: 750, maxPrice: 1500 },
    { terms: [], inStock: 'true' },
    { terms: [], inStock: 'false', category: 'home' },
    { terms: ['mug'] },
    { terms: ['nor'] },
    { terms: ['mug', 'deluxe'], category: 'kitchen' },
    { terms: ['zzz'] },
  ];

  it.each(['newest', 'price_asc', 'price_desc'] as const)(
    'pages through the %s order exactly as the database query does, for every filter',
    (sort) => {
      for (const filter of filters) {
        const expected = reference(docs, filter, sort);
        for (const limit of [1, 7, 20, 100]) expect(allPages(index, filter, sort, limit)).toEqual(expected);
      }
    },
  );

  it('finds a product when each query word starts one of its words, ranked as the service ranks', () => {
    expectSearchesAsReference(index, docs);
  });

  it('keeps answering as the database after products join, leave, move and change words', () => {
    const changed = docs.map((d, i) => {
      if (i % 10 === 1) return { ...d, price: { amount: 100 + i } };
      if (i % 10 === 2) return { ...d, active: !d.active };
      if (i % 10 === 3) return { ...d, createdAt: new Date(d.createdAt.getTime() + 5000 * i) };
      if (i % 10 === 4) {
        const name = `Porto Mug ${i}`;
        const more = {
          sku: `SKU-${i}`,
          name,
          description: d.description,
          categories: ['garden'],
          attributes: {},
        };
        return { ...d, name, categories: more.categories, searchTerms: searchTermsOf(more) };
      }
      if (i % 10 === 6) return { ...d, stock: { available: d.stock.available ? 0 : 3, seq: 2 } };
      return d;
    });
    const local = new CatalogIndex<Doc>();
    local.replaceAll(docs.filter((d) => d.active));
    local.apply(changed.map((doc) => ({ doc, active: doc.active })));
    for (const sort of ['newest', 'price_asc', 'price_desc'] as const)
      for (const filter of filters)
        expect(allPages(local, filter, sort, 7)).toEqual(reference(changed, filter, sort));
    expectSearchesAsReference(local, changed);
    // A full reload that finds the same catalog leaves the same answers.
    local.replaceAll(changed.filter((d) => d.active));
    expect(allPages(local, { terms: [] }, 'newest', 9)).toEqual(reference(changed, { terms: [] }, 'newest'));
  });

  function expectSearchesAsReference(index: CatalogIndex<Doc>, docs: Doc[]) {
    for (const [q, inStock] of [
      ['mug', undefined],
      ['nor', undefined],
      ['tea lov', undefined],
      ['deluxe mug', undefined],
      ['sku', undefined],
      ['porto', undefined],
      ['mug', 'true'],
      ['sku', 'false'],
    ] as const) {
      const terms = queryWords(q);
      const matches = docs.filter(
        (d) =>
          d.active &&
          (inStock !== 'true' || d.stock.available > 0) &&
          (inStock !== 'false' || d.stock.available <= 0) &&
          terms.every((t) => d.searchTerms.some((w) => w.startsWith(t))),
      );
      expect(matches.length).toBeGreaterThan(0);
      const id = (d: Doc) => d._id.toHexString();
      const expected = matches
        .map((d) => ({ id: id(d), score: relevance(terms, d) }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .map((r) => r.id);
      expect(allPages(index, { terms, ...(inStock ? { inStock } : {}) }, 'relevance', 5)).toEqual(expected);
    }
  }

  it('counts active products per category, each listed category once per product', () => {
    const counts = new Map<string, number>();
    for (const d of docs.filter((x) => x.active))
      for (const c of d.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(index.categories()).toEqual(
      [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([category, count]) => ({ category, count })),
    );
  });

  it('applies changes: a new price moves a product, archiving removes it, a stock change shows at once', () => {
    const local = new CatalogIndex<Doc>();
    local.replaceAll(docs.filter((d) => d.active));
    const [first, second, third] = local.keysetPage({ terms: [] }, 'price_desc', null, 3).items;
    const cheapest = local.keysetPage({ terms: [] }, 'price_asc', null, 1).items[0]!;

    local.apply([
      { doc: { ...cheapest, price: { amount: 1_000_000 } }, active: true },
      { doc: first!, active: false },
      { doc: { ...second!, stock: { available: 0, seq: 2 } }, active: true },
    ]);
    const top = local.keysetPage({ terms: [] }, 'price_desc', null, 3).items;
    expect(top.map((d) => d._id.toHexString())).toEqual(
      [cheapest, second, third].map((d) => d!._id.toHexString()),
    );
    expect(top[1]!.stock.available).toBe(0);
    expect(local.bySlug(first!.slug)).toBeUndefined();
    expect(local.bySlug(cheapest.slug)!.price.amount).toBe(1_000_000);
    expect(local.byId(first!._id.toHexString())).toBeUndefined();
    expect(local.byId(cheapest._id.toHexString())!.price.amount).toBe(1_000_000);
    expect(local.byId(second!._id.toHexString())!.stock.available).toBe(0);
    expect(local.size).toBe(index.size - 1);
  });
});
