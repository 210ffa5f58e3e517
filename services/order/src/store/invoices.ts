import type pg from 'pg';
import type { Currency, ShippingAddress } from '@sidecart/contracts';
import { ORDER_CHANGED_CHANNEL } from '../events/order-changes';
import { invoiceNumber, invoiceYear, type Invoice, type InvoiceLine, type Seller } from '../domain/invoice';

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
    const { rows } = await tx.query<{
      customer_id: string;
      currency: Currency;
      total_amount: string;
      shipping_address: ShippingAddress;
    }>('SELECT customer_id, currency, total_amount, shipping_address FROM orders WHERE id = $1 FOR UPDATE', [
      orderId,
    ]);
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
    // The wall clock, not the transaction's start: a late transaction is numbered late and dated so.
    const clock = await tx.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    const issuedAt = clock.rows[0]!.at;
    const year = invoiceYear(issuedAt);
    const counter = await tx.query<{ last_seq: number }>(
      `INSERT INTO invoice_counters (year, last_seq) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_seq = invoice_counters.last_seq + 1 RETURNING last_seq`,
      [year],
    );
    const seq = counter.rows[0]!.last_seq;
    const number = invoiceNumber(year, seq);
    await tx.query(
      `INSERT INTO invoices (number, year, seq, order_id, customer_id, issued_at, currency, total_amount,
                             lines, buyer, seller)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
      ],
    );
    // The order as served now has an invoice: wake those following it (no orders row changed).
    await tx.query('SELECT pg_notify($1, $2)', [ORDER_CHANGED_CHANNEL, orderId]);
    return { number, issued: true };
  }

  /** The order's invoice, if it has one. */
  async ofOrder(orderId: string): Promise<Invoice | null> {
    const { rows } = await this.pool.query<InvoiceRow>('SELECT * FROM invoices WHERE order_id = $1', [
      orderId,
    ]);
    return rows[0] ? invoiceOf(rows[0]) : null;
  }
}
