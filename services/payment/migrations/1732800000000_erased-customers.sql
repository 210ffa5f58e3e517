-- Up Migration

-- Customers whose account was erased (`customer.deleted`): what a shopper may have written
-- (a cancellation's reason, kept with its refund) is replaced, and later refunds of their
-- payments store no such text. Only the account's id is kept. Payments hold no name, email
-- or address; amounts, captures and refunds stay for the accounts.
CREATE TABLE erased_customers (
  customer_id text PRIMARY KEY,
  erased_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE erased_customers;
