import type { OrderStatus } from './order';

/**
 * The lifecycle in one line: every move the order lifecycle allows (domain/order.ts) goes to a
 * higher rank. The reporting read model keeps an order's highest-ranked status, so events of
 * different topics arriving out of order (an order.confirmed before its order.placed) never move
 * an order back.
 */
export const STATUS_RANK: Record<OrderStatus, number> = {
  PENDING: 0,
  STOCK_RESERVED: 1,
  PAID: 2,
  CONFIRMED: 3,
  SHIPPED: 4,
  DELIVERED: 5,
  CANCELLED: 6,
  REFUNDED: 7,
};

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: string | Date): string => new Date(at).toISOString().slice(0, 10);

/** The `days` UTC days ending with `today`'s, oldest first. */
export function windowDays(today: Date, days: number): string[] {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) => utcDay(new Date(end - (days - 1 - i) * 86_400_000)));
}

/** One entry per day of the window, from sparse rows keyed by day; missing days get `empty(day)`. */
export function fillDays<T>(days: string[], rows: Map<string, T>, empty: (day: string) => T): T[] {
  return days.map((day) => rows.get(day) ?? empty(day));
}
