import type { Request, Response } from 'express';
import { problem, type Identity, type Logger } from '@sidecart/service-kit';
import {
  clientOf,
  decide,
  failureDelaySeconds,
  rateClassOf,
  type RateClass,
  type RateLimits,
} from '../domain/rate-limits';
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
      throw problem(429, `Too many requests; try again in ${decision.resetSeconds} s`, {
        headers: { 'retry-after': String(decision.resetSeconds) },
      });
    }
  };
}

/**
 * Wrong passwords slow down per account as well as per client (`failureDelaySeconds`): a client
 * that rotates its address gets no fresh guesses at the same account. Counted in the same Redis
 * as the rate limits; if it is unreachable, sign-ins go through (logged), as the limiter does.
 */
export type AccountThrottle = {
  /** Answers 429 with Retry-After while `account` must still wait after its last failure. */
  check(account: string): Promise<void>;
  /** Records the service's answer: 401 counts as a failure, a 2xx starts the count again. */
  record(account: string, status: number): Promise<void>;
};

/** Failures are forgotten this long after the last one. */
const FAILURE_MEMORY_MS = 15 * 60_000;

export function accountThrottle(counter: RateCounter, logger: Logger): AccountThrottle {
  const safely = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      logger.warn({ err }, `account throttle store unreachable; ${what} skipped`);
      return undefined;
    }
  };
  return {
    async check(account) {
      const seen = await safely('check', () => counter.failures(`account:${account}`));
      if (!seen) return;
      const waitMs = failureDelaySeconds(seen.count) * 1000 - (Date.now() - seen.lastAt);
      if (waitMs > 0) {
        const seconds = String(Math.ceil(waitMs / 1000));
        throw problem(429, `Too many wrong passwords for this account; try again in ${seconds} s`, {
          headers: { 'retry-after': seconds },
        });
      }
    },
    async record(account, status) {
      if (status === 401) await safely('count', () => counter.fail(`account:${account}`, FAILURE_MEMORY_MS));
      else if (status >= 200 && status < 300)
        await safely('reset', () => counter.clearFailures(`account:${account}`));
    },
  };
}
