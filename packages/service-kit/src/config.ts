import { z } from 'zod';

/** The environment every Sidecart app reads; `dapr run` sets the Dapr ports. */
export const BaseEnv = z.object({
  APP_PORT: z.coerce.number().int().positive(),
  DAPR_HTTP_PORT: z.coerce.number().int().positive().default(3500),
  DAPR_API_TOKEN: z.string().optional(),
  APP_API_TOKEN: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
  /** Where `listen` serves Prometheus metrics (loopback, or METRICS_HOST); unset: not served. */
  METRICS_PORT: z.coerce.number().int().positive().optional(),
});

/** Reads the environment through a schema; a bad or missing variable stops the start with its name. */
export function readEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}
