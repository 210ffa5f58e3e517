/**
 * Circuit breaking and retries for service invocation, decided by the caller.
 *
 * Dapr 1.16's own breaker (resiliency `circuitBreakers` on an app target) counts every
 * answer outside 2xx/3xx as a failure (pkg/api/http/directmessaging.go wraps it in
 * `resiliency.NewCodeError`), so six refused sign-ups (400) or wrong passwords (401)
 * opened the route for everyone. Its retry policy cannot see the HTTP method either. So
 * the caller's `Dapr.invoke` does both, and classifies each outcome itself:
 *
 * - a 4xx is the callee working as designed: it never counts against the callee;
 * - a timeout, a connection failure or a 5xx counts; N in a row open the breaker for that
 *   callee, and calls then fail fast (503) until one trial call succeeds;
 * - only idempotent calls (GET, or a callee that dedupes by key) are retried, and only
 *   after a connection failure: a timeout may mean the call was done. Any call is retried
 *   when daprd could not connect at all (`neverSent`): nothing was sent.
 */

/** What happened to one call, as far as the callee's health is concerned. */
export type Outcome =
  | { kind: 'answered'; status: number; daprError?: string; message?: string }
  | { kind: 'timeout' }
  | { kind: 'connection' };

/**
 * daprd answers `500 {"errorCode":"ERR_DIRECT_INVOKE"}` when it could not get an answer from
 * the callee: its resiliency timeout ("context deadline exceeded") or no connection.
 */
export function classify(outcome: Outcome): 'ok' | 'timeout' | 'connection' | 'error' {
  if (outcome.kind !== 'answered') return outcome.kind;
  // (daprd also uses ERR_DIRECT_INVOKE for 403 PermissionDenied: an answer, not an outage.)
  if (outcome.daprError === 'ERR_DIRECT_INVOKE' && outcome.status >= 500) {
    return /deadline exceeded|timeout|timed out/i.test(outcome.message ?? '') ? 'timeout' : 'connection';
  }
  return outcome.status >= 500 ? 'error' : 'ok';
}

/**
 * daprd could not even connect to the callee's sidecar (or the callee's sidecar to its app):
 * the request was never sent, so repeating it is safe whatever its method. The usual cause is
 * a callee's sidecar that has just restarted: the caller's daprd dials it again only after
 * gRPC's reconnect backoff (about 1 s), and until then answers `rpc error: code = Unavailable
 * … transport: Error while dialing: dial tcp …: connect: connection refused`. Measured after a
 * restart of the product sidecar: every call failed so for 0.6 s, then the first 201.
 */
export function neverSent(outcome: Outcome): boolean {
  return (
    classify(outcome) === 'connection' &&
    outcome.kind === 'answered' &&
    /error while dialing|connect: connection refused/i.test(outcome.message ?? '')
  );
}

/**
 * A retry is safe only when the request never reached the callee: an idempotent call after any
 * connection failure, any call when daprd could not connect at all (`neverSent`).
 */
export function mayRetry(outcome: Outcome, idempotent: boolean): boolean {
  return classify(outcome) === 'connection' && (idempotent || neverSent(outcome));
}

export type BreakerOptions = {
  /** Failures (timeouts, connection failures, 5xx) in a row that open the breaker. */
  failuresToOpen: number;
  /** How long an open breaker refuses calls before it lets one trial call through. */
  openMs: number;
  now?: () => number;
};

export const DEFAULT_BREAKER: BreakerOptions = { failuresToOpen: 6, openMs: 15_000 };

/** Thrown instead of calling a callee whose breaker is open. */
export class CircuitOpen extends Error {
  constructor(readonly retryAfterMs: number) {
    super('circuit open');
  }
}

/**
 * One breaker per callee: closed → (N failures in a row) → open → (after `openMs`) one trial
 * call at a time (half-open) → closed on its success, open again on its failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions = DEFAULT_BREAKER) {
    this.now = options.now ?? Date.now;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
  }

  /** Call before each attempt: throws CircuitOpen when the call must not be made. */
  admit(): void {
    if (this.openedAt === null) return;
    const waited = this.now() - this.openedAt;
    if (waited < this.options.openMs) throw new CircuitOpen(this.options.openMs - waited);
    if (this.trialInFlight) throw new CircuitOpen(1000);
    this.trialInFlight = true;
  }

  /** Report each admitted attempt's outcome exactly once. */
  record(outcome: Outcome): void {
    if (classify(outcome) === 'ok') {
      this.failures = 0;
      this.openedAt = null;
      this.trialInFlight = false;
      return;
    }
    this.failures++;
    if (this.trialInFlight || this.failures >= this.options.failuresToOpen) {
      this.openedAt = this.now();
      this.trialInFlight = false;
    }
  }
}
