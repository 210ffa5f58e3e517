-- Up Migration
-- Every committed change of an order row is announced on `order_changed` with the order's id, so a
-- client waiting for its order to change (GET /orders/:id with `Prefer: wait`) is answered at once
-- by whichever replica it waits on. NOTIFY is delivered at COMMIT, never on ROLLBACK.
CREATE FUNCTION notify_order_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('order_changed', NEW.id::text);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER orders_changed AFTER UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION notify_order_changed();

-- Down Migration
DROP TRIGGER orders_changed ON orders;
DROP FUNCTION notify_order_changed();
