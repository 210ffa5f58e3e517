import { createHash } from 'node:crypto';

/** A strong validator for a body: the same bytes always give the same ETag. */
export const etagOf = (body: string) =>
  `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * Whether a client's If-None-Match names `etag` (RFC 9110 13.1.2: weak comparison, a list or
 * `*`). Unlike express's `req.fresh`, a request's `Cache-Control: no-cache` does not prevent a
 * 304: the service is the origin for its clients and has just checked the validator itself
 * (fetch() adds that header to every conditional request).
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * The seconds a client is willing to wait for an answer that differs from what it has
 * (RFC 7240 `Prefer: wait=<seconds>`), at most `max`; 0 when it said nothing usable. Other
 * preferences are ignored, as the RFC asks.
 */
export function preferredWait(header: string | undefined, max: number): number {
  if (!header) return 0;
  for (const preference of header.split(',')) {
    const match = /^\s*wait\s*=\s*"?(\d{1,6})"?\s*(;.*)?$/i.exec(preference);
    if (match) return Math.min(Number(match[1]), max);
  }
  return 0;
}
