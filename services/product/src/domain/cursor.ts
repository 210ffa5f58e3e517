import { ObjectId, type ProductSort } from '@sidecart/contracts';
import { decodeCursor as decode, encodeCursor as encode } from '@sidecart/service-kit';
import { z } from 'zod';

/**
 * Keyset pagination: the cursor holds the sort key and id of the last item shown, so a
 * page never repeats or skips an item even while other products are added. It is opaque
 * to clients (base64url JSON) and bound to the sort it was made for.
 */
export type Cursor = { sort: ProductSort; key: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return encode([cursor.sort, cursor.key, cursor.id]);
}

/** Decodes a cursor made for `sort`; anything else (tampered, other sort) is a 400 naming `cursor`. */
export function decodeCursor(text: string, sort: ProductSort): Cursor {
  const [, key, id] = decode(z.tuple([z.literal(sort), z.number(), ObjectId]), text)!;
  return { sort, key, id };
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
