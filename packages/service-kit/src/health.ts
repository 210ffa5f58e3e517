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

/** Readiness: every check must pass (database, sidecar, ...). 503 lists what is down. */
export async function readiness(
  service: string,
  checks: Record<string, ReadinessCheck>,
): Promise<HealthReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => runCheck(checks[n]!)));
  const report: HealthReport = {
    status: results.every((r) => r.status === 'ok') ? 'ok' : 'down',
    service,
    checks: Object.fromEntries(names.map((n, i) => [n, results[i]!])),
  };
  return report;
}

/** `/healthz`: the process is alive. `/readyz`: it can do its job right now. */
export function healthRouter(service: string, checks: Record<string, ReadinessCheck>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service, checks: {} } satisfies HealthReport);
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness(service, checks);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return router;
}
