import type { ProductSort } from '@sidecart/contracts';
import { pageByRelevance, type Cursor } from './cursor';
import { relevanceOfWords, relevanceWordsOf, type RelevanceWords } from './search';

/**
 * The active catalog in memory, answering every shopper's catalog query the way the database
 * query it replaces did (store/catalog.ts): same filters, same keyset order and cursors, same
 * relevance ranking. Measured (docs/performance.md): FerretDB 1.24 evaluates `$regex`, ranges
 * and every sort in Go over the whole collection, so a search cost ~100 ms per query at 240
 * products and grows with the catalog; here a page costs a binary search plus the items it
 * returns, and a search the words that start with each query word.
 */

/** What the index reads of a product (a lean product document has it all). */
export type Listable = {
  _id: { toHexString(): string };
  slug: string;
  name: string;
  description: string;
  categories: string[];
  price: { amount: number };
  stock: { available: number };
  searchTerms: string[];
  createdAt: Date;
};

export type CatalogFilter = {
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: 'true' | 'false';
  /** Query words: each must start some word of the product's `searchTerms`. */
  terms: string[];
};

export type IndexPage<T> = { items: T[]; next: Cursor | null };

/** Relevance is ranked over at most this many matches, the first by id (as the database query did). */
export const MAX_RANKED_MATCHES = 2000;

type Entry<T> = {
  id: string;
  doc: T;
  createdAt: number;
  price: number;
  /** Everything that places the product in an order, a category or a search result. */
  shape: string;
  words?: RelevanceWords;
};

type KeysetSort = Exclude<ProductSort, 'relevance'>;

/** Per sort: the order of entries, and whether an entry comes strictly after a cursor in it. */
const ORDERS: Record<
  KeysetSort,
  {
    compare: (a: Entry<Listable>, b: Entry<Listable>) => number;
    after: (e: Entry<Listable>, c: Cursor) => boolean;
    key: (e: Entry<Listable>) => number;
  }
> = {
  newest: {
    compare: (a, b) => b.createdAt - a.createdAt || byId(b, a),
    after: (e, c) => e.createdAt < c.key || (e.createdAt === c.key && e.id < c.id),
    key: (e) => e.createdAt,
  },
  price_asc: {
    compare: (a, b) => a.price - b.price || byId(a, b),
    after: (e, c) => e.price > c.key || (e.price === c.key && e.id > c.id),
    key: (e) => e.price,
  },
  price_desc: {
    compare: (a, b) => b.price - a.price || byId(b, a),
    after: (e, c) => e.price < c.key || (e.price === c.key && e.id < c.id),
    key: (e) => e.price,
  },
};

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const shapeOf = (p: Listable) =>
  JSON.stringify([p.createdAt.getTime(), p.price.amount, p.categories, p.searchTerms, p.name, p.description]);

export class CatalogIndex<T extends Listable> {
  private entries = new Map<string, Entry<T>>();
  private slugs = new Map<string, Entry<T>>();
  private sorted: Record<KeysetSort, Entry<T>[]> = { newest: [], price_asc: [], price_desc: [] };
  /** Every distinct search word, sorted, and the products it belongs to. */
  private words: string[] = [];
  private owners = new Map<string, Entry<T>[]>();
  private categoryCounts: { category: string; count: number }[] = [];
  /** Set when a product joined, left or moved; the orders are rebuilt once per batch. */
  private dirty = false;

  get size(): number {
    return this.entries.size;
  }

  /** Replaces the whole catalog (active products only). */
  replaceAll(docs: T[]): void {
    this.entries = new Map();
    for (const doc of docs) this.entries.set(doc._id.toHexString(), entryOf(doc));
    this.dirty = true;
    this.rebuild();
  }

  /**
   * Applies products read from the database: an active one is added or replaced, an inactive
   * one removed. A change of stock only (the common case) swaps the document in place; a
   * change of what orders or finds a product rebuilds the orders, once for the whole batch.
   */
  apply(docs: { doc: T; active: boolean }[]): void {
    for (const { doc, active } of docs) {
      const id = doc._id.toHexString();
      const current = this.entries.get(id);
      if (!active) {
        if (current) {
          this.entries.delete(id);
          this.dirty = true;
        }
        continue;
      }
      const next = entryOf(doc);
      if (current && current.shape === next.shape && current.doc.slug === doc.slug) {
        current.doc = doc;
        continue;
      }
      this.entries.set(id, next);
      this.dirty = true;
    }
    this.rebuild();
  }

