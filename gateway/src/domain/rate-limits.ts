import type { Identity } from '@sidecart/service-kit';

/**
 * Route classes share one budget per client: signing up and checking passwords is what
 * attackers hammer, so it gets the smallest; reads the largest.
 */
export type RateClass = 'auth' | 'read' | 'write';
export type RateLimits = { windowMs: number } & Record<RateClass, number>;

export type RateDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (at least 1, as Retry-After wants). */
  resetSeconds: number;
};

export const rateClassOf = (method: string, declared?: RateClass): RateClass =>
  declared ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');

/** A signed-in client is its user, wherever it connects from; anyone else is their address. */
export const clientOf = (identity: Identity | null, ip: string | undefined): string =>
  identity ? `user:${identity.userId}` : `ip:${ip ?? 'unknown'}`;

/** `count` is this request's number in the current window, `resetInMs` the window's time left. */
export function decide(count: number, limit: number, resetInMs: number): RateDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
  };
}

/** Wrong passwords an account may take before each further try must wait. */
export const FREE_FAILURES = 5;
/** The longest wait between tries at one account, however many failed. */
export const MAX_FAILURE_DELAY_SECONDS = 300;

/**
 * How long after its last failure an account's next sign-in may be tried: nothing for the first
 * FREE_FAILURES, then 1, 2, 4 … seconds, up to MAX_FAILURE_DELAY_SECONDS. A delay rather than a
 * lock-out, so guessing slows to a crawl while the owner can still get in.
 */
export function failureDelaySeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_FAILURE_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES));
}
