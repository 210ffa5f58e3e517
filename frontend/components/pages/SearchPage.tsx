import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductGrid } from '@/components/ProductCard';
import { categoryName, listCategories, listProducts } from '@/lib/catalog';
import { readOrProblem } from '@/lib/gateway';
import { parseMajorUnits } from '@/lib/money';
import type { SearchParams as Params } from '@/lib/page-cache.mjs';

export const searchMetadata: Metadata = { title: 'Search' };

const SORTS = [
  ['relevance', 'Best match'],
  ['newest', 'Newest'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
] as const;

/** Search and category listing. Every filter lives in the URL, so a result page can be shared. */
export async function SearchPage({ params, locale }: { params: Params; locale: string }) {
  const one = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const q = one(params.q);
  const category = one(params.category);
  const sort = one(params.sort) ?? (q ? 'relevance' : 'newest');
  const query = {
    q,
    category,
    minPrice: parseMajorUnits(one(params.min))?.toString(),
    maxPrice: parseMajorUnits(one(params.max))?.toString(),
    inStock: params.inStock === 'true' ? 'true' : undefined,
    sort,
    cursor: one(params.cursor),
    limit: '24',
  };
  const [categories, { value: results, problem }] = await Promise.all([
    listCategories(),
    readOrProblem(listProducts(query)),
  ]);

  const linkWith = (changes: Params) => {
    const next = new URLSearchParams();
    const merged: Params = {
      q,
      category,
      min: one(params.min),
      max: one(params.max),
      inStock: query.inStock,
      sort,
      ...changes,
    };
    for (const [key, value] of Object.entries(merged)) if (value) next.set(key, value);
    return `/search?${next}`;
  };
  const heading = q ? `Results for “${q}”` : category ? categoryName(category) : 'All products';

  return (
    <>
      <h1>{heading}</h1>
      <nav aria-label="Categories">
        <ul className="chips">
          <li>
            <Link
              href={linkWith({ category: undefined, cursor: undefined })}
              aria-current={!category ? 'page' : undefined}
            >
              All
            </Link>
          </li>
          {categories.map((c) => (
            <li key={c.category}>
              <Link
                href={linkWith({ category: c.category, cursor: undefined })}
                aria-current={category === c.category ? 'page' : undefined}
              >
                {categoryName(c.category)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/search" className="filters" aria-label="Filters">
        <div className="field">
          <label htmlFor="search-q">Search</label>
          <input id="search-q" name="q" type="search" defaultValue={q ?? ''} maxLength={100} />
        </div>
        {category && <input type="hidden" name="category" value={category} />}
        <div className="field">
          <label htmlFor="search-min">Min price</label>
          <input
            id="search-min"
            name="min"
            inputMode="decimal"
            size={6}
            defaultValue={one(params.min) ?? ''}
          />
        </div>
        <div className="field">
          <label htmlFor="search-max">Max price</label>
          <input
            id="search-max"
            name="max"
            inputMode="decimal"
            size={6}
            defaultValue={one(params.max) ?? ''}
          />
        </div>
        <div className="field">
          <label htmlFor="search-sort">Sort by</label>
          <select id="search-sort" name="sort" defaultValue={sort}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="checkbox">
          <input
            id="search-instock"
            type="checkbox"
            name="inStock"
            value="true"
            defaultChecked={query.inStock === 'true'}
          />
          <label htmlFor="search-instock">In stock only</label>
        </div>
        <button type="submit">Apply</button>
      </form>

      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {results && results.items.length === 0 && (
        <div className="panel">
          <p>No products match {q ? `“${q}”` : 'these filters'}.</p>
          <p>
            <Link href="/search">Clear all filters</Link>
          </p>
        </div>
      )}
      {results && results.items.length > 0 && (
        <section aria-labelledby="results-heading">
          {/* The cards' names are h3s: a heading level is not skipped after the page's h1. */}
          <h2 id="results-heading" className="visually-hidden">
            Products
          </h2>
          <ProductGrid products={results.items} locale={locale} priorityFirst={2} />
        </section>
      )}
      <nav aria-label="Pages" className="pagination">
        {query.cursor && <Link href={linkWith({ cursor: undefined })}>First page</Link>}
        {results?.nextCursor && <Link href={linkWith({ cursor: results.nextCursor })}>Next page</Link>}
      </nav>
    </>
  );
}
