import type pg from 'pg';
import type { Currency, ShippingAddress } from '@sidecart/contracts';
import { ORDER_CHANGED_CHANNEL } from '../events/order-changes';
import {
  creditCharges,
  creditNoteNumber,
  invoiceNumber,
  invoiceYear,
  type Charges,
  type CreditNote,
  type Invoice,
  type InvoiceLine,
  type Seller,
} from '../domain/invoice';

type InvoiceRow = {
  number: string;
  order_id: string;
  customer_id: string;
  issued_at: Date;
  currency: Currency;
  total_amount: string;
  lines: InvoiceLine[];
  buyer: ShippingAddress;
  seller: Seller;
  charges: Charges | null;
};

type CreditNoteRow = {
  number: string;
  invoice_number: string;
  order_id: string;
  issued_at: Date;
  currency: Currency;
  total_amount: string;
  lines: InvoiceLine[];
  reason: string;
  charges: Charges;
};

/** The order's charges as stored on its row (migration `shipping-and-tax`). */
type ChargeColumns = {
  total_amount: string;
  shipping_amount: string;
  tax_amount: string;
  tax_rate: number;
  tax_included: boolean;
};
const chargesOf = (order: ChargeColumns, subtotal: number): Charges => ({
  subtotal,
  shipping: Number(order.shipping_amount),
  taxRate: order.tax_rate,
  tax: Number(order.tax_amount),
  taxIncluded: order.tax_included,
  total: Number(order.total_amount),
});

/** A refund a credit note is issued for: what was paid back, and for which lines. */
export type Credited = {
  orderId: string;
  /** The refund's id, or 'cancellation' for the full refund of a cancelled order. */
  source: string;
  amount: number;
  /** The refunded lines ({ sku, name, quantity, unitAmount }); none for a refund of an amount. */
  lines: InvoiceLine[];
  reason: string;
};

const invoiceOf = (r: InvoiceRow): Invoice => ({
  number: r.number,
  orderId: r.order_id,
  customerId: r.customer_id,
  issuedAt: r.issued_at,
  currency: r.currency,
  total: Number(r.total_amount),
  lines: r.lines,
  buyer: r.buyer,
  seller: r.seller,
  charges: r.charges,
});

const creditNoteOf = (r: CreditNoteRow): CreditNote => ({
  number: r.number,
  invoiceNumber: r.invoice_number,
  orderId: r.order_id,
  issuedAt: r.issued_at,
  currency: r.currency,
  total: Number(r.total_amount),
  lines: r.lines,
  reason: r.reason,
  charges: r.charges,
});

/**
 * Invoices (migration `invoices`; docs/architecture.md, "Invoices"): one per confirmed order,
 * numbered gapless per year from a counter row locked in the issuing transaction.
 */
