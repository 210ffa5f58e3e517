import type { z } from 'zod';
import { problem } from './errors';

/**
 * The one cursor codec of every list: a cursor is opaque to clients (base64url JSON) and
 * holds what the list needs to resume (e.g. the last row's sort key and id). Decoding checks
 * it against the list's schema, so a tampered, foreign or malformed cursor is a 400 naming
 * `cursor`, never a database error.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(
  schema: T,
  text: string | undefined,
): z.infer<T> | undefined {
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw problem(400, 'The query is invalid', {
      errors: [{ path: 'cursor', message: 'is not a cursor of this list' }],
    });
  }
  return parsed.data;
}
