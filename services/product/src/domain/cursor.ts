import type { ProductSort } from '@sidecart/contracts';

/**
 * Keyset pagination: the cursor holds the sort key and id of the last item shown, so a
 * page never repeats or skips an item even while other products are added. It is opaque
 * to clients (base64url JSON) and bound to the sort it was made for.
 */
export type Cursor = { sort: ProductSort; key: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

/** Decodes a cursor made for `sort`; anything else (tampered, other sort) gives null. */
export function decodeCursor(text: string, sort: ProductSort): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [s, key, id] = value as unknown[];
    if (s !== sort || typeof key !== 'number' || !Number.isFinite(key)) return null;
    if (typeof id !== 'string' || !/^[a-f0-9]{24}$/.test(id)) return null;
    return { sort, key, id };
  } catch {
    return null;
  }
}

export type Ranked = { id: string; score: number };

/**
 * Relevance is computed in the service, so its pages are cut here: order by score
 * (highest first) then id, and resume strictly after the cursor's (score, id).
 */
export function pageByRelevance<T extends Ranked>(
  ranked: T[],
  after: Cursor | null,
  limit: number,
): { items: T[]; next: Cursor | null } {
  const ordered = [...ranked].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rest = after
    ? ordered.filter((r) => r.score < after.key || (r.score === after.key && r.id > after.id))
    : ordered;
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    next: rest.length > limit && last ? { sort: 'relevance', key: last.score, id: last.id } : null,
  };
}
