/**
 * The public API as a client calls it: http://127.0.0.1:8080/api/v1 with a real bearer token,
 * signed the way the storefront signs it.
 */
import type { Who } from './shop';
import { GATEWAY } from './stack';
import { tokenFor } from './tokens';

export type ApiAnswer = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `who` is a user to sign a token for, a ready `Authorization` value, or nobody. */
export async function api(
  method: string,
  path: string,
  who?: Who | string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const auth = typeof who === 'string' ? who : who ? `Bearer ${await tokenFor(who)}` : undefined;
  const res = await fetch(`${GATEWAY}/api/v1${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
