-- Up Migration

-- How the payment's amount splits into goods, shipping and tax (AmountBreakdown, minor units), as
-- PayPal shows it to the payer; kept so that a retried or amended PayPal order shows it too.
-- Null for payments opened without one.
ALTER TABLE payments ADD COLUMN breakdown jsonb;

-- Down Migration
ALTER TABLE payments DROP COLUMN breakdown;
