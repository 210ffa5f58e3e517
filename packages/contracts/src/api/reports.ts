import { z } from 'zod';
import { Currency, ObjectId, Uuid } from '../common';
import { OrderStatus } from './order';

/**
 * A sum of money over many orders, in integer minor units with its currency. Unlike `Money` (one
 * order's amount) it has no upper bound: a month of sales may exceed any single order.
 */
export const MoneyTotal = z.strictObject({
  amount: z.number().int().min(0),
  currency: Currency,
});
export type MoneyTotal = z.infer<typeof MoneyTotal>;

/** A calendar day (UTC), `YYYY-MM-DD`. */
const Day = z.iso.date();

/** One day of one currency's sales: confirmed orders and what they brought in, refunds beside. */
export const RevenueDay = z.object({
  day: Day,
  orders: z.number().int().min(0),
  revenue: MoneyTotal,
  refunded: MoneyTotal,
});
export type RevenueDay = z.infer<typeof RevenueDay>;

export const LowStockItem = z.object({
  productId: ObjectId,
  sku: z.string(),
  name: z.string(),
  slug: z.string(),
  /** Units that can still be sold (on hand less reserved). */
  available: z.number().int(),
});
export type LowStockItem = z.infer<typeof LowStockItem>;

/** The product service's answer to `GET products/low-stock`: active products at or below the threshold. */
export const LowStockList = z.object({ threshold: z.number().int().min(0), items: z.array(LowStockItem) });
export type LowStockList = z.infer<typeof LowStockList>;

export const LowStockQuery = z.strictObject({
  threshold: z.coerce.number().int().min(0).max(1_000_000).default(5),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

/**
 * The order service's reporting read model (`GET reports/dashboard`), fed by events: confirmed
 * sales and refunds per day, every order's latest known status, products sold, payment failures.
 */
export const SalesReport = z.object({
  /** The window's first and last day (UTC), both included; every series has one entry per day. */
  from: Day,
  to: Day,
  /** One series per currency sold or refunded in the window, each with every day of the window. */
  revenue: z.array(z.object({ currency: Currency, days: z.array(RevenueDay) })),
  /** Orders by their latest status the events told of (an order counts once, in one status). */
  ordersByStatus: z.array(z.object({ status: OrderStatus, orders: z.number().int().min(0) })),
  /** Most units sold in the window, most first. */
  topProducts: z.array(
    z.object({
      productId: z.string(),
      sku: z.string(),
      units: z.number().int().min(0),
      orders: z.number().int().min(0),
      revenue: MoneyTotal,
    }),
  ),
  paymentFailures: z.object({
    days: z.array(z.object({ day: Day, failures: z.number().int().min(0) })),
    recent: z.array(z.object({ orderId: Uuid, reason: z.string(), at: z.string() })),
  }),
});
export type SalesReport = z.infer<typeof SalesReport>;

/**
 * `GET /api/v1/admin/dashboard`: the order service's sales report, its top products named from
 * the catalog, and the catalog's low-stock list.
 */
export const AdminDashboard = SalesReport.extend({
  topProducts: z.array(
    SalesReport.shape.topProducts.element.extend({
      name: z.string().nullable(),
      slug: z.string().nullable(),
    }),
  ),
  lowStock: LowStockList,
});
export type AdminDashboard = z.infer<typeof AdminDashboard>;
