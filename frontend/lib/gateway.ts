import 'server-only';
import { SignJWT } from 'jose';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, tokenKeyId, type Problem } from '@sidecart/contracts';
import { describeProblem } from './problems';

/**
 * The storefront's only way to the shop: HTTP to the gateway. Runs on the server, where the
 * signing key lives; the browser never holds a gateway token.
 */
export const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

/** Who the gateway should act for: the signed-in shopper or admin, or nobody. */
export type Caller = { id: string; role: 'customer' | 'admin'; signedInAt?: number } | null;

function signingSecret(): string {
  const secret = process.env.GATEWAY_JWT_SECRET;
  if (!secret) throw new Error('GATEWAY_JWT_SECRET is not set: the storefront cannot call the API');
  return secret;
}

/** The key's id goes in every token, so the gateway can honour two keys while one is rotated. */
let keyId: Promise<string> | undefined;

/** A short-lived token for one call: the session lasts days, a leaked API token minutes. */
export async function apiToken(caller: NonNullable<Caller>): Promise<string> {
  const secret = signingSecret();
  keyId ??= tokenKeyId(secret);
  // auth_time: when the shopper signed in, so the gateway can end sessions that began earlier.
  return new SignJWT({ role: caller.role, ...(caller.signedInAt ? { auth_time: caller.signedInAt } : {}) })
    .setProtectedHeader({ alg: 'HS256', kid: await keyId })
    .setSubject(caller.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(describeProblem(status, problem));
  }
  /** Field-level messages from a 400, keyed by the field's path. */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem?.errors ?? []).map((e) => [e.path, e.message]));
  }
}

export type Answer<T> = {
  status: number;
  body: T;
  etag: string | null;
  /** The gateway's `Preference-Applied` (it waited as a `Prefer: wait` asked). */
  preferenceApplied: string | null;
  /** A new guest cart token (`Guest-Cart`), when the gateway started a guest cart. */
  guestCart: string | null;
};

type CallOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses that are an answer, not an error (e.g. 404 for "no such product"). */
  accept?: number[];
};

/** Calls `/api/v1<path>` as `caller`; any other status than 2xx (or `accept`) throws a GatewayError. */
export async function callApi<T>(
  caller: Caller,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const incoming = await headers().catch(() => null);
  const sent: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (caller) sent.authorization = `Bearer ${await apiToken(caller)}`;
  if (options.body !== undefined) sent['content-type'] = 'application/json';
  // The gateway rate-limits per client: tell it who the client is, not that it is us.
  const client = incoming?.get('x-forwarded-for');
  if (client) sent['x-forwarded-for'] = client;
  const requestId = incoming?.get('x-request-id');
  if (requestId) sent['x-request-id'] = requestId;

  let res: Response;
  try {
    res = await fetch(`${GATEWAY_URL}/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers: sent,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new GatewayError(503, null);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  // A signed-in shopper whose session the gateway ended (password changed, signed out everywhere,
  // account erased) is signed out here too, and signs in again.
  if (res.status === 401 && caller && caller.signedInAt !== undefined) redirect('/signout?ended=1');
  if (!res.ok && !options.accept?.includes(res.status)) {
    throw new GatewayError(res.status, (body as Problem | null) ?? null);
  }
  return {
    status: res.status,
    body: body as T,
    etag: res.headers.get('etag'),
    preferenceApplied: res.headers.get('preference-applied'),
    guestCart: res.headers.get('guest-cart'),
  };
}

/**
 * A file from the gateway (a CSV export) passed through as it arrives, never read whole: the
 * gateway's answer as it is, or a GatewayError for anything but 200.
 */
export async function streamApi(caller: NonNullable<Caller>, path: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${GATEWAY_URL}/api/v1${path}`, {
      headers: { authorization: `Bearer ${await apiToken(caller)}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new GatewayError(503, null);
  }
  if (res.status !== 200) {
    const body = (await res.json().catch(() => null)) as Problem | null;
    throw new GatewayError(res.status, body);
  }
  return res;
}

/** A query string of the parameters that have a value. */
export function queryString(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  return params.toString();
}

export type Read<T> = { value: T; problem: null } | { value: null; problem: string };

/** A list for a page, or why the shop could not give it, in plain words (bugs still reach the error page). */
export async function readOrProblem<T>(read: Promise<T>): Promise<Read<T>> {
  try {
    return { value: await read, problem: null };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { value: null, problem: err.message };
  }
}
