import type pg from 'pg';
import { newEnvelope, type Money, type OrderRefund } from '@sidecart/contracts';
import { enqueueEvent, inTransaction, uuidv7 } from '@sidecart/service-kit';
import type { OrderLine, OrderStatus } from '../domain/order';
import {
  planRefund,
  refundNote,
  type FieldError,
  type RefundKind,
  type RefundRequest,
} from '../domain/refund';
import type { InvoiceStore } from './invoices';
import { addNote, type OrderStore } from './orders';
import type { ReportStore } from './reports';

export type RefundRow = {
  id: string;
  order_id: string;
  idempotency_key: string;
  kind: RefundKind;
  status: OrderRefund['status'];
  amount: string;
  lines: OrderLine[];
  reason: string;
  failure: string | null;
  requested_at: Date;
  closed_at: Date | null;
};

/** A refund as the runner carries it out: what to ask the payment service for. */
export type StoredRefund = {
  id: string;
  orderId: string;
  kind: RefundKind;
  status: OrderRefund['status'];
  amount: Money;
  lines: OrderLine[];
  reason: string;
  failure: string | null;
};

export const toOrderRefund = (r: RefundRow, currency: Money['currency']): OrderRefund => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  amount: { amount: Number(r.amount), currency },
  lines: r.lines.map(({ productId, sku, quantity }) => ({ productId, sku, quantity })),
  reason: r.reason,
  failure: r.failure,
  requestedAt: r.requested_at.toISOString(),
});

/** What asking for a refund found: the refund (new or named by the key before), or why not. */
export type RefundAsked =
  | { refund: StoredRefund; created: boolean }
  | { refused: string }
  | { errors: FieldError[] }
  | { notFound: true };

/** The same request again: same kind, the same lines, the same amount. */
const sameRequest = (row: RefundRow, request: RefundRequest, amount?: number) => {
  const asked = (request.lines ?? []).map((l) => l.productId).sort();
  const had = row.lines.map((l) => l.productId).sort();
  return (
    row.kind === request.kind &&
    asked.join() === had.join() &&
    (request.amount === undefined || request.amount.amount === amount)
  );
};

/**
 * An order's refunds and returns after payment (migration `order-refunds`). Each is asked for
 * under the order's row lock, so two requests never refund the same line or more than was paid,
 * and closed in one transaction with its timeline entry and `order.refunded`.
 */
