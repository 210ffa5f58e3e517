-- Up Migration

-- Events this service has already handled: consumers are idempotent by eventId.
CREATE TABLE processed_events (
  event_id uuid PRIMARY KEY,
  topic text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);

-- Contact details of registered customers, projected from `customer.registered`,
-- so orders can name their buyer without a call to the customer service.
CREATE TABLE customer_directory (
  customer_id text PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  registered_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE customer_directory;
DROP TABLE processed_events;
