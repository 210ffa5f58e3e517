import type { Express } from 'express';
import type pg from 'pg';
import { createServiceApp, type Dapr, type Logger } from '@sidecart/service-kit';

export type PaymentDeps = { pool: pg.Pool; dapr: Dapr; logger: Logger };

export function createPaymentApp({ pool, dapr, logger }: PaymentDeps): Express {
  return createServiceApp({
    service: 'payment',
    logger,
    readiness: {
      database: async () => void (await pool.query('SELECT 1')),
      sidecar: () => dapr.outboundHealthy(),
    },
    routes: () => {},
  });
}
