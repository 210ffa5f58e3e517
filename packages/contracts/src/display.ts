import type { Money } from './common';

/** Minor units per major unit, by ISO 4217 code (all the shop's currencies have 2). */
const DECIMALS: Record<string, number> = { EUR: 2, USD: 2, GBP: 2 };

/**
 * Money as people read it, from integer minor units and the currency, e.g. 1299 EUR → "€12.99" (en) or
 * "12,99 €" (de). The storefront and the order emails format every amount with it.
 */
export function formatMoney(money: Money, locale = 'en'): string {
  const decimals = DECIMALS[money.currency] ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(
    money.amount / 10 ** decimals,
  );
}

/**
 * An order's id as people quote it (the order number on the storefront and in emails): the random
 * tail of its uuid v7 (the head is a timestamp that orders placed in the same minute share).
 */
export const shortOrderId = (id: string): string => id.slice(-8);
