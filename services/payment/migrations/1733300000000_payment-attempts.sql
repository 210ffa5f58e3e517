-- Up Migration

-- A declined payment may be tried again (a new PayPal order for the same order): `attempt` counts
-- the PayPal orders opened for it. The payment row stays one per order, and `captures` keeps its
-- UNIQUE (order_id): however many attempts, an order is captured at most once.
ALTER TABLE payments ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1);

-- Down Migration
ALTER TABLE payments DROP COLUMN attempt;
