-- Up Migration
-- The admin order list pages through every order, newest first, optionally by status.
CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
CREATE INDEX orders_by_status_newest ON orders (status, created_at DESC, id DESC);

-- Down Migration
DROP INDEX orders_by_status_newest;
DROP INDEX orders_newest;
