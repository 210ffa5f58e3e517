-- Up Migration

-- The last change applied to the order's lines (0: as placed). Each change has its own revision,
-- which the product service's reservation and the payment's amendment are keyed by.
ALTER TABLE orders ADD COLUMN revision int NOT NULL DEFAULT 0;

-- Changes of an order's lines before it is paid (docs/architecture.md, "Changing an order"):
-- requested under the order's row lock, then carried out through the product and payment
-- services and closed as APPLIED or REFUSED. At most one is open per order.
CREATE TABLE order_changes (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  revision int NOT NULL CHECK (revision >= 1),
  -- The order's lines after the change, priced from the catalog when it was asked for.
  lines jsonb NOT NULL,
  total_amount bigint NOT NULL CHECK (total_amount > 0),
  summary text NOT NULL,
  status text NOT NULL CHECK (status IN ('REQUESTED', 'APPLIED', 'REFUSED')),
  reason text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, revision)
);
CREATE UNIQUE INDEX order_changes_one_open ON order_changes (order_id) WHERE status = 'REQUESTED';
-- The sweep that finishes changes a crash or an outage left open.
CREATE INDEX order_changes_open ON order_changes (requested_at) WHERE status = 'REQUESTED';

-- Down Migration
DROP TABLE order_changes;
ALTER TABLE orders DROP COLUMN revision;
