import { Router } from 'express';
import { requireAdmin } from '@sidecart/service-kit';
import type { ReportStore } from '../store/reports';

/** The dashboard's window: the last 30 UTC days, today included. */
export const REPORT_DAYS = 30;

/** The admin dashboard's figures, from the reporting read model (admins only). */
export function reportRoutes(reports: ReportStore): Router {
  const router = Router();
  router.get('/dashboard', async (req, res) => {
    requireAdmin(req);
    res.json(await reports.report(REPORT_DAYS));
  });
  return router;
}
