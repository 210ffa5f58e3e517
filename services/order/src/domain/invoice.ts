import type { Currency, ShippingAddress } from '@sidecart/contracts';
import { lineTax } from './pricing';

/** Who sells, as printed on every invoice (from the service's configuration when it is issued). */
export type Seller = { name: string; address: string[]; vatId?: string };

export type InvoiceLine = { sku: string; name: string; quantity: number; unitAmount: number };

/**
 * What a document charges, from the order's stored charges (docs/architecture.md, "Shipping and
 * tax"): the lines, shipping, VAT at `taxRate` basis points (contained in the amounts when
 * `taxIncluded`, else added) and the total. Integer minor units.
 */
export type Charges = {
  subtotal: number;
  shipping: number;
  taxRate: number;
  tax: number;
  taxIncluded: boolean;
  total: number;
};

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
  /** Null on invoices issued before charges were stored: the PDF then shows the total only. */
  charges: Charges | null;
};

/**
 * A credit note: money paid back on an invoiced order (an admin's refund or return, or the full
 * refund of a cancelled order), numbered in its own gapless series and naming the invoice it
 * corrects. Seller and buyer are the invoice's.
 */
export type CreditNote = {
  number: string;
  invoiceNumber: string;
  orderId: string;
  issuedAt: Date;
  currency: Currency;
  /** What was paid back. */
  total: number;
  /** The refunded lines; none for a refund of an amount. */
  lines: InvoiceLine[];
  reason: string;
  charges: Charges;
};

/**
 * A credit note's charges. The full refund of a cancelled order takes back the order's charges as
 * they were. A partial refund (lines or an amount) pays back goods only: its amount is stated with
 * the VAT it contains at the order's rate (half up, as pricing rounds), no shipping.
 */
export function creditCharges(order: Charges, refunded: number): Charges {
  if (refunded === order.total) return order;
  return {
    subtotal: refunded,
    shipping: 0,
    taxRate: order.taxRate,
    tax: lineTax(refunded, order.taxRate, true),
    taxIncluded: true,
    total: refunded,
  };
}

/** The invoice numbers' shape: `INV-2026-000001`, the year and its gapless sequence. */
export const INVOICE_NUMBER = /^INV-(\d{4})-(\d{6,})$/;

/** The credit notes' own series: `CN-2026-000001`. */
export const CREDIT_NOTE_NUMBER = /^CN-(\d{4})-(\d{6,})$/;

/** The number of the `seq`th document of `year` (1-based) in a series, e.g. INV-2026-000001. */
function documentNumber(prefix: 'INV' | 'CN', year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`no ${prefix} year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`no ${prefix} sequence ${seq}`);
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

/** The number of the `seq`th invoice of `year` (1-based), e.g. INV-2026-000001. */
export const invoiceNumber = (year: number, seq: number): string => documentNumber('INV', year, seq);

/** The number of the `seq`th credit note of `year` (1-based), e.g. CN-2026-000001. */
export const creditNoteNumber = (year: number, seq: number): string => documentNumber('CN', year, seq);

/** The year whose numbers an invoice issued at `at` takes: the UTC calendar year. */
export const invoiceYear = (at: Date): number => at.getUTCFullYear();
