import { Router } from 'express';
import type { HealthReport } from '@sidecart/contracts';

export type ReadinessCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<{ status: 'ok' | 'down'; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok' };
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness: every check must pass (database, sidecar, ...) for `ok`; `down` lists what failed.
 * A failed check named in `degrading` (the app answers requests, but not everything it should:
 * subscriptions its sidecar did not take up, so it misses events) makes it `degraded`. Both are
 * not ready (503): a service deaf to its events must not pass for working.
 */
export async function readiness(
  service: string,
  checks: Record<string, ReadinessCheck>,
  degrading: string[] = [],
): Promise<HealthReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => runCheck(checks[n]!)));
  const failed = names.filter((_, i) => results[i]!.status !== 'ok');
  const report: HealthReport = {
    status: failed.length === 0 ? 'ok' : failed.every((n) => degrading.includes(n)) ? 'degraded' : 'down',
    service,
    checks: Object.fromEntries(names.map((n, i) => [n, results[i]!])),
  };
  return report;
}

/**
 * `/healthz`: the process is alive (daprd's app health check and a liveness probe). `/readyz`: it
 * can do its whole job right now, else 503 with the report naming what fails (readiness probe).
 */
export function healthRouter(
  service: string,
  checks: Record<string, ReadinessCheck>,
  degrading: string[] = [],
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service, checks: {} } satisfies HealthReport);
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness(service, checks, degrading);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return router;
}
