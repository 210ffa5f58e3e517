-- Up Migration

-- The admin dashboard's read model (store/reports.ts), fed by events: order.* from this service's
-- own outbox, stock.reserved and payment.* in the saga's transaction. Each event is projected once:
-- its eventId goes into processed_events in the same transaction. A page view reads these small
-- tables (at most a row per day, per product and day, per status), never the orders.

-- Confirmed sales and refunds per UTC day and currency.
CREATE TABLE report_daily_sales (
  day date NOT NULL,
  currency text NOT NULL,
  orders integer NOT NULL DEFAULT 0,
  revenue_amount bigint NOT NULL DEFAULT 0,
  refunded_amount bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, currency)
);

-- Units and revenue of each product per UTC day (from order.confirmed lines).
CREATE TABLE report_daily_products (
  day date NOT NULL,
  product_id text NOT NULL,
  currency text NOT NULL,
  sku text NOT NULL,
  units bigint NOT NULL DEFAULT 0,
  orders integer NOT NULL DEFAULT 0,
  revenue_amount bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, product_id, currency)
);

-- Each order's latest status the events told of. Events of different topics may arrive out of
-- order; `rank` follows the lifecycle, so a late event never moves an order back.
CREATE TABLE report_order_status (
  order_id uuid PRIMARY KEY,
  status text NOT NULL,
  rank integer NOT NULL,
  at timestamptz NOT NULL
);

-- How many orders are in each status, kept with every move above.
CREATE TABLE report_status_counts (
  status text PRIMARY KEY,
  orders integer NOT NULL DEFAULT 0
);

-- Failed payments (payment.failed), one row per event.
CREATE TABLE report_payment_failures (
  event_id uuid PRIMARY KEY,
  order_id uuid NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX report_payment_failures_at ON report_payment_failures (at DESC);

-- Down Migration
DROP TABLE report_payment_failures;
DROP TABLE report_status_counts;
DROP TABLE report_order_status;
DROP TABLE report_daily_products;
DROP TABLE report_daily_sales;
