import { pageByRelevance, decodeCursor, encodeCursor, type Cursor } from '../src/domain/cursor';
import { queryWords, relevance, searchTermsOf, slugify, words } from '../src/domain/search';

const mug = {
  sku: 'SC-KIT-001',
  name: 'Nordic Mug',
  description: 'A stoneware mug for crème brûlée lovers.',
  categories: ['kitchen'],
  attributes: { colour: 'Sage' },
};

describe('search terms', () => {
  it('normalizes case and accents and splits on punctuation', () => {
    expect(words('Crème-Brûlée, 2 CUPS!')).toEqual(['creme', 'brulee', '2', 'cups']);
  });

  it('indexes name, description, categories, attribute values and sku, without stopwords', () => {
    const terms = searchTermsOf(mug);
    expect(terms).toEqual(
      expect.arrayContaining(['nordic', 'mug', 'stoneware', 'creme', 'kitchen', 'sage', 'sc-kit-001']),
    );
    expect(terms).not.toContain('for');
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('drops stopwords from queries and bounds their length', () => {
    expect(queryWords('the mug for tea')).toEqual(['mug', 'tea']);
    expect(queryWords('a b c d e f g h i j k l')).toHaveLength(8);
    expect(queryWords(undefined)).toEqual([]);
  });

  it('ranks a name match above a description match, and a whole word above a prefix', () => {
    const inName = relevance(['mug'], mug);
    const inDescription = relevance(['mug'], { ...mug, name: 'Nordic Cup' });
    const prefixInName = relevance(['mu'], mug);
    expect(inName).toBeGreaterThan(inDescription);
    expect(inName).toBeGreaterThan(prefixInName);
    expect(relevance(['kitchen'], mug)).toBeGreaterThan(0);
  });

  it('makes url slugs', () => {
    expect(slugify('Nordic Mug — Sage (350 ml)')).toBe('nordic-mug-sage-350-ml');
  });
});

describe('cursors', () => {
  const id = (n: number) => n.toString(16).padStart(24, '0');

  it('round-trip and refuse tampering or another sort', () => {
    const cursor = encodeCursor({ sort: 'price_asc', key: 1299, id: id(7) });
    expect(decodeCursor(cursor, 'price_asc')).toEqual({ sort: 'price_asc', key: 1299, id: id(7) });
    const refused = expect.objectContaining({
      status: 400,
      errors: [expect.objectContaining({ path: 'cursor' })],
    });
    expect(() => decodeCursor(cursor, 'newest')).toThrow(refused);
    expect(() => decodeCursor('not-a-cursor!', 'price_asc')).toThrow(refused);
    expect(() => decodeCursor(Buffer.from('["price_asc",1,"x"]').toString('base64url'), 'price_asc')).toThrow(
      refused,
    );
  });

  it('relevance pages visit every item exactly once, best first, ties by id', () => {
    const ranked = Array.from({ length: 23 }, (_, i) => ({ id: id(i), score: i % 4 }));
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    do {
      const page: ReturnType<typeof pageByRelevance<(typeof ranked)[number]>> = pageByRelevance(
        ranked,
        cursor,
        5,
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const scores = seen.map((s) => ranked.find((r) => r.id === s)!.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
