import { Currency, type AmountBreakdown, type Money } from '@sidecart/contracts';
import type { FieldError } from '@sidecart/service-kit';
import { z } from 'zod';

/**
 * Shipping and tax (docs/architecture.md, "Shipping and tax"): pure functions of the lines, the
 * destination and the shop's pricing configuration (`services/order/config/pricing.json`).
 *
 * Rounding rule: tax is computed per line (each order line, and shipping as one more line) and
 * rounded half up to a whole minor unit, in integers; the order's tax is the sum of those. Half up
 * is the commercial rounding EU tax authorities expect on invoices (banker's rounding is not
 * accepted everywhere); per line, so that every line's tax can be shown and the lines add up to
 * the total exactly, and a line's tax never depends on what else is in the cart.
 */

const MinorUnits = z.number().int().min(0).max(1_000_000_000);
/** A rate in basis points: 1900 is 19 %. */
const BasisPoints = z.number().int().min(0).max(10_000);
const Country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');
/** An amount in each currency the shop sells in, so every cart can be priced. */
const PerCurrency = z.strictObject(
  Object.fromEntries(Currency.options.map((c) => [c, MinorUnits])) as Record<Currency, typeof MinorUnits>,
);

export const PricingConfig = z
  .strictObject({
    $comment: z.string().optional(),
    /** true: catalog prices and shipping fees are stated with tax (the total contains it); false: tax is added. */
    pricesIncludeTax: z.boolean(),
    tax: z.strictObject({
      /** The rate by destination country. */
      rates: z.record(Country, BasisPoints),
      /** The rate of every destination not listed (exports outside the EU: 0). */
      otherwise: BasisPoints,
    }),
    shipping: z.strictObject({
      /** The method of an order or quote that names none. */
      default: z.string(),
      methods: z
        .array(
          z.strictObject({
            id: z.string().regex(/^[a-z][a-z0-9-]*$/),
            name: z.string().min(1),
            /** The flat fee, per currency. */
            fee: PerCurrency,
            /** Goods worth at least this (at their stated prices) ship free; null: never free. */
            freeFrom: PerCurrency.nullable(),
          }),
        )
        .min(1),
    }),
  })
  .refine((c) => c.shipping.methods.some((m) => m.id === c.shipping.default), {
    message: 'must name one of the methods',
    path: ['shipping', 'default'],
  });
export type PricingConfig = z.infer<typeof PricingConfig>;

/** n / d rounded half up, in exact integer arithmetic (n, d ≥ 0, d > 0). */
export function divideHalfUp(n: number, d: number): number {
  const N = BigInt(n);
  const D = BigInt(d);
  const q = N / D;
  return Number(2n * (N % D) >= D ? q + 1n : q);
}

/**
 * The tax of one line of `amount` minor units at `rate` basis points: contained in the amount
 * (`included`: amount × rate / (10000 + rate)) or on top of it (amount × rate / 10000), half up.
 */
export function lineTax(amount: number, rate: number, included: boolean): number {
  return divideHalfUp(amount * rate, included ? 10_000 + rate : 10_000);
}

export const taxRateOf = (config: PricingConfig, country: string): number =>
  config.tax.rates[country] ?? config.tax.otherwise;

type Line = { unitPrice: Money; quantity: number };

export type ShippingFee = { method: string; name: string; amount: number; freeFrom: number | null };

export type PricedOrder = {
  currency: Currency;
  country: string;
  rate: number;
  included: boolean;
  /** Each line's amount (unit price × quantity) and its tax, in the order of the lines. */
  lines: { amount: number; tax: number }[];
  /** The lines' amounts added up, at their stated prices. */
  subtotal: number;
  shipping: ShippingFee;
  /** The tax of the shipping fee (a line of its own). */
  shippingTax: number;
  /** Every line's tax and the shipping's. */
  tax: number;
  total: number;
  /** Every method, priced for these lines. */
  methods: ShippingFee[];
};

/** A method's fee for goods worth `subtotal`: flat, or nothing from its threshold on. */
function feeOf(method: PricingConfig['shipping']['methods'][number], subtotal: number, currency: Currency) {
  const freeFrom = method.freeFrom?.[currency] ?? null;
  const amount = freeFrom !== null && subtotal >= freeFrom ? 0 : method.fee[currency];
  return { method: method.id, name: method.name, amount, freeFrom };
}

/**
 * Prices lines for a destination: subtotal, shipping, tax and total in integer minor units of
 * `currency` (every line must be in it). An unknown shipping method is an error on `path`.
 */
export function priceOrder(
  lines: Line[],
  destination: { country: string; shippingMethod?: string | undefined },
  currency: Currency,
  config: PricingConfig,
  path = 'shippingMethod',
): { priced: PricedOrder; errors: [] } | { priced: null; errors: FieldError[] } {
  const methodId = destination.shippingMethod ?? config.shipping.default;
  const method = config.shipping.methods.find((m) => m.id === methodId);
  if (!method) {
    const known = config.shipping.methods.map((m) => m.id).join(', ');
    return { priced: null, errors: [{ path, message: `must be one of ${known}` }] };
  }
  const rate = taxRateOf(config, destination.country);
  const included = config.pricesIncludeTax;
  const priced = lines.map((line) => {
    if (line.unitPrice.currency !== currency)
      throw new Error(`a line is priced in ${line.unitPrice.currency}, not ${currency}`);
    const amount = line.unitPrice.amount * line.quantity;
    return { amount, tax: lineTax(amount, rate, included) };
  });
  const subtotal = priced.reduce((sum, l) => sum + l.amount, 0);
  const shipping = feeOf(method, subtotal, currency);
  const shippingTax = lineTax(shipping.amount, rate, included);
  const tax = priced.reduce((sum, l) => sum + l.tax, shippingTax);
  const total = subtotal + shipping.amount + (included ? 0 : tax);
  if (!Number.isSafeInteger(total)) throw new Error('order total overflows');
  return {
    priced: {
      currency,
      country: destination.country,
      rate,
      included,
      lines: priced,
      subtotal,
      shipping,
      shippingTax,
      tax,
      total,
      methods: config.shipping.methods.map((m) => feeOf(m, subtotal, currency)),
    },
    errors: [],
  };
}

/** What an order stores of its pricing besides its lines (the `orders` columns of migration shipping-and-tax). */
export type OrderCharges = {
  shippingMethod: string | null;
  shipping: number;
  shippingTax: number;
  tax: number;
  taxCountry: string;
  taxRate: number;
  taxIncluded: boolean;
};

export const chargesOf = (priced: PricedOrder): OrderCharges => ({
  shippingMethod: priced.shipping.method,
  shipping: priced.shipping.amount,
  shippingTax: priced.shippingTax,
  tax: priced.tax,
  taxCountry: priced.country,
  taxRate: priced.rate,
  taxIncluded: priced.included,
});

/**
 * PayPal's `amount.breakdown` of a total: the goods and the shipping without tax, and the tax, so
 * that the three add up to the total whether prices include tax or not.
 */
export function breakdownOf(total: number, charges: OrderCharges): AmountBreakdown {
  const shipping = charges.taxIncluded ? charges.shipping - charges.shippingTax : charges.shipping;
  return { itemTotal: total - shipping - charges.tax, shipping, taxTotal: charges.tax };
}
