-- Up Migration

-- Customers whose account was erased (`customer.deleted`). Their name, email and addresses are
-- gone from this service, and this list keeps them from coming back: a late `customer.registered`
-- records nothing, and a checkout racing the erasure is refused. Only the account's id is kept.
CREATE TABLE erased_customers (
  customer_id text PRIMARY KEY,
  erased_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE erased_customers;
