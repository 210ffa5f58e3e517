import type pg from 'pg';
import {
  newEnvelope,
  type AmountBreakdown,
  type InvoiceRef,
  type Money,
  type OrderView,
  type ShippingAddress,
  type Topic,
} from '@sidecart/contracts';
import {
  Counter,
  enqueueEvent,
  firstDelivery,
  inTransaction,
  isErased,
  lockCustomer,
  metrics,
  uuidv7,
} from '@sidecart/service-kit';
import type { OrderLine, OrderStatus } from '../domain/order';
import { breakdownOf, type OrderCharges } from '../domain/pricing';
import {
  decide,
  type ChangeEffect,
  type OrderEventTopic,
  type OrderFacts,
  type SagaInput,
} from '../domain/saga';
import { ORDER_CHANGED_CHANNEL } from '../events/order-changes';
import { AccountErased } from './erasure';
import type { InvoiceStore } from './invoices';
import { toOrderRefund, type RefundRow } from './refunds';
import type { ReportedEvent, ReportStore } from './reports';

/** The states a checkout saga ends in: confirmed, or compensated (cancelled, then refunded if paid). */
export const SAGA_END_STATES = ['CONFIRMED', 'CANCELLED', 'REFUNDED'] as const satisfies OrderStatus[];
const sagaEnd = new Set<OrderStatus>(SAGA_END_STATES);

const sagaOutcomes = new Counter({
  name: 'sidecart_order_saga_outcomes_total',
  help: 'Orders whose checkout saga reached an end state, by that state (counted once, at commit)',
  labelNames: ['state'] as const,
  registers: [metrics],
});
for (const state of SAGA_END_STATES) sagaOutcomes.inc({ state }, 0);

export const ORDER_CSV_HEADER = [
  'order_id',
  'created_at',
  'status',
  'customer_id',
  'items',
  'lines',
  'total_minor_units',
  'currency',
  'ship_to_country',
  'tracking_number',
];

type OrderRow = {
  id: string;
  customer_id: string;
  status: OrderStatus;
  currency: Money['currency'];
  total_amount: string;
  shipping_address: ShippingAddress;
  payment_id: string | null;
  approve_url: string | null;
  tracking_number: string | null;
  carrier: string | null;
  cancel_reason: string | null;
  revision: number;
  shipping_method: string | null;
  shipping_amount: string;
  shipping_tax_amount: string;
  tax_amount: string;
  tax_country: string | null;
  tax_rate: number;
  tax_included: boolean;
  created_at: Date;
  updated_at: Date;
};

/** An order's invoice as a join reads it (null columns: none issued yet). */
type InvoiceColumns = { invoice_number: string | null; invoice_issued_at: Date | null };
const invoiceRef = (r: InvoiceColumns | undefined): InvoiceRef | null =>
  r?.invoice_number && r.invoice_issued_at
    ? { number: r.invoice_number, issuedAt: r.invoice_issued_at.toISOString() }
    : null;

export type NewOrder = {
  customerId: string;
  idempotencyKey: string;
  lines: OrderLine[];
  total: Money;
  /** Shipping and tax as priced with the lines (domain/pricing.ts). */
  charges: OrderCharges;
  shippingAddress: ShippingAddress;
};

export type ApplyResult = 'applied' | 'ignored' | 'duplicate' | 'not-found' | 'precondition-failed';

/** A change of an order's lines not closed yet (`order_changes`), what the change runner carries out. */
export type OpenChange = {
  orderId: string;
  revision: number;
  lines: OrderLine[];
  total: Money;
  /** Shipping and tax after the change (null for a change asked for before they were charged). */
  charges: OrderCharges | null;
};

export type AwaitingPayment = {
  id: string;
  customerId: string;
  total: Money;
  /** How the total splits for PayPal: goods and shipping without tax, and the tax. */
  breakdown: AmountBreakdown;
};

