import { Router } from 'express';
import { HealthReport } from '@sidecart/contracts';
import { propagatedHeaders, type Dapr } from '@sidecart/service-kit';
import { SERVICES } from '../config';

/**
 * `GET /api/v1/system/health`: asks every service for its readiness through Dapr
 * service invocation, so a green answer proves gateway → sidecar → sidecar → app works.
 */
export function systemRoutes(dapr: Dapr): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    const results = await Promise.all(
      SERVICES.map(async (service) => {
        const started = Date.now();
        try {
          const answer = await dapr.invoke(service, 'readyz', {
            headers: propagatedHeaders(req),
            timeoutMs: 3000,
            probe: true,
          });
          const report = HealthReport.safeParse(answer.body);
          return {
            service,
            status: answer.status === 200 && report.success ? report.data.status : 'down',
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
    res.status(allUp ? 200 : 503).json({
      status: allUp ? 'ok' : 'degraded',
      gateway: 'ok',
      services: Object.fromEntries(results.map(({ service, ...rest }) => [service, rest])),
    });
  });
  return router;
}
