import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseEnv, readEnv } from '@sidecart/service-kit';
import { z } from 'zod';
import { PricingConfig } from './domain/pricing';

export const loadConfig = () =>
  readEnv(
    BaseEnv.extend({
      APP_PORT: BaseEnv.shape.APP_PORT.default(5003),
      STOREFRONT_URL: z.url().default('http://localhost:3000'),
      /** How long an order may wait for the product service to reserve its stock. */
      ORDER_STOCK_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
      /** How long a shopper has to approve the payment once the stock is reserved. */
      ORDER_APPROVAL_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(900),
      /** The shop's shipping methods and tax rates (docs/architecture.md, "Shipping and tax"). */
      PRICING_CONFIG: z.string().default(path.resolve(__dirname, '../config/pricing.json')),
    }),
  );

/** Reads and checks the pricing configuration; a file that does not hold one stops the start. */
export function loadPricing(file: string): PricingConfig {
  const parsed = PricingConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a pricing configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
