import type { Money } from '@sidecart/contracts';

/** Money in the shopper's language: one formatter for the storefront and the emails. */
export { formatMoney } from '@sidecart/contracts';

/** Sums integer minor units; every line must be in one currency. */
export function sumMoney(items: Money[], currency: Money['currency']): Money {
  return { amount: items.reduce((total, m) => total + m.amount, 0), currency };
}

/**
 * A price the shopper typed in major units ("12", "12.5", "12,50") as integer minor units,
 * parsed as text so no float rounding creeps in. Anything else is undefined.
 */
export function parseMajorUnits(input: string | undefined, decimals = 2): number | undefined {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(input ?? '');
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(decimals, '0');
  return Number(match[1]) * 10 ** decimals + Number(fraction || '0');
}
