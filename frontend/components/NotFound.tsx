import Link from 'next/link';

export function NotFound() {
  return (
    <section className="stack narrow">
      <h1>Page not found</h1>
      <p>We could not find what you were looking for.</p>
      <p>
        <Link href="/search">Browse the catalog</Link>
      </p>
    </section>
  );
}
