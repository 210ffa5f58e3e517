import { BaseEnv, readEnv } from '@sidecart/service-kit';
import { z } from 'zod';

const seconds = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(fallback);

export const CustomerEnv = BaseEnv.extend({
  APP_PORT: BaseEnv.shape.APP_PORT.default(5001),
  /** Where mailed links send the shopper (the storefront's reset and verification pages). */
  STOREFRONT_URL: z.url().default('http://localhost:3000'),
  /** How long a password reset link works (the full-stack tests shorten it to see one expire). */
  PASSWORD_RESET_TTL_SECONDS: seconds(3600),
  /** How long the sign-up mail's verification link works. */
  EMAIL_VERIFICATION_TTL_SECONDS: seconds(7 * 86_400),
});

export const loadConfig = () => readEnv(CustomerEnv);
export type CustomerConfig = ReturnType<typeof loadConfig>;