const chargesOfRow = (r: OrderRow): OrderCharges => ({
  shippingMethod: r.shipping_method,
  shipping: Number(r.shipping_amount),
  shippingTax: Number(r.shipping_tax_amount),
  tax: Number(r.tax_amount),
  taxCountry: r.tax_country ?? r.shipping_address.country,
  taxRate: r.tax_rate,
  taxIncluded: r.tax_included,
});

const awaiting = (r: OrderRow): AwaitingPayment => ({
  id: r.id,
  customerId: r.customer_id,
  total: { amount: Number(r.total_amount), currency: r.currency },
  breakdown: breakdownOf(Number(r.total_amount), chargesOfRow(r)),
});

/**
 * A timeline entry without a new status (a declined payment, a change, a refund). `wake`: the
 * order's row is not updated in this transaction, so no trigger fires: wake its followers here.
 */
export async function addNote(
  tx: pg.ClientBase,
  orderId: string,
  status: OrderStatus,
  note: string,
  wake: boolean,
): Promise<void> {
  await tx.query('INSERT INTO order_status_history (order_id, status, reason) VALUES ($1, $2, $3)', [
    orderId,
    status,
    note,
  ]);
  if (wake) await tx.query('SELECT pg_notify($1, $2)', [ORDER_CHANGED_CHANNEL, orderId]);
}

