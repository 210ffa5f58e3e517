import type { Request, Response } from 'express';
import { HttpProblem, type Identity, type Logger } from '@sidecart/service-kit';
import { clientOf, decide, rateClassOf, type RateClass, type RateLimits } from '../domain/rate-limits';
import type { RateCounter } from '../store/rate-counter';

export type RateLimiter = (
  route: { method: string; rateClass?: RateClass },
  identity: Identity | null,
  req: Request,
  res: Response,
) => Promise<void>;

/**
 * Counts the request against its client's budget for the route's class and answers 429
 * with Retry-After once it is spent. The counts live in Redis, so every gateway replica
 * sees the same budget. If Redis is unreachable the request goes through: the shop stays
 * open and the outage is logged.
 */
export function rateLimiter(counter: RateCounter, limits: RateLimits, logger: Logger): RateLimiter {
  return async (route, identity, req, res) => {
    const rateClass = rateClassOf(route.method, route.rateClass);
    let hit;
    try {
      hit = await counter.hit(`${rateClass}:${clientOf(identity, req.ip)}`, limits.windowMs);
    } catch (err) {
      logger.warn(
        { err, requestId: res.get('x-request-id') },
        'rate limiter store unreachable; request let through',
      );
      return;
    }
    const decision = decide(hit.count, limits[rateClass], hit.resetInMs);
    res.set({
      'ratelimit-limit': String(decision.limit),
      'ratelimit-remaining': String(decision.remaining),
      'ratelimit-reset': String(decision.resetSeconds),
    });
    if (!decision.allowed) {
      throw new HttpProblem(
        429,
        'Too Many Requests',
        `Too many requests; try again in ${decision.resetSeconds} s`,
        undefined,
        { 'retry-after': String(decision.resetSeconds) },
      );
    }
  };
}
