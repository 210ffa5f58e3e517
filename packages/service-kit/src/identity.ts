import { notFound, problem } from './errors';

/**
 * The verified caller, as the gateway forwards it after checking the JWT. Services
 * trust these headers only because nothing but the gateway can reach them: calls
 * must come through Dapr with the app API token, and access control admits only
 * the intended callers.
 */
export type Identity = { userId: string; role: Role };
export type Role = 'customer' | 'admin';

/** Anything with express's `req.get`. */
export type HeaderReader = { get(name: string): string | undefined };

export const IDENTITY_HEADERS = { userId: 'x-sidecart-user-id', role: 'x-sidecart-user-role' } as const;

/** Headers the gateway adds to a forwarded request for a verified identity. */
export const identityHeaders = (identity: Identity): Record<string, string> => ({
  [IDENTITY_HEADERS.userId]: identity.userId,
  [IDENTITY_HEADERS.role]: identity.role,
});

export function identityOf(req: HeaderReader): Identity | null {
  const userId = req.get(IDENTITY_HEADERS.userId);
  const role = req.get(IDENTITY_HEADERS.role);
  if (!userId || (role !== 'customer' && role !== 'admin')) return null;
  return { userId, role };
}

/** The caller's identity, or 401 when the request carries none. */
export function requireIdentity(req: HeaderReader): Identity {
  const identity = identityOf(req);
  if (!identity) throw problem(401, 'Sign in to do this');
  return identity;
}

export function requireAdmin(req: HeaderReader): Identity {
  const identity = requireIdentity(req);
  if (identity.role !== 'admin') throw problem(403, 'Only an admin may do this');
  return identity;
}

/**
 * Ownership: a shopper reaches only their own resources; an admin reaches all.
 * Someone else's resource answers 404, the same as a missing one, so ids leak nothing.
 */
export function assertOwner(identity: Identity, ownerId: string, what: string): void {
  if (identity.role === 'admin' || identity.userId === ownerId) return;
  throw notFound(what);
}
