import type { ChangeOrderLines, Currency } from '@sidecart/contracts';
import type { FieldError } from '@sidecart/service-kit';
import type { ProductForSale } from './cart';
import type { OrderLine } from './order';
import { chargesOf, priceOrder, type PricingConfig } from './pricing';
import type { RequestedChange } from './saga';

const price = (money: { amount: number; currency: string }) =>
  `${(money.amount / 100).toFixed(2)} ${money.currency}`;

/** What a change needs to know of the order: its lines, total, shipping method and tax destination. */
export type ChangedOrder = {
  lines: OrderLine[];
  total: { amount: number };
  shipping: { method: string | null };
  tax: { country: string };
};

/**
 * An order's lines after a shopper's change: each named line at its new quantity (0 removes
 * it), the rest as they were, and every line left priced from the catalog as it is today, with
 * shipping (the order's method) and tax (the country it was priced for) computed again.
 * `products` are the catalog's answers for the order's current lines, in their order. Every problem is
 * reported with the field it concerns.
 */
export function planChange(
  order: ChangedOrder,
  request: ChangeOrderLines,
  products: (ProductForSale | null)[],
  currency: Currency,
  pricing: PricingConfig,
): { change: RequestedChange | null; errors: FieldError[] } {
  const current = order.lines;
  const errors: FieldError[] = [];
  const wanted = new Map(request.lines.map((l) => [l.productId, l.quantity]));
  request.lines.forEach((l, i) => {
    if (!current.some((line) => line.productId === l.productId))
      errors.push({ path: `lines.${i}.productId`, message: 'is not a line of this order' });
  });
  const kept = current
    .map((line, i) => ({ line: { ...line, quantity: wanted.get(line.productId) ?? line.quantity }, i }))
    .filter(({ line }) => line.quantity > 0);
  if (kept.length === 0)
    errors.push({ path: 'lines', message: 'would remove every line: cancel the order instead' });
  if (errors.length > 0) return { change: null, errors };

  const lines: OrderLine[] = [];
  kept.forEach(({ line, i }) => {
    const product = products[i];
    if (!product?.active) {
      errors.push({ path: 'lines', message: `${line.name} is no longer sold` });
      return;
    }
    if (product.price.currency !== currency) {
      errors.push({ path: 'lines', message: `${line.name} is now sold in ${product.price.currency}` });
      return;
    }
    lines.push({ ...line, sku: product.sku, name: product.name, unitPrice: product.price });
  });
  if (errors.length > 0) return { change: null, errors };

  const repriced = priceOrder(
    lines,
    { country: order.tax.country, shippingMethod: order.shipping.method ?? undefined },
    currency,
    pricing,
    'lines',
  );
  if (!repriced.priced) return { change: null, errors: repriced.errors };
  const before = { amount: order.total.amount, currency };
  const after = { amount: repriced.priced.total, currency };
  const parts = current.map((line) => {
    const now = lines.find((l) => l.productId === line.productId);
    if (!now) return `${line.name} removed`;
    return now.quantity === line.quantity ? null : `${line.name} ${line.quantity} → ${now.quantity}`;
  });
  const summary = [...parts.filter(Boolean), `total ${price(before)} → ${price(after)}`].join('; ');
  return { change: { lines, total: after.amount, summary, charges: chargesOf(repriced.priced) }, errors };
}
