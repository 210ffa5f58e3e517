import type { Money } from '@sidecart/contracts';

/** Minor units per major unit, by ISO 4217 code (all the shop's currencies have 2). */
const DECIMALS: Record<string, number> = { EUR: 2, USD: 2, GBP: 2 };

/** Money in the shopper's language, e.g. 1299 EUR → "€12.99" (en) or "12,99 €" (de). */
export function formatMoney(money: Money, locale = 'en'): string {
  const decimals = DECIMALS[money.currency] ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(
    money.amount / 10 ** decimals,
  );
}

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