  bySlug(slug: string): T | undefined {
    return this.slugs.get(slug)?.doc;
  }

  categories(): { category: string; count: number }[] {
    return this.categoryCounts;
  }

  /** A page in a keyset order, strictly after the cursor. */
  keysetPage(filter: CatalogFilter, sort: KeysetSort, cursor: Cursor | null, limit: number): IndexPage<T> {
    const order = ORDERS[sort];
    const list = this.sorted[sort];
    const matches = this.matcher(filter);
    let i = cursor ? firstAfter(list, (e) => order.after(e, cursor)) : 0;
    const found: Entry<T>[] = [];
    for (; i < list.length && found.length <= limit; i++) {
      const e = list[i]!;
      if (matches(e)) found.push(e);
    }
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((e) => e.doc),
      next: found.length > limit && last ? { sort, key: order.key(last), id: last.id } : null,
    };
  }

  /** A page of search results by relevance (highest first, then id), strictly after the cursor. */
  rankedPage(filter: CatalogFilter, cursor: Cursor | null, limit: number): IndexPage<T> {
    const matches = this.matcher({ ...filter, terms: [] });
    const candidates = (this.withAllTerms(filter.terms) ?? [...this.entries.values()])
      .filter(matches)
      .sort(byId)
      .slice(0, MAX_RANKED_MATCHES);
    const ranked = candidates.map((e) => ({
      id: e.id,
      entry: e,
      score: relevanceOfWords(filter.terms, (e.words ??= relevanceWordsOf(e.doc))),
    }));
    const { items, next } = pageByRelevance(ranked, cursor, limit);
    return { items: items.map((r) => r.entry.doc), next };
  }

  /** The filter of store/catalog.ts's `filterFor`, on an entry. */
  private matcher(filter: CatalogFilter): (e: Entry<T>) => boolean {
    const found = filter.terms.length > 0 ? new Set(this.withAllTerms(filter.terms)) : null;
    return (e) => {
      const { doc } = e;
      if (filter.category !== undefined && !doc.categories.includes(filter.category)) return false;
      if (filter.minPrice !== undefined && !(e.price >= filter.minPrice)) return false;
      if (filter.maxPrice !== undefined && !(e.price <= filter.maxPrice)) return false;
      if (filter.inStock === 'true' && !(doc.stock.available > 0)) return false;
      if (filter.inStock === 'false' && !(doc.stock.available <= 0)) return false;
      return found === null || found.has(e);
    };
  }

  /** Products that have, for every term, a search word starting with it; null without terms. */
  private withAllTerms(terms: string[]): Entry<T>[] | null {
    if (terms.length === 0) return null;
    let result: Set<Entry<T>> | null = null;
    for (const term of terms) {
      const withTerm = new Set<Entry<T>>();
      for (let i = firstAfter(this.words, (w) => w >= term); i < this.words.length; i++) {
        const word = this.words[i]!;
        if (!word.startsWith(term)) break;
        for (const e of this.owners.get(word)!) if (!result || result.has(e)) withTerm.add(e);
      }
      result = withTerm;
      if (result.size === 0) break;
    }
    return [...result!];
  }

  private rebuild(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const all = [...this.entries.values()];
    for (const sort of Object.keys(ORDERS) as KeysetSort[])
      this.sorted[sort] = [...all].sort(ORDERS[sort].compare);
    this.slugs = new Map(all.map((e) => [e.doc.slug, e]));
    this.owners = new Map();
    const counts = new Map<string, number>();
    for (const e of all) {
      for (const word of new Set(e.doc.searchTerms)) {
        const owners = this.owners.get(word);
        if (owners) owners.push(e);
        else this.owners.set(word, [e]);
      }
      // As the `$unwind` it replaces: each element of the array counts.
      for (const c of e.doc.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    this.words = [...this.owners.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.categoryCounts = [...counts]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([category, count]) => ({ category, count }));
  }
}

function entryOf<T extends Listable>(doc: T): Entry<T> {
  return {
    id: doc._id.toHexString(),
    doc,
    createdAt: doc.createdAt.getTime(),
    price: doc.price.amount,
    shape: shapeOf(doc),
  };
}

/** The first index whose element satisfies `pred`, for a `pred` false then true along the list. */
function firstAfter<E>(list: E[], pred: (e: E) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(list[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
