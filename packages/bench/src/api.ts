import { GATEWAY } from '../../stack-tests/src/stack';

export const API = `${GATEWAY}/api/v1`;

export type Answer = { status: number; headers: Headers; body: any; ms: number }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One call to the public API, timed from send to the last byte of the answer. */
export async function api(
  path: string,
  options: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const started = performance.now();
  const res = await fetch(`${API}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, body, ms };
}

/** What the benchmark draws its requests from: the whole catalog, read through the public API. */
export type Catalog = {
  slugs: string[];
  categories: string[];
  /** Cursors of every page of 20 (the first page has none). */
  cursors: (string | null)[];
  terms: string[];
  /** The first page of 20 as served, for the floor's payload. */
  listBody: string;
};

export async function readCatalog(): Promise<Catalog> {
  const slugs: string[] = [];
  const names: string[] = [];
  const cursors: (string | null)[] = [];
  let listBody = '';
  let cursor: string | null = null;
  do {
    cursors.push(cursor);
    const res = await fetch(
      `${API}/products?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const text = await res.text();
    if (res.status !== 200)
      throw new Error(`listing the catalog answered ${res.status}: ${text.slice(0, 200)}`);
    if (!listBody) listBody = text;
    const page = JSON.parse(text) as { items: { slug: string; name: string }[]; nextCursor: string | null };
    for (const p of page.items) {
      slugs.push(p.slug);
      names.push(p.name);
    }
    cursor = page.nextCursor;
  } while (cursor);
  const cats = await api('/categories');
  if (cats.status !== 200) throw new Error(`categories answered ${cats.status}`);
  const categories = (cats.body.items as { category: string }[]).map((c) => c.category);
  const terms = [
    ...new Set(
      names.flatMap((n) =>
        n
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter((w) => w.length >= 4),
      ),
    ),
  ];
  if (!slugs.length || !categories.length || !terms.length) throw new Error('the catalog is empty');
  return { slugs, categories, cursors, terms, listBody };
}
