-- Up Migration

-- A capture may be refunded in parts (an admin's refund of lines or an amount, a return) besides
-- the compensation's refund of what is left. Each refund is named by its request key, which is
-- also PayPal's request id: a repeat finds the same row and PayPal answers the same refund.
-- `partial`: one part asked for by the order service (PENDING until PayPal answers, with no
-- provider id yet); the compensation's refund is not partial and is the one a payment shows.
ALTER TABLE refunds ADD COLUMN request_key text;
UPDATE refunds SET request_key = 'sidecart-refund-' || capture_id;
ALTER TABLE refunds ALTER COLUMN request_key SET NOT NULL;
ALTER TABLE refunds ADD CONSTRAINT refunds_request_key_key UNIQUE (request_key);
ALTER TABLE refunds ADD COLUMN partial boolean NOT NULL DEFAULT false;
ALTER TABLE refunds DROP CONSTRAINT refunds_capture_id_key;
ALTER TABLE refunds ALTER COLUMN provider_refund_id DROP NOT NULL;
-- Still one compensation per capture.
CREATE UNIQUE INDEX refunds_one_full ON refunds (capture_id) WHERE NOT partial;

-- Down Migration
DROP INDEX refunds_one_full;
DELETE FROM refunds WHERE partial;
ALTER TABLE refunds ALTER COLUMN provider_refund_id SET NOT NULL;
ALTER TABLE refunds ADD CONSTRAINT refunds_capture_id_key UNIQUE (capture_id);
ALTER TABLE refunds DROP COLUMN partial;
ALTER TABLE refunds DROP COLUMN request_key;
