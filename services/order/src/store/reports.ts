import type pg from 'pg';
import {
  ORDER_STATUSES,
  type Currency,
  type EventOf,
  type Money,
  type OrderStatus,
  type SalesReport,
} from '@sidecart/contracts';
import { firstDelivery, inTransaction } from '@sidecart/service-kit';
import { fillDays, STATUS_RANK, utcDay, windowDays } from '../domain/reports';

/** The topics the reporting read model is fed by. */
export const REPORTED_TOPICS = [
  'order.placed',
  'order.confirmed',
  'order.cancelled',
  'order.shipped',
  'stock.reserved',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
] as const;
export type ReportedTopic = (typeof REPORTED_TOPICS)[number];

/** A delivery the read model can take: its topic and payload, as parsed from the contract. */
export type ReportedEvent = { [T in ReportedTopic]: { topic: T; event: EventOf<T> } }[ReportedTopic];

export const isReported = (topic: string): topic is ReportedTopic =>
  (REPORTED_TOPICS as readonly string[]).includes(topic);

/** How many of the most-sold products and latest payment failures the report lists. */
const TOP_PRODUCTS = 10;
const RECENT_FAILURES = 10;

/**
 * The admin dashboard's read model (migration `sales-report`): small tables kept by each event,
 * read per page view without touching the orders. `project` runs in the caller's transaction,
 * right after that transaction marked the event processed (`firstDelivery`), so a redelivered
 * event is never counted twice and a failed projection rolls the mark back with it.
 */
