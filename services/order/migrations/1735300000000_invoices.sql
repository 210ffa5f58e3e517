-- Up Migration

-- Invoices (docs/architecture.md, "Invoices"): every confirmed order gets one, numbered
-- INV-<year>-<six digits>, gapless per year. A sequence is not gapless (a rolled-back nextval is
-- lost), so the number comes from one counter row per year, locked with SELECT … FOR UPDATE in
-- the transaction that stores the invoice: a rollback gives the number back with the lock.
CREATE TABLE invoice_counters (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  -- The last number given that year (0: none yet).
  last_seq integer NOT NULL CHECK (last_seq >= 0)
);

-- What an invoice says, as it was issued: the PDF is rendered from this row on each request.
-- Lines, total and buyer are taken from the order when the invoice is issued, the seller from the
-- service's configuration then, so a later change of either never changes an invoice.
CREATE TABLE invoices (
  number text PRIMARY KEY,
  year integer NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  -- One invoice per order.
  order_id uuid NOT NULL UNIQUE REFERENCES orders (id),
  customer_id text NOT NULL,
  issued_at timestamptz NOT NULL,
  currency text NOT NULL,
  total_amount bigint NOT NULL CHECK (total_amount >= 0),
  -- [{ sku, name, quantity, unitAmount }], amounts in minor units of `currency`.
  lines jsonb NOT NULL,
  -- The shipping address of the order (pseudonymized with it when the account is erased).
  buyer jsonb NOT NULL,
  -- { name, address: [lines], vatId? } from the configuration (INVOICE_SELLER_*).
  seller jsonb NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX invoices_by_customer ON invoices (customer_id);

-- Down Migration
DROP TABLE invoices;
DROP TABLE invoice_counters;
