/**
 * Catalog search without a text index (FerretDB has none): every product stores its
 * normalized words in `searchTerms`, an indexed array. A query word matches a product
 * when it is a prefix of one of those words; ranking happens here, in plain code, so
 * MongoDB and FerretDB return the same order.
 */

const MAX_TERM_LENGTH = 40;
const MAX_QUERY_WORDS = 8;

/** Lower-case, accents removed, split on anything that is not a letter or digit. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_TERM_LENGTH));
}

export type Searchable = {
  sku: string;
  name: string;
  description: string;
  categories: string[];
  attributes: Record<string, string>;
};

/** Words too common to tell products apart; a query made only of them matches everything. */
const STOPWORDS = new Set(['a', 'an', 'and', 'for', 'in', 'of', 'on', 'the', 'to', 'with']);

/** The distinct words a product can be found by. */
export function searchTermsOf(p: Searchable): string[] {
  const all = [
    ...words(p.name),
    ...words(p.description),
    ...p.categories.flatMap(words),
    ...Object.values(p.attributes).flatMap(words),
    p.sku.toLowerCase(),
  ];
  return [...new Set(all)].filter((w) => !STOPWORDS.has(w));
}

/** The words of a shopper's query, deduplicated and bounded so a query stays cheap. */
export function queryWords(q: string | undefined): string[] {
  return [...new Set(words(q ?? ''))].filter((w) => !STOPWORDS.has(w)).slice(0, MAX_QUERY_WORDS);
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words of a product that relevance looks at; a read model computes them once per product. */
export type RelevanceWords = { name: string[]; description: Set<string>; categories: Set<string> };

export function relevanceWordsOf(p: Pick<Searchable, 'name' | 'description' | 'categories'>): RelevanceWords {
  return {
    name: words(p.name),
    description: new Set(words(p.description)),
    categories: new Set(p.categories.flatMap(words)),
  };
}

/**
 * Relevance of a product for the query words: a word in the name counts more than one in
 * the description, a whole word more than a prefix. Every query word matches somewhere
 * (the filter guarantees it), so the score orders, it does not filter.
 */
export function relevance(
  query: string[],
  p: Pick<Searchable, 'name' | 'description' | 'categories'>,
): number {
  return relevanceOfWords(query, relevanceWordsOf(p));
}

/** `relevance` from words computed beforehand (`relevanceWordsOf`): the same score. */
export function relevanceOfWords(query: string[], { name, description, categories }: RelevanceWords): number {
  let score = 0;
  for (const q of query) {
    if (name.includes(q)) score += 10;
    else if (name.some((w) => w.startsWith(q))) score += 6;
    if (categories.has(q)) score += 4;
    if (description.has(q)) score += 2;
    else if ([...description].some((w) => w.startsWith(q))) score += 1;
  }
  // A name that starts with the first query word is what shoppers usually mean.
  if (query[0] && name[0]?.startsWith(query[0])) score += 3;
  return score;
}

export function slugify(text: string): string {
  return words(text).join('-').slice(0, 120).replace(/-+$/, '');
}
