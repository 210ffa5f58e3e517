-- Up Migration

-- What an invoice charges (subtotal, shipping, VAT rate and amount, whether prices include it,
-- total), taken from the order when it is issued. Null on invoices issued before: the PDF then
-- states the total only.
ALTER TABLE invoices ADD COLUMN charges jsonb;

-- Credit notes (docs/architecture.md, "Invoices"): each completed refund of an invoiced order
-- gets one, numbered CN-<year>-<six digits> in its own series, gapless per year from its own
-- counter row, locked like the invoices' in the transaction that records the refund.
CREATE TABLE credit_note_counters (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last_seq integer NOT NULL CHECK (last_seq >= 0)
);

CREATE TABLE credit_notes (
  number text PRIMARY KEY,
  year integer NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  order_id uuid NOT NULL REFERENCES orders (id),
  -- The invoice it corrects.
  invoice_number text NOT NULL REFERENCES invoices (number),
  -- What it is for: the refund's id (an admin's refund or return), or 'cancellation' (the full
  -- refund of a cancelled order). One credit note each.
  source text NOT NULL,
  issued_at timestamptz NOT NULL,
  currency text NOT NULL,
  total_amount bigint NOT NULL CHECK (total_amount > 0),
  -- The refunded lines [{ sku, name, quantity, unitAmount }]; empty for a refund of an amount.
  lines jsonb NOT NULL,
  reason text NOT NULL,
  -- { subtotal, shipping, taxRate, tax, taxIncluded, total } of what was paid back.
  charges jsonb NOT NULL,
  UNIQUE (order_id, source),
  UNIQUE (year, seq)
);

-- Down Migration
DROP TABLE credit_notes;
DROP TABLE credit_note_counters;
ALTER TABLE invoices DROP COLUMN charges;
