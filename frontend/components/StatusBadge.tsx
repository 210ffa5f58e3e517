import type { OrderStatus } from '@sidecart/contracts';

const LABELS: Record<OrderStatus, string> = {
  PENDING: 'Placed',
  STOCK_RESERVED: 'Awaiting payment',
  PAID: 'Paid',
  CONFIRMED: 'Confirmed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
  REFUNDED: 'Refunded',
};

export const statusLabel = (status: OrderStatus) => LABELS[status];

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge ${status}`}>{LABELS[status]}</span>;
}
