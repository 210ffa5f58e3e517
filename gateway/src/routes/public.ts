import { Router, type RequestHandler } from 'express';
import { HttpProblem, identityHeaders, type Dapr, type Identity } from '@sidecart/service-kit';
import { verifyBearer } from '../auth/tokens';
import { cachedRead, type CatalogCache } from './catalog-cache';
import { forward } from './forward';
import type { RateLimiter } from './rate-limit';
import { ROUTES, type PublicRoute } from './table';

type Locals = { identity: Identity | null };

/** Reads the bearer token, if any; a token that is present must be valid, even on public routes. */
export function authenticate(key: Uint8Array): RequestHandler {
  return async (req, res, next) => {
    (res.locals as Locals).identity = await verifyBearer(req.get('authorization'), key);
    next();
  };
}

function authorize(route: PublicRoute, identity: Identity | null): void {
  if (route.access === 'anonymous') return;
  if (!identity)
    throw new HttpProblem(401, 'Unauthorized', 'Sign in to do this', undefined, {
      'www-authenticate': 'Bearer',
    });
  if (route.access === 'admin' && identity.role !== 'admin') {
    throw new HttpProblem(403, 'Forbidden', 'Only an admin may do this');
  }
}

/**
 * Mounts the route table: rate limits and role checks here, ownership checks in the services.
 * The limit comes first so that failed sign-ins and probing spend the budget too.
 */
export function publicRoutes(
  dapr: Dapr,
  limit: RateLimiter,
  cache: CatalogCache | null = null,
  routes: PublicRoute[] = ROUTES,
): Router {
  const router = Router();
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](route.path, async (req, res) => {
      const identity = (res.locals as Locals).identity;
      await limit(route, identity, req, res);
      authorize(route, identity);
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const target = route.target(req.params as Record<string, string>, identity) + query;
      // Only requests without any Authorization header share answers: an admin sees archived
      // products, and nothing a token unlocks may be handed to someone else.
      if (cache && route.shared && !req.get('authorization')) {
        await cachedRead(cache, dapr, route.app, target, req, res);
        return;
      }
      const headers: Record<string, string> = identity ? identityHeaders(identity) : {};
      for (const name of route.headers ?? []) {
        const value = req.get(name);
        if (value) headers[name] = value;
      }
      await forward(dapr, route.app, target, req, res, { headers, compose: route.compose });
    });
  }
  return router;
}
