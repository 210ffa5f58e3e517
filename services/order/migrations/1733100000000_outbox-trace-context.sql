-- Up Migration

-- The W3C trace context of the change that enqueued an event: the relay publishes the event
-- with it, so its consumers continue the same trace (docs/architecture.md, "Traces and metrics").
-- Rows written before this migration have none and are published as before.
ALTER TABLE outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text;

-- Down Migration
ALTER TABLE outbox DROP COLUMN tracestate, DROP COLUMN traceparent;
