import type { ProductQuery, ProductSort } from '@sidecart/contracts';
import type { QueryFilter } from 'mongoose';
import { MAX_RANKED_MATCHES, type CatalogIndex } from '../domain/catalog-index';
import { decodeCursor, encodeCursor, pageByRelevance, type Cursor } from '../domain/cursor';
import { escapeRegex, queryWords, relevance } from '../domain/search';
import type { CatalogView } from './catalog-view';
import type { ProductDoc, ProductModel } from './products';

export type CatalogPage = { items: ProductDoc[]; nextCursor: string | null };

/**
 * `fromDatabase`: read the database itself, not the read model (admins see their own edits at
 * once, and archived products).
 */
export type ReadOptions = { fromDatabase?: boolean };

/**
 * Catalog reads: search, filters, keyset pages, category counts. Only active products.
 * Answered from this instance's read model (catalog-view.ts) while it is within its bound,
 * from the database otherwise; both give the same answers.
 */
export class CatalogQueries {
  constructor(
    private readonly products: ProductModel,
    private readonly view: CatalogView | null = null,
  ) {}

  private index(options: ReadOptions): CatalogIndex<ProductDoc> | null {
    return options.fromDatabase ? null : (this.view?.current() ?? null);
  }

  /** As `index`, for a read the database answers only by a scan: waits for a late refresh first. */
  private async settledIndex(options: ReadOptions): Promise<CatalogIndex<ProductDoc> | null> {
    return options.fromDatabase ? null : ((await this.view?.settled()) ?? null);
  }

  /** An active product by id, from the read model when it holds it; null when it does not. */
  byId(id: string, options: ReadOptions = {}): ProductDoc | null {
    return this.index(options)?.byId(id) ?? null;
  }

  /** An active product by slug, from the read model when it holds it; null when it does not. */
  bySlug(slug: string, options: ReadOptions = {}): ProductDoc | null {
    return this.index(options)?.bySlug(slug) ?? null;
  }

  async list(query: ProductQuery, options: ReadOptions = {}): Promise<CatalogPage> {
    const terms = queryWords(query.q);
    const sort: ProductSort = query.sort ?? (terms.length > 0 ? 'relevance' : 'newest');
    const effectiveSort = sort === 'relevance' && terms.length === 0 ? 'newest' : sort;
    let cursor: Cursor | null = null;
    if (query.cursor) {
      cursor = decodeCursor(query.cursor, effectiveSort);
    }
    const index = await this.settledIndex(options);
    if (index) {
      const filter = { ...query, terms };
      const page =
        effectiveSort === 'relevance'
          ? index.rankedPage(filter, cursor, query.limit)
          : index.keysetPage(filter, effectiveSort, cursor, query.limit);
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    }
    const filter = this.filterFor(query, terms);
    if (effectiveSort === 'relevance') return this.rankedPage(filter, terms, cursor, query.limit);
    return this.keysetPage(filter, effectiveSort, cursor, query.limit);
  }

  private filterFor(query: ProductQuery, terms: string[]): QueryFilter<ProductDoc> {
    const filter: QueryFilter<ProductDoc> = { active: true };
    if (query.category) filter.categories = query.category;
    if (query.minPrice !== undefined || query.maxPrice !== undefined) {
      filter['price.amount'] = {
        ...(query.minPrice !== undefined ? { $gte: query.minPrice } : {}),
        ...(query.maxPrice !== undefined ? { $lte: query.maxPrice } : {}),
      };
    }
    if (query.inStock === 'true') filter['stock.available'] = { $gt: 0 };
    if (query.inStock === 'false') filter['stock.available'] = { $lte: 0 };
    // Every query word must be the start of some word of the product (anchored regex: index-friendly).
    if (terms.length > 0) filter.$and = terms.map((t) => ({ searchTerms: { $regex: `^${escapeRegex(t)}` } }));
    return filter;
  }

  private async rankedPage(
    filter: QueryFilter<ProductDoc>,
    terms: string[],
    cursor: Cursor | null,
    limit: number,
  ): Promise<CatalogPage> {
    const matches = await this.products
      .find(filter, { name: 1, description: 1, categories: 1 })
      .sort({ _id: 1 })
      .limit(MAX_RANKED_MATCHES)
      .lean<Pick<ProductDoc, '_id' | 'name' | 'description' | 'categories'>[]>();
    const ranked = matches.map((m) => ({ id: m._id.toHexString(), score: relevance(terms, m) }));
    const { items, next } = pageByRelevance(ranked, cursor, limit);
    const docs = await this.products.find({ _id: { $in: items.map((i) => i.id) } }).lean<ProductDoc[]>();
    const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
    return {
      items: items.map((i) => byId.get(i.id)).filter((d): d is ProductDoc => d !== undefined),
      nextCursor: next ? encodeCursor(next) : null,
    };
  }

  private async keysetPage(
    filter: QueryFilter<ProductDoc>,
    sort: Exclude<ProductSort, 'relevance'>,
    cursor: Cursor | null,
    limit: number,
  ): Promise<CatalogPage> {
    const { order, keyOf, after } = KEYSETS[sort];
    const withCursor = cursor ? { ...filter, $or: after(cursor) } : filter;
    const docs = await this.products
      .find(withCursor)
      .sort(order)
      .limit(limit + 1)
      .lean<ProductDoc[]>();
    const items = docs.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      docs.length > limit && last
        ? encodeCursor({ sort, key: keyOf(last), id: last._id.toHexString() })
        : null;
    return { items, nextCursor };
  }

  /**
   * Active products with at most `threshold` units available (on hand less reserved), fewest first:
   * the admin dashboard's low-stock list. From the database (the listing copy of the ledger's
   * balance, indexed), never the read model: admins act on it. Among equals, the most recently added first.
   */
  async lowStock(threshold: number, limit: number): Promise<ProductDoc[]> {
    return this.products
      .find({ active: true, 'stock.available': { $lte: threshold } })
      .sort({ 'stock.available': 1, createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<ProductDoc[]>();
  }

  async categories(options: ReadOptions = {}): Promise<{ category: string; count: number }[]> {
    const index = await this.settledIndex(options);
    if (index) return index.categories();
    const rows = await this.products.aggregate<{ _id: string; count: number }>([
      { $match: { active: true } },
      { $unwind: '$categories' },
      { $group: { _id: '$categories', count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map((r) => ({ category: r._id, count: r.count }));
  }
}

type Keyset = {
  order: Record<string, 1 | -1>;
  keyOf: (doc: ProductDoc) => number;
  /** Everything strictly after the cursor in `order`: the next page starts there. */
  after: (c: Cursor) => QueryFilter<ProductDoc>[];
};

const KEYSETS: Record<Exclude<ProductSort, 'relevance'>, Keyset> = {
  price_asc: {
    order: { 'price.amount': 1, _id: 1 },
    keyOf: (d) => d.price.amount,
    after: (c) => [{ 'price.amount': { $gt: c.key } }, { 'price.amount': c.key, _id: { $gt: c.id } }],
  },
  // The exact reverse of price_asc, so one index serves both directions.
  price_desc: {
    order: { 'price.amount': -1, _id: -1 },
    keyOf: (d) => d.price.amount,
    after: (c) => [{ 'price.amount': { $lt: c.key } }, { 'price.amount': c.key, _id: { $lt: c.id } }],
  },
  newest: {
    order: { createdAt: -1, _id: -1 },
    keyOf: (d) => d.createdAt.getTime(),
    after: (c) => [
      { createdAt: { $lt: new Date(c.key) } },
      { createdAt: new Date(c.key), _id: { $lt: c.id } },
    ],
  },
};