export class RefundStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly orders: OrderStore,
    private readonly reports?: ReportStore,
    /** Credit notes: one for each completed refund of an invoiced order, in the same transaction. */
    private readonly invoices?: InvoiceStore,
  ) {}

  /**
   * The refund named by (order, key) if there is one (`created: false`; another request under
   * the key is refused), else a new REQUESTED one as `planRefund` decides.
   */
  async request(orderId: string, key: string, request: RefundRequest): Promise<RefundAsked> {
    return inTransaction(this.pool, async (tx) => {
      const locked = await tx.query('SELECT id FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
      if (locked.rowCount === 0) return { notFound: true };
      const { rows } = await tx.query<RefundRow>('SELECT * FROM order_refunds WHERE order_id = $1', [
        orderId,
      ]);
      const named = rows.find((r) => r.idempotency_key === key);
      if (named) {
        return sameRequest(named, request, Number(named.amount))
          ? { refund: toStored(named, (await this.orders.get(orderId, tx))!.total.currency), created: false }
          : { refused: 'This Idempotency-Key was used for another refund of this order' };
      }
      const order = (await this.orders.get(orderId, tx))!;
      const plan = planRefund(
        order,
        rows.map((r) => ({ kind: r.kind, status: r.status, amount: Number(r.amount), lines: r.lines })),
        request,
      );
      if (!plan.ok) return 'errors' in plan ? { errors: plan.errors } : { refused: plan.refused };
      const inserted = await tx.query<RefundRow>(
        `INSERT INTO order_refunds (id, order_id, idempotency_key, kind, status, amount, lines, reason)
         VALUES ($1, $2, $3, $4, 'REQUESTED', $5, $6, $7) RETURNING *`,
        [
          uuidv7(),
          orderId,
          key,
          request.kind,
          plan.amount.amount,
          JSON.stringify(plan.lines),
          request.reason,
        ],
      );
      return { refund: toStored(inserted.rows[0]!, order.total.currency), created: true };
    });
  }

  /**
   * The payment service refunded it: COMPLETED, with its timeline entry, `order.refunded`, the
   * dashboard's refunded amount and its credit note (if the order is invoiced), once (a repeat
   * finds it closed and changes nothing; the credit note's own dedupe is by refund).
   */
  async complete(refundId: string): Promise<boolean> {
    return this.close(refundId, async (tx, refund, row) => {
      await tx.query(`UPDATE order_refunds SET status = 'COMPLETED', closed_at = now() WHERE id = $1`, [
        refundId,
      ]);
      await addNote(tx, row.id, row.status, refundNote(refund), true);
      const event = {
        ...newEnvelope(),
        orderId: row.id,
        customerId: row.customer_id,
        refundId,
        kind: refund.kind,
        amount: refund.amount,
        lines: refund.lines.map(({ productId, sku, quantity, unitPrice }) => ({
          productId,
          sku,
          quantity,
          unitPrice,
        })),
        reason: refund.reason,
      };
      await enqueueEvent(tx, 'order.refunded', event);
      await this.reports?.refunded(tx, refund.amount, event.occurredAt);
      await this.invoices?.credit(tx, {
        orderId: row.id,
        source: refundId,
        amount: refund.amount.amount,
        lines: refund.lines.map((l) => ({
          sku: l.sku,
          name: l.name,
          quantity: l.quantity,
          unitAmount: l.unitPrice.amount,
        })),
        reason: refund.reason,
      });
    });
  }

  /** The payment service refused it (nothing was paid back): FAILED, with the reason in the timeline. */
  async fail(refundId: string, failure: string): Promise<boolean> {
    return this.close(refundId, async (tx, refund, row) => {
      await tx.query(
        `UPDATE order_refunds SET status = 'FAILED', failure = $2, closed_at = now() WHERE id = $1`,
        [refundId, failure],
      );
      await addNote(tx, row.id, row.status, refundNote(refund, failure), true);
    });
  }

  private async close(
    refundId: string,
    effect: (
      tx: pg.PoolClient,
      refund: StoredRefund,
      order: { id: string; customer_id: string; status: OrderStatus },
    ) => Promise<void>,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<
        RefundRow & { customer_id: string; order_status: OrderStatus; currency: Money['currency'] }
      >(
        `SELECT r.*, o.customer_id, o.status AS order_status, o.currency FROM order_refunds r
           JOIN orders o ON o.id = r.order_id WHERE r.id = $1 FOR UPDATE OF o, r`,
        [refundId],
      );
      const row = rows[0];
      if (!row || row.status !== 'REQUESTED') return false;
      await effect(tx, toStored(row, row.currency), {
        id: row.order_id,
        customer_id: row.customer_id,
        status: row.order_status,
      });
      return true;
    });
  }

  /** Refunds asked for at least `graceSeconds` ago and still open (an outage, a crash), oldest first. */
  async leftOpen(graceSeconds: number, limit = 20): Promise<StoredRefund[]> {
    const { rows } = await this.pool.query<RefundRow & { currency: Money['currency'] }>(
      `SELECT r.*, o.currency FROM order_refunds r JOIN orders o ON o.id = r.order_id
        WHERE r.status = 'REQUESTED' AND r.requested_at <= now() - make_interval(secs => $1)
        ORDER BY r.requested_at LIMIT $2`,
      [graceSeconds, limit],
    );
    return rows.map((r) => toStored(r, r.currency));
  }
}

function toStored(r: RefundRow, currency: Money['currency']): StoredRefund {
  return {
    id: r.id,
    orderId: r.order_id,
    kind: r.kind,
    status: r.status,
    amount: { amount: Number(r.amount), currency },
    lines: r.lines,
    reason: r.reason,
    failure: r.failure,
  };
}
