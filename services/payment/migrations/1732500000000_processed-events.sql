-- Up Migration

-- Events this service has already handled: consumers are idempotent by eventId.
CREATE TABLE processed_events (
  event_id uuid PRIMARY KEY,
  topic text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE processed_events;
