-- Up Migration

-- Money paid back on a paid order after the fact (docs/architecture.md, "Refunds and returns"):
-- an admin's refund of whole lines or an amount, or a return of lines that came back. Asked for
-- under the order's row lock (REQUESTED), then refunded through the payment service with the
-- refund's id as key, and closed COMPLETED (with `order.refunded`) or FAILED (refused, nothing paid).
-- (order_id, idempotency_key): the admin's repeat of a request finds its refund.
CREATE TABLE order_refunds (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  idempotency_key uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('refund', 'return')),
  status text NOT NULL CHECK (status IN ('REQUESTED', 'COMPLETED', 'FAILED')),
  amount bigint NOT NULL CHECK (amount > 0),
  -- The refunded (or returned) lines as the order held them; empty for a refund of an amount.
  lines jsonb NOT NULL,
  reason text NOT NULL,
  failure text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (order_id, idempotency_key)
);
-- The sweep that finishes refunds an outage left open.
CREATE INDEX order_refunds_open ON order_refunds (requested_at) WHERE status = 'REQUESTED';

-- Down Migration
DROP TABLE order_refunds;
