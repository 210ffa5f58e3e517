import { Router } from 'express';
import { HealthReport, type SystemHealth } from '@sidecart/contracts';
import type { Dapr, Identity } from '@sidecart/service-kit';
import { SERVICES } from '../config';
import { healthSummary } from '../domain/health-summary';
import { checkRequest } from './contract';
import type { RateLimiter } from './rate-limit';

/** How long one round of checks answers every caller: a burst of health calls fans out once. */
export const HEALTH_CACHE_MS = 2000;

/** The system's health, from the latest round of checks (a new round when it is older than HEALTH_CACHE_MS). */
export type HealthRounds = () => Promise<SystemHealth>;

/**
 * Asks every service for its readiness through Dapr service invocation, so a green answer
 * proves gateway → sidecar → sidecar → app works; each service's report includes its
 * database, its sidecar and whether the sidecar took up its subscriptions. Calls within
 * HEALTH_CACHE_MS of a round share it, so no caller can make every service and database work
 * per request.
 */
export function healthRounds(dapr: Dapr): HealthRounds {
  let round: { at: number; report: Promise<SystemHealth> } | undefined;
  return () => {
    if (!round || Date.now() - round.at > HEALTH_CACHE_MS) round = { at: Date.now(), report: check(dapr) };
    return round.report;
  };
}

/**
 * `GET /api/v1/system/health`: anyone gets the overall status, rate limited like any read; an
 * admin's token also gets each service's checks and latencies.
 */
export function systemRoutes(health: HealthRounds, limit: RateLimiter): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    const identity = (res.locals as { identity: Identity | null }).identity;
    await limit({ method: 'GET', rateClass: 'read' }, identity, req, res);
    checkRequest({}, req); // it takes no query and no body
    const report = await health();
    res.set('cache-control', 'no-store');
    res
      .status(report.status === 'ok' ? 200 : 503)
      .json(identity?.role === 'admin' ? report : { status: report.status });
  });
  return router;
}

/**
 * The gateway's internal port (127.0.0.1 only, never routed publicly; `INTERNAL_PORT`): the
 * operator's view. `GET /health` is every service's checks, failed subscriptions included,
 * without a token; `GET /health/summary` the same as lines of text (what `npm start` prints).
 */
export function internalHealthRoutes(health: HealthRounds): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const report = await health();
    res
      .set('cache-control', 'no-store')
      .status(report.status === 'ok' ? 200 : 503)
      .json(report);
  });
  router.get('/health/summary', async (_req, res) => {
    const report = await health();
    res
      .set('cache-control', 'no-store')
      .status(report.status === 'ok' ? 200 : 503)
      .type('text/plain')
      .send(`${healthSummary(report).join('\n')}\n`);
  });
  return router;
}

async function check(dapr: Dapr): Promise<SystemHealth> {
  const results = await Promise.all(
    SERVICES.map(async (service) => {
      const started = Date.now();
      try {
        const answer = await dapr.invoke(service, 'readyz', { timeoutMs: 3000, probe: true });
        const report = HealthReport.safeParse(answer.body);
        const answered = (answer.status === 200 || answer.status === 503) && report.success;
        return {
          service,
          status: answered ? report.data.status : ('down' as const),
          checks: report.success ? report.data.checks : {},
          latencyMs: Date.now() - started,
        };
      } catch (err) {
        return {
          service,
          status: 'down' as const,
          detail: (err as Error).message,
          latencyMs: Date.now() - started,
        };
      }
    }),
  );
  const allUp = results.every((r) => r.status === 'ok');
  return {
    status: allUp ? 'ok' : 'degraded',
    gateway: 'ok',
    services: Object.fromEntries(results.map(({ service, ...rest }) => [service, rest])),
  };
}
