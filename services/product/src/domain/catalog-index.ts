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
  stock: { available: number; seq: number };
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

const byId = (a: { id: string }, b: { id: string }) => compareStrings(a.id, b.id);

/** Whether two copies of a product sit at the same place in every order, category and word list. */
const samePlace = (a: Listable, b: Listable) =>
  a.createdAt.getTime() === b.createdAt.getTime() &&
  a.price.amount === b.price.amount &&
  a.slug === b.slug &&
  a.name === b.name &&
  a.description === b.description &&
  sameList(a.categories, b.categories) &&
  sameList(a.searchTerms, b.searchTerms);

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A search's matches in relevance order (score, then id), before the in-stock filter. */
type Ranking<T> = { list: { entry: Entry<T>; id: string; score: number }[]; capped: boolean };

/** Searches whose ranking is kept until the catalog's orders change (stock changes keep them). */
const MAX_CACHED_RANKINGS = 1000;

/** Past this many products joining, leaving or moving in one batch, one rebuild costs less. */
const MAX_INCREMENTAL_MOVES = 200;

export class CatalogIndex<T extends Listable> {
  private entries = new Map<string, Entry<T>>();
  private slugs = new Map<string, Entry<T>>();
  private sorted: Record<KeysetSort, Entry<T>[]> = { newest: [], price_asc: [], price_desc: [] };
  /** Every distinct search word, sorted, and the products it belongs to. */
  private words: string[] = [];
  private owners = new Map<string, Entry<T>[]>();
  private counts = new Map<string, number>();
  private categoryCounts: { category: string; count: number }[] = [];
  private rankings = new Map<string, Ranking<T>>();

  get size(): number {
    return this.entries.size;
  }

  /**
   * Replaces the whole catalog (active products only), except the `untouched` ones the caller
   * knows better. Products whose place is unchanged keep it, so a periodic full reload of an
   * unchanged catalog costs no rebuild.
   */
  replaceAll(docs: T[], untouched: (id: string) => boolean = () => false): void {
    const ids = new Set(docs.map((d) => d._id.toHexString()));
    const gone = [...this.entries.values()].filter((e) => !ids.has(e.id) && !untouched(e.id));

    this.apply([
      ...gone.map((e) => ({ doc: e.doc, active: false })),
      ...docs.map((doc) => ({ doc, active: true })),
    ]);
  }

  /**
   * Applies products read from the database: an active one is added or replaced, an inactive
   * one removed. A change of stock only (the common case) swaps the document in place; a
   * change of what orders or finds a product moves it in each order and word list.
   */
  apply(docs: { doc: T; active: boolean }[]): void {
    const moves: { from?: Entry<T>; to?: Entry<T> }[] = [];
    for (const { doc, active } of docs) {
      const id = doc._id.toHexString();
      const current = this.entries.get(id);
      if (!active) {
        if (current) moves.push({ from: current });
        continue;
      }
      // The ledger's sequence orders stock copies: never go back to an older one.
      const fresh =
        current && current.doc.stock.seq > doc.stock.seq ? { ...doc, stock: current.doc.stock } : doc;
      if (current && samePlace(current.doc, fresh)) current.doc = fresh;
      else moves.push({ from: current, to: entryOf(fresh) });
    }
    if (moves.length === 0) return;
    this.rankings.clear();
    if (moves.length > MAX_INCREMENTAL_MOVES) {
      for (const { from, to } of moves) {
        if (from) this.entries.delete(from.id);
        if (to) this.entries.set(to.id, to);
      }
      this.rebuild();
      return;
    }
    for (const { from, to } of moves) {
      // A product read twice in one batch was moved by its first copy already.
      const current = from ? this.entries.get(from.id) : undefined;
      if (current) this.remove(current);
      if (to) this.insert(to);
    }
    this.categoryCounts = countsOf(this.counts);
  }

  /**
   * A new stock copy for a product (listings show it); an older copy than the one held (a
   * lower ledger sequence) changes nothing.
   */
  applyStock(id: string, stock: T['stock']): void {
    const current = this.entries.get(id);
    if (current && stock.seq >= current.doc.stock.seq) current.doc = { ...current.doc, stock };
  }

  byId(id: string): T | undefined {
    return this.entries.get(id)?.doc;
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
    const { inStock, ...rest } = filter;
    const ranking = this.ranking(rest);
    let list = ranking.list;
    // The database capped the matches after the in-stock filter: rank those, when it matters.
    if (ranking.capped && inStock !== undefined) list = this.rank(filter).list;
    else if (inStock !== undefined) {
      const stocked = this.matcher({ inStock, terms: [] });
      list = list.filter(({ entry }) => stocked(entry));
    }
    const { items, next } = pageByRelevance(
      list.slice(
        cursor
          ? firstAfter(
              list,
              (r) => r.score < cursor.key || (r.score === cursor.key && r.entry.id > cursor.id),
            )
          : 0,
      ),
      null,
      limit,
    );
    return { items: items.map((r) => r.entry.doc), next };
  }

