-- Up Migration

-- The step under way on a payment still waiting for its capture, which excludes the other:
-- 'capture' while PayPal captures it, 'amendment:<revision>' while the order service changes the
-- order (its amount) before capture. NULL when neither runs (docs/architecture.md, "Changing an order").
ALTER TABLE payments ADD COLUMN in_flight text;

-- Down Migration
ALTER TABLE payments DROP COLUMN in_flight;
