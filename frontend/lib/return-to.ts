/** Any origin will do: only whether a path stays on it matters. */
const HERE = 'https://storefront.invalid';

/**
 * Only a path on this site may be a place to come back to (no open redirect). The value is
 * resolved the way a browser resolves it (`/\evil.example`, `/\t/evil.example` and `//evil`
 * all lead to another host), and only a result on the same origin is kept, as its path.
 */
export function safeReturnTo(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/')) return fallback;
  // Browsers treat a backslash as a slash and drop tabs and newlines inside URLs.
  if ([...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return fallback;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