  private ranking(filter: CatalogFilter): Ranking<T> {
    const key = JSON.stringify([filter.terms, filter.category, filter.minPrice, filter.maxPrice]);
    let ranking = this.rankings.get(key);
    if (!ranking) {
      if (this.rankings.size >= MAX_CACHED_RANKINGS) this.rankings.clear();
      ranking = this.rank(filter);
      this.rankings.set(key, ranking);
    }
    return ranking;
  }

  /** As store/catalog.ts ranked: the first matches by id, scored, in relevance order. */
  private rank(filter: CatalogFilter): Ranking<T> {
    const matches = this.matcher({ ...filter, terms: [] });
    const candidates = (this.withAllTerms(filter.terms) ?? [...this.entries.values()])
      .filter(matches)
      .sort(byId);
    const scored = candidates.slice(0, MAX_RANKED_MATCHES).map((entry) => ({
      entry,
      id: entry.id,
      score: relevanceOfWords(filter.terms, (entry.words ??= relevanceWordsOf(entry.doc))),
    }));
    return {
      list: pageByRelevance(scored, null, scored.length).items,
      capped: candidates.length > MAX_RANKED_MATCHES,
    };
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

  /** Builds every order and list from `entries` at once. */
  private rebuild(): void {
    const all = [...this.entries.values()];
    for (const sort of Object.keys(ORDERS) as KeysetSort[])
      this.sorted[sort] = [...all].sort(ORDERS[sort].compare);
    this.slugs = new Map(all.map((e) => [e.doc.slug, e]));
    this.owners = new Map();
    this.counts = new Map();
    for (const e of all) {
      for (const word of new Set(e.doc.searchTerms)) {
        const owners = this.owners.get(word);
        if (owners) owners.push(e);
        else this.owners.set(word, [e]);
      }
      for (const c of e.doc.categories) this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
    }
    this.words = [...this.owners.keys()].sort(compareStrings);
    this.categoryCounts = countsOf(this.counts);
  }

  private insert(e: Entry<T>): void {
    this.entries.set(e.id, e);
    this.slugs.set(e.doc.slug, e);
    for (const sort of Object.keys(ORDERS) as KeysetSort[]) {
      const list = this.sorted[sort];
      list.splice(
        firstAfter(list, (x) => ORDERS[sort].compare(x, e) > 0),
        0,
        e,
      );
    }
    for (const word of new Set(e.doc.searchTerms)) {
      const owners = this.owners.get(word);
      if (owners) owners.push(e);
      else {
        this.owners.set(word, [e]);
        this.words.splice(
          firstAfter(this.words, (w) => w > word),
          0,
          word,
        );
      }
    }
    for (const c of e.doc.categories) this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
  }

  private remove(e: Entry<T>): void {
    this.entries.delete(e.id);
    if (this.slugs.get(e.doc.slug) === e) this.slugs.delete(e.doc.slug);
    for (const sort of Object.keys(ORDERS) as KeysetSort[]) {
      const list = this.sorted[sort];
      const at = firstAfter(list, (x) => ORDERS[sort].compare(x, e) >= 0);
      if (list[at] === e) list.splice(at, 1);
    }
    for (const word of new Set(e.doc.searchTerms)) {
      const owners = this.owners.get(word) ?? [];
      const at = owners.indexOf(e);
      if (at >= 0) owners.splice(at, 1);
      if (owners.length === 0 && this.owners.delete(word)) {
        this.words.splice(
          firstAfter(this.words, (w) => w >= word),
          1,
        );
      }
    }
    for (const c of e.doc.categories) {
      const n = (this.counts.get(c) ?? 0) - 1;
      if (n > 0) this.counts.set(c, n);
      else this.counts.delete(c);
    }
  }
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** As the `$unwind` and `$group` they replace: each element of a product's categories counts, sorted by name. */
const countsOf = (counts: Map<string, number>) =>
  [...counts].sort(([a], [b]) => compareStrings(a, b)).map(([category, count]) => ({ category, count }));

function entryOf<T extends Listable>(doc: T): Entry<T> {
  return {
    id: doc._id.toHexString(),
    doc,
    createdAt: doc.createdAt.getTime(),
    price: doc.price.amount,
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
