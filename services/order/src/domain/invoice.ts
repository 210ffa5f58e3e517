import type { Currency, ShippingAddress } from '@sidecart/contracts';

/** Who sells, as printed on every invoice (from the service's configuration when it is issued). */
export type Seller = { name: string; address: string[]; vatId?: string };

export type InvoiceLine = { sku: string; name: string; quantity: number; unitAmount: number };

/** An invoice as stored when it was issued; the PDF is rendered from it on each request. */
export type Invoice = {
  number: string;
  orderId: string;
  customerId: string;
  issuedAt: Date;
  currency: Currency;
  /** Integer minor units of `currency`, as every amount here. */
  total: number;
  lines: InvoiceLine[];
  buyer: ShippingAddress;
  seller: Seller;
};

/** The invoice numbers' shape: `INV-2026-000001`, the year and its gapless sequence. */
export const INVOICE_NUMBER = /^INV-(\d{4})-(\d{6,})$/;

/** The number of the `seq`th invoice of `year` (1-based), e.g. INV-2026-000001. */
export function invoiceNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`no invoice year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`no invoice sequence ${seq}`);
  return `INV-${year}-${String(seq).padStart(6, '0')}`;
}

/** The year whose numbers an invoice issued at `at` takes: the UTC calendar year. */
export const invoiceYear = (at: Date): number => at.getUTCFullYear();
