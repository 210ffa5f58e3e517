import { Router } from 'express';
import { HealthReport, type SystemHealth } from '@sidecart/contracts';
import type { Dapr, Identity } from '@sidecart/service-kit';
import { SERVICES } from '../config';
import { checkRequest } from './contract';
import type { RateLimiter } from './rate-limit';

/** How long one round of checks answers every caller: a burst of health calls fans out once. */
export const HEALTH_CACHE_MS = 2000;

/**
 * `GET /api/v1/system/health`: asks every service for its readiness through Dapr service
 * invocation, so a green answer proves gateway → sidecar → sidecar → app works. Anyone gets the
 * overall status, rate limited like any read; an admin's token also gets each service's checks
 * and latencies. Calls within HEALTH_CACHE_MS of a round share it, so the endpoint cannot be
 * used to make every service and database work per request.
 */
export function systemRoutes(dapr: Dapr, limit: RateLimiter): Router {
  const router = Router();
  let round: { at: number; report: Promise<SystemHealth> } | undefined;
  const checkAll = () => {
    if (!round || Date.now() - round.at > HEALTH_CACHE_MS) round = { at: Date.now(), report: check(dapr) };
    return round.report;
  };
  router.get('/health', async (req, res) => {
    const identity = (res.locals as { identity: Identity | null }).identity;
    await limit({ method: 'GET', rateClass: 'read' }, identity, req, res);
    checkRequest({}, req); // it takes no query and no body
    const report = await checkAll();
    res.set('cache-control', 'no-store');
    res
      .status(report.status === 'ok' ? 200 : 503)
      .json(identity?.role === 'admin' ? report : { status: report.status });
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
        return {
          service,
          status: answer.status === 200 && report.success ? report.data.status : ('down' as const),
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
