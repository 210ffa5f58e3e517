-- Up Migration

-- One payment per order: a PayPal order created for it, waiting for the shopper's approval.
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL UNIQUE,
  customer_id text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('CREATED', 'CAPTURED', 'FAILED', 'CANCELLED', 'REFUNDED')),
  provider text NOT NULL DEFAULT 'paypal',
  provider_order_id text NOT NULL UNIQUE,
  approve_url text NOT NULL,
  return_url text NOT NULL,
  cancel_url text NOT NULL,
  failure_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Money taken. UNIQUE (order_id): an order is captured at most once, whatever the code does.
CREATE TABLE captures (
  id uuid PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments (id),
  order_id uuid NOT NULL UNIQUE,
  provider_capture_id text NOT NULL UNIQUE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  status text NOT NULL,
  captured_at timestamptz NOT NULL DEFAULT now()
);

-- Money paid back (compensation). Sidecart refunds a capture in full, once.
CREATE TABLE refunds (
  id uuid PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments (id),
  capture_id uuid NOT NULL UNIQUE REFERENCES captures (id),
  provider_refund_id text NOT NULL UNIQUE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  status text NOT NULL,
  reason text NOT NULL,
  refunded_at timestamptz NOT NULL DEFAULT now()
);

-- Events written in the same transaction as the change they announce; a relay publishes them.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- PayPal webhook deliveries already acted on (PayPal retries until it gets a 2xx).
CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  event_type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE webhook_events;
DROP TABLE outbox;
DROP TABLE refunds;
DROP TABLE captures;
DROP TABLE payments;
