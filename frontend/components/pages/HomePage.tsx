import Link from 'next/link';
import { ProductGrid } from '@/components/ProductCard';
import { categoryName, listCategories, listProducts } from '@/lib/catalog';

/** The home page in `locale`: per request for a signed-in shopper, cached for the signed-out. */
export async function HomePage({ locale }: { locale: string }) {
  const [categories, featured] = await Promise.all([
    listCategories(),
    listProducts({ sort: 'newest', inStock: 'true', limit: '8' }),
  ]);
  return (
    <>
      <h1>Welcome to Sidecart</h1>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Shop by category</h2>
        <ul className="chips">
          {categories.map((c) => (
            <li key={c.category}>
              <Link href={`/search?category=${encodeURIComponent(c.category)}`}>
                {categoryName(c.category)} <span className="muted">({c.count})</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading">New in</h2>
        {featured.items.length > 0 ? (
          <ProductGrid products={featured.items} locale={locale} priorityFirst={2} />
        ) : (
          <p>The shop has no products in stock yet.</p>
        )}
      </section>
    </>
  );
}
