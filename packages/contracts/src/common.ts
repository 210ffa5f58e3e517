import { z } from 'zod';

/** ISO 4217 code. Stores support a fixed set; add one here and every service accepts it. */
export const Currency = z.enum(['EUR', 'USD', 'GBP']);
export type Currency = z.infer<typeof Currency>;

/** Money is always integer minor units (cents) with its currency: never a float. */
export const Money = z.strictObject({
  amount: z.number().int().min(0).max(1_000_000_000),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

/**
 * Ids are uuid (v7 where we mint them) or MongoDB ObjectId strings. The length limits repeat what
 * the patterns say, for clients and tools that read only lengths.
 */
export const Uuid = z.uuid().max(36);
export const ObjectId = z
  .string()
  .max(24)
  .regex(/^[a-f0-9]{24}$/, 'must be a 24-character hex ObjectId');
export const EntityId = z.union([Uuid, ObjectId]);

/** RFC 9457 problem details, the body of every error response. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Cursor pagination: `limit` and an opaque `cursor`, as in docs/architecture.md. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const HealthReport = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  service: z.string(),
  checks: z.record(z.string(), z.object({ status: z.enum(['ok', 'down']), detail: z.string().optional() })),
});
export type HealthReport = z.infer<typeof HealthReport>;

/**
 * The gateway's `GET /api/v1/system/health`: each service's readiness as seen through Dapr.
 * 200 when every service is `ok`, else 503 with `status: degraded`. Anyone gets the overall
 * status; the per-service details only an admin.
 */
export const SystemHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  gateway: z.literal('ok').optional(),
  services: z
    .record(
      z.string(),
      z.object({
        status: z.enum(['ok', 'degraded', 'down']),
        checks: HealthReport.shape.checks.optional(),
        detail: z.string().optional(),
        latencyMs: z.number().int(),
      }),
    )
    .optional(),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

/** A date (`2026-01-31`, midnight UTC) or a date and time with its offset (`2026-01-31T12:00:00.000Z`). */
const Instant = z
  .string()
  .max(35)
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date (2026-01-31) or a date and time with its offset',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date');

/**
 * A CSV export's range: everything created at or after `from` and before `to` (half-open, so
 * consecutive ranges neither overlap nor leave a gap), at most 366 days.
 */
export const ExportRange = z
  .strictObject({ from: Instant, to: Instant })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'must be before to', path: ['from'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, {
    message: 'the range may span at most 366 days',
    path: ['to'],
  });
export type ExportRange = z.infer<typeof ExportRange>;
