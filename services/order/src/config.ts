import { BaseEnv, readEnv } from '@sidecart/service-kit';
import { z } from 'zod';

export const loadConfig = () =>
  readEnv(
    BaseEnv.extend({
      APP_PORT: BaseEnv.shape.APP_PORT.default(5003),
      STOREFRONT_URL: z.url().default('http://localhost:3000'),
      /** How long an order may wait for the product service to reserve its stock. */
      ORDER_STOCK_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
      /** How long a shopper has to approve the payment once the stock is reserved. */
      ORDER_APPROVAL_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(900),
    }),
  );
