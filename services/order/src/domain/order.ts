import type { Money, OrderStatus } from '@sidecart/contracts';

export { ORDER_STATUSES, type OrderStatus } from '@sidecart/contracts';

export type OrderLine = { productId: string; sku: string; name: string; quantity: number; unitPrice: Money };

/** The order lifecycle (docs/architecture.md): which state may follow which. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['STOCK_RESERVED', 'CANCELLED'],
  STOCK_RESERVED: ['PAID', 'CANCELLED'],
  PAID: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: ['REFUNDED'],
  REFUNDED: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus) => NEXT[from].includes(to);

/** A shopper may cancel until the goods leave the warehouse. */
export const shopperMayCancel = (status: OrderStatus) =>
  status === 'PENDING' || status === 'STOCK_RESERVED' || status === 'PAID' || status === 'CONFIRMED';

/** Sums lines in integer minor units; every line must be in the order's currency. */
export function orderTotal(lines: OrderLine[], currency: Money['currency']): Money {
  let amount = 0;
  for (const line of lines) {
    if (line.unitPrice.currency !== currency) {
      throw new Error(`line ${line.sku} is priced in ${line.unitPrice.currency}, not ${currency}`);
    }
    amount += line.unitPrice.amount * line.quantity;
  }
  if (!Number.isSafeInteger(amount)) throw new Error('order total overflows');
  return { amount, currency };
}
