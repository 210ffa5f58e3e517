import type { Currency, Money } from '@sidecart/contracts';
import { sumMoney } from './money';

/** Pure edits of a cart's lines, applied by changeCart on the freshest read. */
export type Line = { productId: string; quantity: number };

/** Adds to a line (or opens one), capped at the API's 99 per line. */
export const addLine = (productId: string, quantity: number) => (lines: Line[]) => {
  const existing = lines.find((l) => l.productId === productId);
  if (!existing) return [...lines, { productId, quantity }];
  return lines.map((l) => (l === existing ? { ...l, quantity: Math.min(99, l.quantity + quantity) } : l));
};

export const setLine = (productId: string, quantity: number) => (lines: Line[]) =>
  lines.map((l) => (l.productId === productId ? { ...l, quantity } : l));

type PricedLine = { quantity: number; unitPrice?: Money };

/** The currency of a cart: its priced lines' (`fallback` for a cart with none). */
export const cartCurrency = (lines: PricedLine[], fallback: Currency): Currency =>
  lines.find((l) => l.unitPrice)?.unitPrice?.currency ?? fallback;

/**
 * What the cart costs as the shopper saw its prices: in the currency of its priced lines
 * (`fallback` for a cart with none). Checkout prices it again on the server.
 */
export function cartTotal(lines: PricedLine[], fallback: Currency): Money {
  const currency = cartCurrency(lines, fallback);
  return sumMoney(
    lines.flatMap((l) => (l.unitPrice ? [{ amount: l.unitPrice.amount * l.quantity, currency }] : [])),
    currency,
  );
}
