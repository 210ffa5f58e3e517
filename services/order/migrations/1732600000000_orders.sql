-- Up Migration

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  customer_id text NOT NULL,
  -- The same key from the same shopper always means the same order (checkout retries, double clicks).
  idempotency_key uuid NOT NULL,
  status text NOT NULL CHECK (status IN
    ('PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')),
  currency char(3) NOT NULL,
  total_amount bigint NOT NULL CHECK (total_amount >= 0),
  shipping_address jsonb NOT NULL,
  payment_id uuid,
  approve_url text,
  tracking_number text,
  carrier text,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id DESC);
-- The saga's sweepers look for orders stuck in a state.
CREATE INDEX orders_by_status ON orders (status, updated_at);

CREATE TABLE order_lines (
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no int NOT NULL,
  product_id text NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
  PRIMARY KEY (order_id, line_no)
);

-- Every transition with its time: the order's timeline.
CREATE TABLE order_status_history (
  id bigserial PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  status text NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_by_order ON order_status_history (order_id, id);

-- Transactional outbox: an event row commits with the change that caused it; the relay publishes it.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Down Migration
DROP TABLE outbox;
DROP TABLE order_status_history;
DROP TABLE order_lines;
DROP TABLE orders;
