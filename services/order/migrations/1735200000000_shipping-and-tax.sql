-- Up Migration

-- Shipping and tax of an order (docs/architecture.md, "Shipping and tax"), computed by the order
-- service from the catalog and its pricing configuration. The lines keep their amounts as before;
-- total_amount = the lines + shipping_amount (+ tax_amount when tax_included is false).
-- Orders placed before this migration ship free with no tax stated, so their totals stay right.
ALTER TABLE orders
  ADD COLUMN shipping_method text,
  ADD COLUMN shipping_amount bigint NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
  -- The tax of the shipping fee, part of tax_amount: PayPal's breakdown shows shipping without it.
  ADD COLUMN shipping_tax_amount bigint NOT NULL DEFAULT 0 CHECK (shipping_tax_amount >= 0),
  ADD COLUMN tax_amount bigint NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  -- The destination the tax was priced for, and its rate in basis points (1900 = 19 %) then; a
  -- later change of address keeps them (null: placed before, the address's country).
  ADD COLUMN tax_country char(2),
  ADD COLUMN tax_rate int NOT NULL DEFAULT 0 CHECK (tax_rate BETWEEN 0 AND 10000),
  -- Whether the prices and the fee were stated with tax (the total contains it) or without.
  ADD COLUMN tax_included boolean NOT NULL DEFAULT true;

-- A change of the lines prices shipping and tax again: what the order takes when it is applied
-- (null for a change asked for before this migration: the order keeps its charges).
ALTER TABLE order_changes ADD COLUMN charges jsonb;

-- Down Migration
ALTER TABLE order_changes DROP COLUMN charges;
ALTER TABLE orders
  DROP COLUMN shipping_method,
  DROP COLUMN shipping_amount,
  DROP COLUMN shipping_tax_amount,
  DROP COLUMN tax_amount,
  DROP COLUMN tax_country,
  DROP COLUMN tax_rate,
  DROP COLUMN tax_included;
