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