export class ReportStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Projects one delivery in its own transaction; false when it was a redelivery. */
  async record(delivery: ReportedEvent): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (!(await firstDelivery(tx, delivery.event.eventId, delivery.topic))) return false;
      await this.project(tx, delivery);
      return true;
    });
  }

  /** Applies one event to the read model, in the caller's transaction (see the class). */
  async project(tx: pg.ClientBase, { topic, event }: ReportedEvent): Promise<void> {
    const at = event.occurredAt;
    switch (topic) {
      case 'order.placed':
        return this.move(tx, event.orderId, 'PENDING', at);
      case 'stock.reserved':
        return this.move(tx, event.orderId, 'STOCK_RESERVED', at);
      case 'payment.succeeded':
        return this.move(tx, event.orderId, 'PAID', at);
      case 'order.confirmed': {
        const day = utcDay(at);
        await tx.query(
          `INSERT INTO report_daily_sales (day, currency, orders, revenue_amount) VALUES ($1, $2, 1, $3)
           ON CONFLICT (day, currency) DO UPDATE SET orders = report_daily_sales.orders + 1,
             revenue_amount = report_daily_sales.revenue_amount + EXCLUDED.revenue_amount`,
          [day, event.total.currency, event.total.amount],
        );
        // One row per product of the order (an order may list a product on several lines), in a
        // fixed order so concurrent projections lock the rows in the same order.
        const products = new Map<
          string,
          { sku: string; currency: Currency; units: number; amount: number }
        >();
        for (const line of event.lines) {
          const key = `${line.productId}\u0000${line.unitPrice.currency}`;
          const sum = products.get(key) ?? {
            sku: line.sku,
            currency: line.unitPrice.currency,
            units: 0,
            amount: 0,
          };
          sum.units += line.quantity;
          sum.amount += line.quantity * line.unitPrice.amount;
          products.set(key, sum);
        }
        for (const [key, sum] of [...products].sort(([a], [b]) => a.localeCompare(b))) {
          await tx.query(
            `INSERT INTO report_daily_products (day, product_id, currency, sku, units, orders, revenue_amount)
             VALUES ($1, $2, $3, $4, $5, 1, $6)
             ON CONFLICT (day, product_id, currency) DO UPDATE SET sku = EXCLUDED.sku,
               units = report_daily_products.units + EXCLUDED.units,
               orders = report_daily_products.orders + 1,
               revenue_amount = report_daily_products.revenue_amount + EXCLUDED.revenue_amount`,
            [day, key.split('\u0000')[0], sum.currency, sum.sku, sum.units, sum.amount],
          );
        }
        return this.move(tx, event.orderId, 'CONFIRMED', at);
      }
      case 'order.cancelled':
        return this.move(tx, event.orderId, 'CANCELLED', at);
      case 'order.shipped':
        return this.move(tx, event.orderId, 'SHIPPED', at);
      case 'payment.failed':
        await tx.query(
          `INSERT INTO report_payment_failures (event_id, order_id, reason, at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (event_id) DO NOTHING`,
          [event.eventId, event.orderId, event.reason, at],
        );
        return;
      case 'payment.refunded':
        await this.refunded(tx, event.amount, at);
        return this.move(tx, event.orderId, 'REFUNDED', at);
    }
  }

  /**
   * Money paid back on `at`'s day: a cancellation's refund (above) or an admin's refund or return,
   * which the order service records in the transaction that closes it (store/refunds.ts).
   */
  async refunded(tx: pg.ClientBase, amount: Money, at: string): Promise<void> {
    await tx.query(
      `INSERT INTO report_daily_sales (day, currency, refunded_amount) VALUES ($1, $2, $3)
       ON CONFLICT (day, currency) DO UPDATE
         SET refunded_amount = report_daily_sales.refunded_amount + EXCLUDED.refunded_amount`,
      [utcDay(at), amount.currency, amount.amount],
    );
  }

  /**
   * Moves an order to `status` unless the read model already has it in a later one (events of
   * different topics arrive in any order), keeping the per-status counts with it. Counts are
   * changed lower rank first, so concurrent moves lock the count rows in one order.
   */
  private async move(tx: pg.ClientBase, orderId: string, status: OrderStatus, at: string): Promise<void> {
    const rank = STATUS_RANK[status];
    const inserted = await tx.query(
      `INSERT INTO report_order_status (order_id, status, rank, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id) DO NOTHING`,
      [orderId, status, rank, at],
    );
    if (inserted.rowCount === 1) return this.count(tx, status, 1);
    const { rows } = await tx.query<{ status: OrderStatus; rank: number }>(
      'SELECT status, rank FROM report_order_status WHERE order_id = $1 FOR UPDATE',
      [orderId],
    );
    const before = rows[0];
    if (!before || before.rank >= rank) return;
    await tx.query('UPDATE report_order_status SET status = $2, rank = $3, at = $4 WHERE order_id = $1', [
      orderId,
      status,
      rank,
      at,
    ]);
    await this.count(tx, before.status, -1);
    await this.count(tx, status, 1);
  }

  private async count(tx: pg.ClientBase, status: OrderStatus, delta: number): Promise<void> {
    await tx.query(
      `INSERT INTO report_status_counts (status, orders) VALUES ($1, $2)
       ON CONFLICT (status) DO UPDATE SET orders = report_status_counts.orders + EXCLUDED.orders`,
      [status, delta],
    );
  }

  /** The dashboard's figures for the `days` UTC days ending today. */
  async report(days: number, now: Date = new Date()): Promise<SalesReport> {
    const window = windowDays(now, days);
    const from = window[0]!;
    const to = window.at(-1)!;
    const [sales, statuses, products, failureDays, recent] = await Promise.all([
      this.pool.query<{
        day: string;
        currency: Currency;
        orders: number;
        revenue: string;
        refunded: string;
      }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, orders, revenue_amount AS revenue,
                refunded_amount AS refunded
           FROM report_daily_sales WHERE day BETWEEN $1 AND $2`,
        [from, to],
      ),
      this.pool.query<{ status: OrderStatus; orders: number }>(
        'SELECT status, orders FROM report_status_counts',
      ),
      this.pool.query<{
        product_id: string;
        currency: Currency;
        sku: string;
        units: string;
        orders: string;
        revenue: string;
      }>(
        `SELECT product_id, currency, max(sku) AS sku, sum(units) AS units, sum(orders) AS orders,
                sum(revenue_amount) AS revenue
           FROM report_daily_products WHERE day BETWEEN $1 AND $2
          GROUP BY product_id, currency ORDER BY sum(units) DESC, product_id LIMIT $3`,
        [from, to, TOP_PRODUCTS],
      ),
      this.pool.query<{ day: string; failures: number }>(
        `SELECT to_char((at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS failures
           FROM report_payment_failures WHERE at >= $1::date::timestamp AT TIME ZONE 'UTC' GROUP BY 1`,
        [from],
      ),
      this.pool.query<{ order_id: string; reason: string; at: Date }>(
        'SELECT order_id, reason, at FROM report_payment_failures ORDER BY at DESC LIMIT $1',
        [RECENT_FAILURES],
      ),
    ]);

    const currencies = [...new Set(sales.rows.map((r) => r.currency))].sort();
    const counts = new Map(statuses.rows.map((r) => [r.status, r.orders]));
    return {
      from,
      to,
      revenue: currencies.map((currency) => {
        const rows = new Map(
          sales.rows
            .filter((r) => r.currency === currency)
            .map((r) => [
              r.day,
              {
                day: r.day,
                orders: r.orders,
                revenue: { amount: Number(r.revenue), currency },
                refunded: { amount: Number(r.refunded), currency },
              },
            ]),
        );
        return {
          currency,
          days: fillDays(window, rows, (day) => ({
            day,
            orders: 0,
            revenue: { amount: 0, currency },
            refunded: { amount: 0, currency },
          })),
        };
      }),
      ordersByStatus: ORDER_STATUSES.map((status) => ({ status, orders: counts.get(status) ?? 0 })),
      topProducts: products.rows.map((r) => ({
        productId: r.product_id,
        sku: r.sku,
        units: Number(r.units),
        orders: Number(r.orders),
        revenue: { amount: Number(r.revenue), currency: r.currency },
      })),
      paymentFailures: {
        days: fillDays(window, new Map(failureDays.rows.map((r) => [r.day, r])), (day) => ({
          day,
          failures: 0,
        })),
        recent: recent.rows.map((r) => ({ orderId: r.order_id, reason: r.reason, at: r.at.toISOString() })),
      },
    };
  }
}
