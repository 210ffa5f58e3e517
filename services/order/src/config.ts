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
      /** Who sells, as every invoice names them when it is issued (docs/architecture.md, "Invoices"). */
      INVOICE_SELLER_NAME: z.string().trim().min(1).max(200).default('Sidecart Demo Shop'),
      /** The seller's address, its lines separated by `;`. */
      INVOICE_SELLER_ADDRESS: z
        .string()
        .max(500)
        .default('1 Example Street; 10115 Berlin; Germany')
        .transform((lines) =>
          lines
            .split(';')
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      /** The seller's VAT identification number, printed when set. */
      INVOICE_SELLER_VAT_ID: z.string().trim().max(50).optional(),
    }),
  );

/** Reads and checks the pricing configuration; a file that does not hold one stops the start. */
export function loadPricing(file: string): PricingConfig {
  const parsed = PricingConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a pricing configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