/** Orders in PostgreSQL. Every change and the events it causes commit in one transaction. */
export class OrderStore {
  /**
   * `reports`: the dashboard's read model, fed in the same transaction by the events applied here;
   * `invoices`: the credit note of a cancelled order's full refund, issued as it becomes REFUNDED.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly reports?: ReportStore,
    private readonly invoices?: InvoiceStore,
  ) {}

  async findByIdempotencyKey(customerId: string, key: string): Promise<string | null> {
    const { rows } = await this.pool.query(
      'SELECT id FROM orders WHERE customer_id = $1 AND idempotency_key = $2',
      [customerId, key],
    );
    return (rows[0]?.id as string | undefined) ?? null;
  }

  /**
   * Creates the order with its lines, its first history entry and `order.placed`.
   * Two concurrent requests with one key race on the unique index; the loser gets the
   * winner's order id and `created: false`. An erased customer's checkout (one racing the
   * erasure) throws AccountErased: no address is stored after the erasure.
   */
  async place(order: NewOrder): Promise<{ id: string; created: boolean }> {
    return inTransaction(this.pool, async (tx) => {
      await lockCustomer(tx, order.customerId);
      if (await isErased(tx, order.customerId)) throw new AccountErased();
      const id = uuidv7();
      const inserted = await tx.query(
        `INSERT INTO orders (id, customer_id, idempotency_key, status, currency, total_amount, shipping_address,
           shipping_method, shipping_amount, shipping_tax_amount, tax_amount, tax_country, tax_rate, tax_included)
         VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id`,
        [
          id,
          order.customerId,
          order.idempotencyKey,
          order.total.currency,
          order.total.amount,
          order.shippingAddress,
          order.charges.shippingMethod,
          order.charges.shipping,
          order.charges.shippingTax,
          order.charges.tax,
          order.charges.taxCountry,
          order.charges.taxRate,
          order.charges.taxIncluded,
        ],
      );
      if (inserted.rowCount === 0) {
        const existing = await tx.query(
          'SELECT id FROM orders WHERE customer_id = $1 AND idempotency_key = $2',
          [order.customerId, order.idempotencyKey],
        );
        return { id: existing.rows[0].id as string, created: false };
      }
      for (const [i, line] of order.lines.entries()) {
        await tx.query(
          `INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, i + 1, line.productId, line.sku, line.name, line.quantity, line.unitPrice.amount],
        );
      }
      await tx.query(`INSERT INTO order_status_history (order_id, status) VALUES ($1, 'PENDING')`, [id]);
      await enqueueEvent(tx, 'order.placed', {
        ...newEnvelope(),
        orderId: id,
        customerId: order.customerId,
        lines: order.lines.map(({ productId, sku, quantity, unitPrice }) => ({
          productId,
          sku,
          quantity,
          unitPrice,
        })),
        total: order.total,
      });
      return { id, created: true };
    });
  }

  /**
   * Applies a saga input to an order under a row lock: at most one change per order at a
   * time, and with `eventId` each delivery is applied once. A delivery that carries its event
   * (`report`) is projected into the dashboard's read model in the same transaction, once.
   */
  async apply(
    orderId: string,
    input: SagaInput,
    delivery?: { eventId: string; topic: Topic; report?: ReportedEvent },
    /** Checked under the lock: the order as the client last saw it (If-Match), or 'precondition-failed'. */
    expect?: (order: OrderView) => boolean,
  ): Promise<ApplyResult> {
    const saga: { ended?: OrderStatus } = {};
    const result = await inTransaction(this.pool, async (tx): Promise<ApplyResult> => {
      if (delivery && !(await firstDelivery(tx, delivery.eventId, delivery.topic))) return 'duplicate';
      if (delivery?.report) await this.reports?.project(tx, delivery.report);
      const { rows } = await tx.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
      const row = rows[0];
      if (!row) return 'not-found';
      if (expect && !expect((await this.get(orderId, tx))!)) return 'precondition-failed';
      const open = await tx.query<{ revision: number; total_amount: string; summary: string }>(
        `SELECT revision, total_amount, summary FROM order_changes WHERE order_id = $1 AND status = 'REQUESTED'`,
        [orderId],
      );
      const change = open.rows[0];
      const facts: OrderFacts = {
        paymentOpen: row.payment_id !== null,
        change: change
          ? { revision: change.revision, total: Number(change.total_amount), summary: change.summary }
          : null,
      };
      const step = decide(row.status, input, facts);
      if (!step) return 'ignored';

      if (step.change) await this.changeLines(tx, row, input, step.change, facts.change);
      if (input.kind === 'change-address')
        await tx.query('UPDATE orders SET shipping_address = $2 WHERE id = $1', [
          orderId,
          input.shippingAddress,
        ]);
      // A change restarts the order's clock (updated_at times its step out); a plain note (a declined
      // payment) does not, so a retry never extends the approval window.
      const touched = step.change !== undefined || input.kind === 'change-address';
      if (touched) await tx.query('UPDATE orders SET updated_at = now() WHERE id = $1', [orderId]);
      if (step.note) await addNote(tx, orderId, row.status, step.note, !touched);

      for (const t of step.transitions) {
        await tx.query('INSERT INTO order_status_history (order_id, status, reason) VALUES ($1, $2, $3)', [
          orderId,
          t.status,
          t.reason ?? null,
        ]);
      }
      const last = step.transitions.at(-1);
      if (last) {
        await tx.query(
          `UPDATE orders SET status = $2, updated_at = now(),
             cancel_reason = CASE WHEN $2 = 'CANCELLED' THEN $3 ELSE cancel_reason END,
             tracking_number = COALESCE($4, tracking_number), carrier = COALESCE($5, carrier)
           WHERE id = $1`,
          [
            orderId,
            last.status,
            last.reason ?? null,
            input.kind === 'ship' ? input.trackingNumber : null,
            input.kind === 'ship' ? (input.carrier ?? null) : null,
          ],
        );
      }
      for (const topic of step.emit) await this.emit(tx, topic, row, input);
      if (last?.status === 'REFUNDED' && input.kind === 'payment.refunded')
        await this.creditRefund(tx, row, input.amount ?? Number(row.total_amount));
      if (last && sagaEnd.has(last.status)) saga.ended = last.status;
      return 'applied';
    });
    if (saga.ended) sagaOutcomes.inc({ state: saga.ended });
    return result;
  }

  /**
   * The credit note of a cancelled order's refund (once per order: its source is 'cancellation').
   * The whole order paid back lists its lines; less (some was refunded before) states the amount.
   */
  private async creditRefund(tx: pg.ClientBase, row: OrderRow, amount: number): Promise<void> {
    if (!this.invoices) return;
    const whole = amount === Number(row.total_amount);
    const lines = whole
      ? await tx.query<{ sku: string; name: string; quantity: number; unit_amount: string }>(
          'SELECT sku, name, quantity, unit_amount FROM order_lines WHERE order_id = $1 ORDER BY line_no',
          [row.id],
        )
      : { rows: [] };
    await this.invoices.credit(tx, {
      orderId: row.id,
      source: 'cancellation',
      amount,
      lines: lines.rows.map((l) => ({
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitAmount: Number(l.unit_amount),
      })),
      reason: row.cancel_reason ? `Order cancelled: ${row.cancel_reason}` : 'Order cancelled',
    });
  }

  /**
   * A change's effect on the order: opened as the next revision (`change-lines`), applied (the
   * order's lines, total and revision become the change's), or closed unapplied.
   */
  private async changeLines(
    tx: pg.ClientBase,
    row: OrderRow,
    input: SagaInput,
    effect: ChangeEffect,
    open: OrderFacts['change'],
  ) {
    if (effect.kind === 'request') {
      if (input.kind !== 'change-lines') throw new Error('a change is requested by change-lines');
      await tx.query(
        `INSERT INTO order_changes (order_id, revision, lines, total_amount, summary, status, charges)
         SELECT $1, COALESCE(max(revision), 0) + 1, $2, $3, $4, 'REQUESTED', $5 FROM order_changes WHERE order_id = $1`,
        [
          row.id,
          JSON.stringify(input.change.lines),
          input.change.total,
          input.change.summary,
          JSON.stringify(input.change.charges),
        ],
      );
      return;
    }
    if (!open) throw new Error('no open change to close');
    if (effect.kind === 'refuse') {
      await tx.query(
        `UPDATE order_changes SET status = 'REFUSED', reason = $3 WHERE order_id = $1 AND revision = $2`,
        [row.id, open.revision, effect.reason],
      );
      return;
    }
    const { rows } = await tx.query<{ lines: OrderLine[]; charges: OrderCharges | null }>(
      `UPDATE order_changes SET status = 'APPLIED' WHERE order_id = $1 AND revision = $2 RETURNING lines, charges`,
      [row.id, open.revision],
    );
    await tx.query('DELETE FROM order_lines WHERE order_id = $1', [row.id]);
    for (const [i, line] of rows[0]!.lines.entries()) {
      await tx.query(
        `INSERT INTO order_lines (order_id, line_no, product_id, sku, name, quantity, unit_amount)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.id, i + 1, line.productId, line.sku, line.name, line.quantity, line.unitPrice.amount],
      );
    }
    await tx.query('UPDATE orders SET total_amount = $2, revision = $3 WHERE id = $1', [
      row.id,
      open.total,
      open.revision,
    ]);
    const charges = rows[0]!.charges;
    if (charges)
      await tx.query(
        `UPDATE orders SET shipping_method = $2, shipping_amount = $3, shipping_tax_amount = $4,
           tax_amount = $5, tax_country = $6, tax_rate = $7, tax_included = $8 WHERE id = $1`,
        [
          row.id,
          charges.shippingMethod,
          charges.shipping,
          charges.shippingTax,
          charges.tax,
          charges.taxCountry,
          charges.taxRate,
          charges.taxIncluded,
        ],
      );
    row.total_amount = String(open.total);
    row.revision = open.revision;
  }

  /** The open change of this order, if any: what the change runner carries out. */
  async openChange(orderId: string): Promise<OpenChange | null> {
    const { rows } = await this.pool.query(
      `SELECT c.revision, c.lines, c.total_amount, c.charges, o.currency FROM order_changes c
       JOIN orders o ON o.id = c.order_id WHERE c.order_id = $1 AND c.status = 'REQUESTED'`,
      [orderId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      orderId,
      revision: r.revision as number,
      lines: r.lines as OrderLine[],
      total: { amount: Number(r.total_amount), currency: r.currency as Money['currency'] },
      charges: (r.charges as OrderCharges | null) ?? null,
    };
  }

  /** Orders whose change was asked for at least `graceSeconds` ago and is still open (a crash, an outage). */
  async changesLeftOpen(graceSeconds: number, limit = 20): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT order_id FROM order_changes WHERE status = 'REQUESTED'
         AND requested_at <= now() - make_interval(secs => $1) ORDER BY requested_at LIMIT $2`,
      [graceSeconds, limit],
    );
    return rows.map((r) => r.order_id as string);
  }

  private async emit(tx: pg.ClientBase, topic: OrderEventTopic, row: OrderRow, input: SagaInput) {
    const base = { ...newEnvelope(), orderId: row.id, customerId: row.customer_id };
    switch (topic) {
      case 'order.changed':
      case 'order.confirmed': {
        const lines = await tx.query('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no', [
          row.id,
        ]);
        const payload = {
          ...base,
          lines: lines.rows.map((l) => ({
            productId: l.product_id,
            sku: l.sku,
            quantity: l.quantity,
            unitPrice: { amount: Number(l.unit_amount), currency: row.currency },
          })),
          total: { amount: Number(row.total_amount), currency: row.currency },
        };
        return topic === 'order.changed'
          ? enqueueEvent(tx, topic, { ...payload, revision: row.revision })
          : enqueueEvent(tx, topic, payload);
      }
      case 'order.cancelled': {
        const reason = 'reason' in input ? input.reason : (row.cancel_reason ?? 'cancelled');
        return enqueueEvent(tx, topic, { ...base, reason });
      }
      case 'order.shipped':
        if (input.kind !== 'ship') throw new Error('order.shipped needs a shipment');
        return enqueueEvent(tx, topic, {
          ...base,
          trackingNumber: input.trackingNumber,
          ...(input.carrier ? { carrier: input.carrier } : {}),
        });
    }
  }

  /** The order as clients see it; `db` reads it inside a transaction (e.g. under its row lock). */
  async get(orderId: string, db: pg.Pool | pg.ClientBase = this.pool): Promise<OrderView | null> {
    const { rows } = await db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [orderId]);
    const row = rows[0];
    if (!row) return null;
    // On a transaction's client pg runs the five in turn.
    const [lines, history, invoice, refunds, creditNotes] = await Promise.all([
      db.query('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no', [orderId]),
      db.query('SELECT status, reason, at FROM order_status_history WHERE order_id = $1 ORDER BY id', [
        orderId,
      ]),
      db.query<InvoiceColumns>(
        'SELECT number AS invoice_number, issued_at AS invoice_issued_at FROM invoices WHERE order_id = $1',
        [orderId],
      ),
      db.query<RefundRow>('SELECT * FROM order_refunds WHERE order_id = $1 ORDER BY requested_at, id', [
        orderId,
      ]),
      db.query<{ number: string; issued_at: Date; total_amount: string }>(
        'SELECT number, issued_at, total_amount FROM credit_notes WHERE order_id = $1 ORDER BY year, seq',
        [orderId],
      ),
    ]);
    const money = (amount: number | string) => ({ amount: Number(amount), currency: row.currency });
    const country = row.tax_country ?? row.shipping_address.country;
    return {
      id: row.id,
      customerId: row.customer_id,
      status: row.status,
      lines: lines.rows.map((l) => ({
        productId: l.product_id,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: { amount: Number(l.unit_amount), currency: row.currency },
      })),
      subtotal: money(lines.rows.reduce((sum, l) => sum + Number(l.unit_amount) * l.quantity, 0)),
      shipping: { method: row.shipping_method, amount: money(row.shipping_amount) },
      tax: { country, rate: row.tax_rate, amount: money(row.tax_amount), included: row.tax_included },
      total: money(row.total_amount),
      shippingAddress: row.shipping_address,
      payment: { paymentId: row.payment_id, approveUrl: row.approve_url },
      tracking: row.tracking_number ? { trackingNumber: row.tracking_number, carrier: row.carrier } : null,
      cancelReason: row.cancel_reason,
      history: history.rows.map((h) => ({ status: h.status, reason: h.reason, at: h.at.toISOString() })),
      invoice: invoiceRef(invoice.rows[0]),
      creditNotes: creditNotes.rows.map((c) => ({
        number: c.number,
        issuedAt: c.issued_at.toISOString(),
        amount: money(c.total_amount),
      })),
      refunds: refunds.rows.map((r) => toOrderRefund(r, row.currency)),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  /**
   * A page of orders, newest first: one shopper's (`customerId`) or, for admins, everyone's,
   * optionally only those in one status. Keyset pagination on (created_at, id): the cursor is the
   * last row's pair, so pages never skip or repeat.
   */
  async list(
    filter: { customerId?: string; status?: OrderStatus },
    limit: number,
    cursor?: { createdAt: string; id: string },
  ) {
    const { rows } = await this.pool.query<
      OrderRow & InvoiceColumns & { credit_notes: { number: string; issuedAt: string; amount: number }[] }
    >(
      `SELECT o.*, i.number AS invoice_number, i.issued_at AS invoice_issued_at,
              (SELECT COALESCE(json_agg(json_build_object('number', c.number, 'issuedAt', c.issued_at,
                                                          'amount', c.total_amount) ORDER BY c.year, c.seq), '[]')
                 FROM credit_notes c WHERE c.order_id = o.id) AS credit_notes
         FROM orders o
         LEFT JOIN invoices i ON i.order_id = o.id
        WHERE ($1::text IS NULL OR o.customer_id = $1)
          AND ($2::text IS NULL OR o.status = $2)
          AND ($3::timestamptz IS NULL OR (o.created_at, o.id) < ($3::timestamptz, $4::uuid))
        ORDER BY o.created_at DESC, o.id DESC LIMIT $5`,
      [
        filter.customerId ?? null,
        filter.status ?? null,
        cursor?.createdAt ?? null,
        cursor?.id ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        customerId: r.customer_id,
        status: r.status,
        total: { amount: Number(r.total_amount), currency: r.currency },
        invoice: invoiceRef(r),
        creditNotes: r.credit_notes.map((c) => ({
          number: c.number,
          issuedAt: new Date(c.issuedAt).toISOString(),
          amount: { amount: Number(c.amount), currency: r.currency },
        })),
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      })),
      next: rows.length > limit && last ? { createdAt: last.created_at.toISOString(), id: last.id } : null,
    };
  }

  /**
   * Every order placed in [from, to), oldest first, as CSV cells (`ORDER_CSV_HEADER`), in
   * batches of 500 read by keyset (created_at, id): an export holds one batch in memory.
   * Only the shipping country of the address: the export is for the accounts.
   */
  async *exportBetween(from: Date, to: Date): AsyncGenerator<(string | number)[][]> {
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const { rows }: { rows: (OrderRow & { items: string; lines: string | null })[] } =
        await this.pool.query(
          `SELECT o.*,
                (SELECT coalesce(sum(quantity), 0) FROM order_lines l WHERE l.order_id = o.id) AS items,
                (SELECT string_agg(sku || ' x' || quantity, '; ' ORDER BY line_no)
                   FROM order_lines l WHERE l.order_id = o.id) AS lines
           FROM orders o
          WHERE o.created_at >= $1 AND o.created_at < $2
            AND ($3::timestamptz IS NULL OR (o.created_at, o.id) > ($3::timestamptz, $4::uuid))
          ORDER BY o.created_at, o.id LIMIT 500`,
          [from, to, after?.createdAt ?? null, after?.id ?? null],
        );
      if (rows.length > 0)
        yield rows.map((r) => [
          r.id,
          r.created_at.toISOString(),
          r.status,
          r.customer_id,
          Number(r.items),
          r.lines ?? '',
          Number(r.total_amount),
          r.currency,
          r.shipping_address.country,
          r.tracking_number ?? '',
        ]);
      if (rows.length < 500) return;
      const last: OrderRow = rows[rows.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
    }
  }

  /** Orders sitting in `status` since before `olderThanSeconds`, for the timeout sweeper. */
  async stuck(status: OrderStatus, olderThanSeconds: number, limit = 50): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT id FROM orders WHERE status = $1 AND updated_at < now() - make_interval(secs => $2)
       ORDER BY updated_at LIMIT $3`,
      [status, olderThanSeconds, limit],
    );
    return rows.map((r) => r.id as string);
  }

