import { Router, type Request, type RequestHandler, type Response } from 'express';
import { identityHeaders, parseParams, problem, type Dapr, type Identity } from '@sidecart/service-kit';
import { GUEST_CART_HEADER, mintGuestCart, verifyGuestCart } from '../auth/guest-cart';
import { verifyBearer, type TokenKeys } from '../auth/tokens';
import type { SessionEnds } from '../store/sessions';
import { cachedRead, type CatalogCache } from './catalog-cache';
import { checkRequest } from './contract';
import { forward, forwardStream } from './forward';
import type { AccountThrottle, RateLimiter } from './rate-limit';
import { ROUTES, type PublicRoute } from './table';

const NO_THROTTLE: AccountThrottle = { check: async () => undefined, record: async () => undefined };

type Locals = { identity: Identity | null };

/**
 * Reads the bearer token, if any; a token that is present must be valid, even on public routes,
 * and its session must not have been ended since it began (password change, erased account,
 * "sign out everywhere"). If the store of ended sessions cannot answer, the token is honoured,
 * as the rate limiter lets requests through: a Redis outage must not sign every shopper out.
 */
export function authenticate(keys: TokenKeys, sessions: SessionEnds): RequestHandler {
  return async (req, res, next) => {
    const session = await verifyBearer(req.get('authorization'), keys);
    if (session) {
      const endedAt = await sessions.endedAt(session.userId).catch(() => undefined);
      if (endedAt !== undefined && session.authTime < endedAt) {
        throw problem(401, 'This session has ended; sign in again', {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        });
      }
    }
    (res.locals as Locals).identity = session;
    next();
  };
}

function authorize(route: PublicRoute, identity: Identity | null): void {
  if (route.access === 'anonymous') return;
  if (!identity) throw problem(401, 'Sign in to do this', { headers: { 'www-authenticate': 'Bearer' } });
  if (route.access === 'admin' && identity.role !== 'admin') {
    throw problem(403, 'Only an admin may do this');
  }
}

/** The guest cart a request names (or, for `mint`, a new one whose token is sent back). */
async function guestCartOf(
  mode: 'mint' | 'required',
  keys: TokenKeys | null,
  req: Request,
  res: Response,
): Promise<string> {
  if (!keys) throw new Error('guest cart routes need the token keys');
  const token = req.get(GUEST_CART_HEADER);
  if (token) return verifyGuestCart(token, keys);
  if (mode === 'required') {
    throw problem(400, 'The Guest-Cart header is required', {
      errors: [{ path: GUEST_CART_HEADER, message: 'is required' }],
    });
  }
  const minted = await mintGuestCart(keys);
  res.set(GUEST_CART_HEADER, minted.token);
  return minted.guestId;
}

/**
 * Mounts the route table: rate limits, role checks and the request's shape (path, query,
 * headers, body) here, ownership checks in the services.
 * The limit comes first so that failed sign-ins and probing spend the budget too.
 */
export function publicRoutes(
  dapr: Dapr,
  limit: RateLimiter,
  sessions: SessionEnds,
  throttle: AccountThrottle = NO_THROTTLE,
  cache: CatalogCache | null = null,
  routes: PublicRoute[] = ROUTES,
  /** Signs and checks guest cart tokens (the bearer tokens' keys). */
  keys: TokenKeys | null = null,
): Router {
  const router = Router();
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](route.path, async (req, res) => {
      const identity = (res.locals as Locals).identity;
      await limit(route, identity, req, res);
      authorize(route, identity);
      // Every path parameter has its route's shape before a service path is built from it.
      const params = route.params ? (parseParams(route.params, req) as Record<string, string>) : {};
      // The query, headers and body are what the OpenAPI document says, or 400 here.
      checkRequest(route.doc, req);
      if (route.guestCart) params.guestId = await guestCartOf(route.guestCart, keys, req, res);
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const target = route.target(params, identity) + query;
      // Only requests without any Authorization header share answers: an admin sees archived
      // products, and nothing a token unlocks may be handed to someone else.
      if (cache && route.shared && !req.get('authorization')) {
        await cachedRead(cache, dapr, route.app, target, req, res, route.compose);
        return;
      }
      const headers: Record<string, string> = identity ? identityHeaders(identity) : {};
      for (const name of route.headers ?? []) {
        const value = req.get(name);
        if (value) headers[name] = value;
      }
      if (route.stream) {
        await forwardStream(dapr, route.app, target, req, res, headers);
        return;
      }
      const account = route.account?.(req.body);
      if (account) await throttle.check(account);
      await forward(dapr, route.app, target, req, res, {
        headers,
        binary: route.binary,
        compose: route.compose,
        onAnswer: async (status, body) => {
          if (account) await throttle.record(account, status);
          if (status < 300 && route.changesShared) cache?.clear();
          // The service said yes: every session of this user that began up to now has ended, before
          // the client hears so (a token used right after the answer is already refused).
          const ended =
            status < 300 && route.endsSessions
              ? route.endsSessions === true
                ? identity?.userId
                : route.endsSessions(body)
              : undefined;
          if (ended) await sessions.end(ended, Math.floor(Date.now() / 1000) + 1);
        },
      });
    });
  }
  return router;
}