export class InvoiceStore {
  /** `seller`: who sells, copied onto each invoice as it is issued. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly seller: Seller,
  ) {}

  /**
   * Issues the order's invoice in the caller's transaction, unless it has one. The order's row
   * lock comes first, so two deliveries for one order (a redelivery, or `order.confirmed` sent
   * again with a new eventId) take turns and the second finds the first's invoice: the dedupe
   * is by order, as an invoice is about an order. Then the year's counter row: the upsert takes
   * its row lock (as SELECT … FOR UPDATE would) until the caller commits, so concurrent issues
   * take numbers one after the other, and a rollback gives the number back with the lock:
   * numbers stay gapless. Returns the number, or null when there is no such order.
   */
  async issue(tx: pg.ClientBase, orderId: string): Promise<{ number: string; issued: boolean } | null> {
    const { rows } = await tx.query<
      ChargeColumns & { customer_id: string; currency: Currency; shipping_address: ShippingAddress }
    >('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const order = rows[0];
    if (!order) return null;
    const existing = await tx.query<{ number: string }>('SELECT number FROM invoices WHERE order_id = $1', [
      orderId,
    ]);
    if (existing.rows[0]) return { number: existing.rows[0].number, issued: false };

    const lines = await tx.query<{ sku: string; name: string; quantity: number; unit_amount: string }>(
      'SELECT sku, name, quantity, unit_amount FROM order_lines WHERE order_id = $1 ORDER BY line_no',
      [orderId],
    );
    const { issuedAt, year, seq } = await nextSeq(tx, 'invoice_counters');
    const number = invoiceNumber(year, seq);
    const subtotal = lines.rows.reduce((sum, l) => sum + Number(l.unit_amount) * l.quantity, 0);
    await tx.query(
      `INSERT INTO invoices (number, year, seq, order_id, customer_id, issued_at, currency, total_amount,
                             lines, buyer, seller, charges)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        number,
        year,
        seq,
        orderId,
        order.customer_id,
        issuedAt,
        order.currency,
        order.total_amount,
        JSON.stringify(
          lines.rows.map((l) => ({
            sku: l.sku,
            name: l.name,
            quantity: l.quantity,
            unitAmount: Number(l.unit_amount),
          })),
        ),
        order.shipping_address,
        this.seller,
        chargesOf(order, subtotal),
      ],
    );
    // The order as served now has an invoice: wake those following it (no orders row changed).
    await tx.query('SELECT pg_notify($1, $2)', [ORDER_CHANGED_CHANNEL, orderId]);
    return { number, issued: true };
  }

  /**
   * Issues the credit note of a completed refund in the caller's transaction (the refund's close,
   * or the saga's move to REFUNDED), under the order's row lock: once per (order, source), a
   * repeat finds the first. Numbered from the credit notes' own counter row, locked
   * until commit as the invoices' is, so the series stays gapless. An order without an invoice
   * gets none (there is nothing to correct). Returns the number, or null.
   */
  async credit(tx: pg.ClientBase, refund: Credited): Promise<{ number: string; issued: boolean } | null> {
    // The order's row lock first (the callers hold it already), so repeats take turns.
    const order = await tx.query<ChargeColumns>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [
      refund.orderId,
    ]);
    if (!order.rows[0]) return null;
    const existing = await tx.query<{ number: string }>(
      'SELECT number FROM credit_notes WHERE order_id = $1 AND source = $2',
      [refund.orderId, refund.source],
    );
    if (existing.rows[0]) return { number: existing.rows[0].number, issued: false };
    const invoices = await tx.query<{ number: string; currency: Currency }>(
      'SELECT number, currency FROM invoices WHERE order_id = $1',
      [refund.orderId],
    );
    const invoice = invoices.rows[0];
    if (!invoice) return null;
    const lines = await tx.query<{ subtotal: string }>(
      'SELECT COALESCE(sum(unit_amount * quantity), 0) AS subtotal FROM order_lines WHERE order_id = $1',
      [refund.orderId],
    );
    const charges = creditCharges(chargesOf(order.rows[0]!, Number(lines.rows[0]!.subtotal)), refund.amount);
    const { issuedAt, year, seq } = await nextSeq(tx, 'credit_note_counters');
    const number = creditNoteNumber(year, seq);
    await tx.query(
      `INSERT INTO credit_notes (number, year, seq, order_id, invoice_number, source, issued_at, currency,
                                 total_amount, lines, reason, charges)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        number,
        year,
        seq,
        refund.orderId,
        invoice.number,
        refund.source,
        issuedAt,
        invoice.currency,
        refund.amount,
        JSON.stringify(refund.lines),
        refund.reason,
        charges,
      ],
    );
    await tx.query('SELECT pg_notify($1, $2)', [ORDER_CHANGED_CHANNEL, refund.orderId]);
    return { number, issued: true };
  }

  /** One of the order's credit notes, with the invoice it corrects (for its seller and buyer). */
  async creditNote(orderId: string, number: string): Promise<{ note: CreditNote; invoice: Invoice } | null> {
    const { rows } = await this.pool.query<CreditNoteRow>(
      'SELECT * FROM credit_notes WHERE order_id = $1 AND number = $2',
      [orderId, number],
    );
    const invoice = rows[0] ? await this.ofOrder(orderId) : null;
    return rows[0] && invoice ? { note: creditNoteOf(rows[0]), invoice } : null;
  }

  /** The order's invoice, if it has one. */
  async ofOrder(orderId: string): Promise<Invoice | null> {
    const { rows } = await this.pool.query<InvoiceRow>('SELECT * FROM invoices WHERE order_id = $1', [
      orderId,
    ]);
    return rows[0] ? invoiceOf(rows[0]) : null;
  }
}

/**
 * The next number in a series, and the moment it is issued: the wall clock, not the transaction's
 * start (a late transaction is numbered late and dated so), whose UTC year the number takes. The
 * upsert takes the year's counter row lock until the caller commits, so concurrent issues take
 * numbers in turn, and a rollback gives the number back.
 */
async function nextSeq(
  tx: pg.ClientBase,
  counters: 'invoice_counters' | 'credit_note_counters',
): Promise<{ issuedAt: Date; year: number; seq: number }> {
  const clock = await tx.query<{ at: Date }>('SELECT clock_timestamp() AS at');
  const issuedAt = clock.rows[0]!.at;
  const year = invoiceYear(issuedAt);
  const counter = await tx.query<{ last_seq: number }>(
    `INSERT INTO ${counters} (year, last_seq) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last_seq = ${counters}.last_seq + 1 RETURNING last_seq`,
    [year],
  );
  return { issuedAt, year, seq: counter.rows[0]!.last_seq };
}