  /**
   * Orders a saga step still waits for, by state, and how many of them are past that step's
   * timeout (the timeout sweep cancels those within seconds: more than a moment there is a
   * stuck saga). One pass over the `orders_by_status` index of the open states.
   */
  async openSagas(timeouts: {
    stockSeconds: number;
    approvalSeconds: number;
  }): Promise<{ status: OrderStatus; open: number; overdue: number }[]> {
    const { rows } = await this.pool.query<{ status: OrderStatus; open: number; overdue: number }>(
      `SELECT status, count(*)::int AS open,
         count(*) FILTER (WHERE updated_at < now() - make_interval(secs =>
           CASE status WHEN 'PENDING' THEN $1::float8 ELSE $2::float8 END))::int AS overdue
       FROM orders WHERE status IN ('PENDING', 'STOCK_RESERVED') GROUP BY status`,
      [timeouts.stockSeconds, timeouts.approvalSeconds],
    );
    return rows;
  }

  /** Reserved orders still waiting for a payment to be opened, reserved at least `graceSeconds` ago. */
  async awaitingPayment(limit = 20, graceSeconds = 0): Promise<AwaitingPayment[]> {
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT * FROM orders WHERE status = 'STOCK_RESERVED' AND payment_id IS NULL
         AND updated_at <= now() - make_interval(secs => $2)
       ORDER BY updated_at LIMIT $1`,
      [limit, graceSeconds],
    );
    return rows.map(awaiting);
  }

  /** This order, if it is reserved and still has no payment. */
  async awaitingPaymentOf(orderId: string): Promise<AwaitingPayment | null> {
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT * FROM orders WHERE id = $1 AND status = 'STOCK_RESERVED' AND payment_id IS NULL`,
      [orderId],
    );
    return rows[0] ? awaiting(rows[0]) : null;
  }

  async attachPayment(orderId: string, paymentId: string, approveUrl: string): Promise<void> {
    await this.pool.query(
      `UPDATE orders SET payment_id = $2, approve_url = $3 WHERE id = $1 AND payment_id IS NULL`,
      [orderId, paymentId, approveUrl],
    );
  }

  /**
   * The approval link of a retried payment, while the order still waits for it (a retry racing
   * a cancellation leaves the cancelled order alone; the payment service closes its payment).
   * The new PayPal order gets the whole approval window (`updated_at` times it out); the payment
   * service's limit of attempts bounds how long the stock can be held.
   */
  async replaceApproveUrl(orderId: string, paymentId: string, approveUrl: string): Promise<boolean> {
    const updated = await this.pool.query(
      `UPDATE orders SET approve_url = $3, updated_at = now()
        WHERE id = $1 AND payment_id = $2 AND status = 'STOCK_RESERVED' AND approve_url IS DISTINCT FROM $3`,
      [orderId, paymentId, approveUrl],
    );
    return updated.rowCount === 1;
  }
}
