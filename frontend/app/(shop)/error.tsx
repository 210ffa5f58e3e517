'use client';

/** Shown when a page could not be built; the shopper can try again without losing their place. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="stack narrow">
      <h1>Sorry, something went wrong</h1>
      <p>{error.digest ? 'The shop could not show this page right now.' : error.message}</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    </section>
  );
}
