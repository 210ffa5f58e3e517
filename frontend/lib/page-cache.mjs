// Which requests are served from the page cache, and under which key. Plain JavaScript because
// server.mjs (not compiled) routes with it; the cached search page reads the key back with it.
// Types: page-cache.d.mts. Unit tests: test/storefront-logic.test.ts.

/** The language cached pages are rendered in: a signed-out shopper has no preference. */
export const SIGNED_OUT_LOCALE = 'en';

/** NextAuth's session cookie (`__Secure-` over HTTPS; `.0`, `.1`… when it is split). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

/** The search page's own parameters; anything else in a query string does not change the page. */
const SEARCH_PARAMS = ['category', 'cursor', 'inStock', 'max', 'min', 'q', 'sort'];

/** The `query` segment for "no filters" (a path segment cannot be empty). */
const ALL = 'all';

/**
 * The address of the cached page (app/signed-out) that answers this request, or null when the
 * request must be rendered for its sender: anything but a GET or HEAD of the home, search or
 * product page, and any request with a session cookie (only its presence counts: a stale or forged
 * cookie gets the per-request page, which is always correct).
 *
 * @param {string | undefined} method
 * @param {string} url the request's path and query string
 * @param {string | undefined} cookie the Cookie header
 * @returns {string | null}
 */
export function signedOutPath(method, url, cookie) {
  if (method !== 'GET' && method !== 'HEAD') return null;
  if (cookie && SESSION_COOKIE.test(cookie)) return null;
  const query = url.indexOf('?');
  const pathname = query < 0 ? url : url.slice(0, query);
  const params = new URLSearchParams(query < 0 ? '' : url.slice(query + 1));
  let target;
  if (pathname === '/') target = `/signed-out/${SIGNED_OUT_LOCALE}`;
  else if (pathname === '/search')
    target = `/signed-out/${SIGNED_OUT_LOCALE}/search/${encodeURIComponent(searchKey(params))}`;
  else if (/^\/products\/[^/]+$/.test(pathname)) target = `/signed-out/${SIGNED_OUT_LOCALE}${pathname}`;
  else return null;
  // The client router's cache-busting parameter stays on its requests.
  const rsc = params.get('_rsc');
  return rsc === null ? target : `${target}?_rsc=${encodeURIComponent(rsc)}`;
}

/**
 * One cache entry per distinct filter set: the search page's parameters, non-empty, in a fixed
 * order, so `?q=mug&utm=x` and `?utm=y&q=mug` share an entry and junk parameters cannot multiply
 * the entries.
 *
 * @param {URLSearchParams} query
 * @returns {string}
 */
export function searchKey(query) {
  const kept = new URLSearchParams(pickSearchParams(query));
  return kept.size > 0 ? kept.toString() : ALL;
}

/**
 * The parameters back from a key, as the route gives it (decoded or not).
 *
 * @param {string} key
 */
export function fromSearchKey(key) {
  if (key === ALL) return {};
  // A decoded key always holds '='; an encoded one never does ('=' is %3D there).
  return pickSearchParams(new URLSearchParams(key.includes('=') ? key : decodeURIComponent(key)));
}

/**
 * The search page's own parameters that have a value (the first, if one is repeated).
 *
 * @param {URLSearchParams} query
 * @returns {Record<string, string>}
 */
export function pickSearchParams(query) {
  /** @type {Record<string, string>} */
  const params = {};
  for (const name of SEARCH_PARAMS) {
    const value = query.get(name);
    if (value) params[name] = value;
  }
  return params;
}
