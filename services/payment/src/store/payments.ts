import type pg from 'pg';
import {
  newEnvelope,
  type Currency,
  type AmountBreakdown,
  type CustomerDeleted,
  type Money,
  type Topic,
  type Payment,
  type PaymentStatus,
} from '@sidecart/contracts';
import {
  enqueueEvent,
  firstDelivery,
  inTransaction,
  isErased,
  lockCustomer,
  recordErasure,
  uuidv7,
} from '@sidecart/service-kit';
import { ERASED_REASON } from '../domain/payment';

/**
 * What makes a delivery happen once: a broker event (eventId → processed_events) or a
 * PayPal webhook (its id → webhook_events). Claimed in the same transaction as the effect.
 */
export type Dedupe =
  { kind: 'event'; eventId: string; topic: string } | { kind: 'webhook'; id: string; type: string };

export type NewPayment = {
  id: string;
  orderId: string;
  customerId: string;
  amount: Money;
  /** How the amount splits for PayPal (goods, shipping, tax), if the order service sent it. */
  breakdown: AmountBreakdown | null;
  providerOrderId: string;
  approveUrl: string;
  returnUrl: string;
  cancelUrl: string;
};

const SELECT_PAYMENT = `
  SELECT p.id, p.order_id, p.customer_id, p.amount, p.currency, p.status, p.provider_order_id,
         p.approve_url, p.failure_reason, p.created_at, p.updated_at,
         c.id AS capture_id, c.provider_capture_id, c.amount AS capture_amount,
         c.currency AS capture_currency, c.captured_at,
         r.id AS refund_id, r.provider_refund_id, r.amount AS refund_amount,
         r.currency AS refund_currency, r.reason AS refund_reason, r.refunded_at
  FROM payments p
  LEFT JOIN captures c ON c.payment_id = p.id
  LEFT JOIN refunds r ON r.capture_id = c.id AND NOT r.partial`;

type Row = Record<string, unknown>;

/** A part of a capture refunded (or being refunded) for the order service: `providerRefundId` null while PayPal has not answered. */
export type PartialRefund = {
  id: string;
  key: string;
  providerRefundId: string | null;
  amount: Money;
  refundedAt: string;
};

/** What claiming a partial refund found: the refund (new, or the one the key named before), or why not. */
export type PartialClaim =
  | { refund: PartialRefund; providerCaptureId: string }
  | { refused: 'not-captured' | 'exceeds' | 'other-terms'; left: number };

const toPartial = (row: Row): PartialRefund => ({
  id: row.id as string,
  key: row.request_key as string,
  providerRefundId: (row.provider_refund_id as string | null) ?? null,
  amount: money(row.amount, row.currency),
  refundedAt: iso(row.refunded_at),
});
const money = (amount: unknown, currency: unknown): Money => ({
  amount: Number(amount),
  currency: String(currency).trim() as Currency,
});
const iso = (value: unknown) => (value as Date).toISOString();

function toPayment(row: Row): Payment {
  const status = row.status as PaymentStatus;
  return {
    id: row.id as string,
    orderId: row.order_id as string,
    customerId: row.customer_id as string,
    amount: money(row.amount, row.currency),
    status,
    provider: 'paypal',
    providerOrderId: row.provider_order_id as string,
    approveUrl: status === 'CREATED' ? (row.approve_url as string) : null,
    capture: row.capture_id
      ? {
          id: row.capture_id as string,
          providerCaptureId: row.provider_capture_id as string,
          amount: money(row.capture_amount, row.capture_currency),
          capturedAt: iso(row.captured_at),
        }
      : null,
    refund: row.refund_id
      ? {
          id: row.refund_id as string,
          providerRefundId: row.provider_refund_id as string,
          amount: money(row.refund_amount, row.refund_currency),
          reason: row.refund_reason as string,
          refundedAt: iso(row.refunded_at),
        }
      : null,
    failureReason: (row.failure_reason as string | null) ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Payments, captures and refunds in PostgreSQL; every change that others must hear of writes its event to the outbox. */
export class PaymentStore {
  constructor(private readonly pool: pg.Pool) {}

  async findByOrder(orderId: string): Promise<Payment | null> {
    const { rows } = await this.pool.query(`${SELECT_PAYMENT} WHERE p.order_id = $1`, [orderId]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  async findByProviderOrder(providerOrderId: string): Promise<Payment | null> {
    const { rows } = await this.pool.query(`${SELECT_PAYMENT} WHERE p.provider_order_id = $1`, [
      providerOrderId,
    ]);
    return rows[0] ? toPayment(rows[0]) : null;
  }

  /** Inserts a payment unless the order already has one (UNIQUE order_id); false then. */
  async insert(payment: NewPayment): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO payments (id, order_id, customer_id, amount, currency, status, provider_order_id,
                             approve_url, return_url, cancel_url, breakdown)
       VALUES ($1, $2, $3, $4, $5, 'CREATED', $6, $7, $8, $9, $10)
       ON CONFLICT (order_id) DO NOTHING`,
      [
        payment.id,
        payment.orderId,
        payment.customerId,
        payment.amount.amount,
        payment.amount.currency,
        payment.providerOrderId,
        payment.approveUrl,
        payment.returnUrl,
        payment.cancelUrl,
        payment.breakdown && JSON.stringify(payment.breakdown),
      ],
    );
    return result.rowCount === 1;
  }

  /**
   * Records the capture and announces payment.succeeded. The UNIQUE order_id of
   * `captures` makes a second capture of the order impossible: a concurrent or repeated
   * call inserts nothing and announces nothing. Returns whether this call recorded it.
   */
  async recordCapture(
    payment: Payment,
    capture: { providerCaptureId: string; amount: Money; status: string },
    dedupe?: Dedupe,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (dedupe && !(await claim(tx, dedupe))) return false;
      const inserted = await tx.query(
        `INSERT INTO captures (id, payment_id, order_id, provider_capture_id, amount, currency, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          uuidv7(),
          payment.id,
          payment.orderId,
          capture.providerCaptureId,
          capture.amount.amount,
          capture.amount.currency,
          capture.status,
        ],
      );
      if (inserted.rowCount === 0) {
        // Any unique index may be the one hit under concurrency; only "this order is captured" is fine.
        await expectExisting(tx, 'SELECT 1 FROM captures WHERE order_id = $1', payment.orderId);
        return false;
      }
      await tx.query(
        `UPDATE payments SET status = 'CAPTURED', in_flight = NULL, updated_at = now() WHERE id = $1`,
        [payment.id],
      );
      await enqueueEvent(tx, 'payment.succeeded', {
        ...newEnvelope(),
        orderId: payment.orderId,
        paymentId: payment.id,
        amount: capture.amount,
        providerCaptureId: capture.providerCaptureId,
      });
      return true;
    });
  }

  /**
   * Takes the payment's one slot for a step under way (`in_flight`: 'capture' or
   * 'amendment:<revision>'), only while it waits for its capture (CREATED). Taking it again
   * for the same step succeeds (a retry). Returns whether this step holds the slot now.
   */
  async claimStep(paymentId: string, step: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE payments SET in_flight = $2
       WHERE id = $1 AND status = 'CREATED' AND (in_flight IS NULL OR in_flight = $2)`,
      [paymentId, step],
    );
    return rowCount === 1;
  }

  /**
   * Gives the slot back, if `step` holds it; with `amount`, the payment's amount changes with it,
   * and its breakdown with it (none, if the amendment carried none: the old one no longer adds up).
   */
  async endStep(
    paymentId: string,
    step: string,
    amount?: Money,
    breakdown?: AmountBreakdown | null,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE payments SET in_flight = NULL, amount = COALESCE($3, amount),
              breakdown = CASE WHEN $3::bigint IS NULL THEN breakdown ELSE $4::jsonb END, updated_at = now()
       WHERE id = $1 AND in_flight = $2`,
      [paymentId, step, amount?.amount ?? null, breakdown ? JSON.stringify(breakdown) : null],
    );
  }

  /** The step holding the payment's slot, if any. */
  async stepInFlight(paymentId: string): Promise<string | null> {
    const { rows } = await this.pool.query('SELECT in_flight FROM payments WHERE id = $1', [paymentId]);
    return (rows[0]?.in_flight as string | null | undefined) ?? null;
  }

  /** A declined capture: FAILED once, with payment.failed. */
  async recordFailure(payment: Payment, reason: string, dedupe?: Dedupe): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (dedupe && !(await claim(tx, dedupe))) return false;
      const updated = await tx.query(
        `UPDATE payments SET status = 'FAILED', failure_reason = $2, in_flight = NULL, updated_at = now()
         WHERE id = $1 AND status = 'CREATED'`,
        [payment.id, reason],
      );
      if (updated.rowCount === 0) return false;
      await enqueueEvent(tx, 'payment.failed', {
        ...newEnvelope(),
        orderId: payment.orderId,
        paymentId: payment.id,
        reason,
      });
      return true;
    });
  }

  /** What a retry needs besides the payment: how many PayPal orders it opened, and where PayPal sends the shopper. */
  async retryTerms(paymentId: string): Promise<{
    attempt: number;
    returnUrl: string;
    cancelUrl: string;
    breakdown: AmountBreakdown | null;
  }> {
    const { rows } = await this.pool.query(
      'SELECT attempt, return_url, cancel_url, breakdown FROM payments WHERE id = $1',
      [paymentId],
    );
    const row = rows[0] as {
      attempt: number;
      return_url: string;
      cancel_url: string;
      breakdown: AmountBreakdown | null;
    };
    return {
      attempt: row.attempt,
      returnUrl: row.return_url,
      cancelUrl: row.cancel_url,
      breakdown: row.breakdown,
    };
  }

  /**
   * A failed payment waits for approval again, on a new PayPal order. Only from FAILED at the
   * attempt the caller read: of two concurrent retries one moves it, the other changes nothing
   * (false) and reads the winner's. No event: nothing changed that other services act on.
   */
  async reopen(
    payment: Payment,
    fromAttempt: number,
    order: { providerOrderId: string; approveUrl: string },
  ): Promise<boolean> {
    const updated = await this.pool.query(
      `UPDATE payments SET status = 'CREATED', failure_reason = NULL, attempt = attempt + 1,
              provider_order_id = $3, approve_url = $4, updated_at = now()
        WHERE id = $1 AND status = 'FAILED' AND attempt = $2`,
      [payment.id, fromAttempt, order.providerOrderId, order.approveUrl],
    );
    return updated.rowCount === 1;
  }

  /** Records the compensation's refund of the capture (once per capture) and announces payment.refunded. */
  async recordRefund(
    payment: Payment,
    refund: { providerRefundId: string; amount: Money; status: string; reason: string },
    dedupe?: Dedupe,
  ): Promise<boolean> {
    if (!payment.capture) throw new Error(`payment ${payment.id} has no capture to refund`);
    const captureId = payment.capture.id;
    return inTransaction(this.pool, async (tx) => {
      if (dedupe && !(await claim(tx, dedupe))) return false;
      // An erased customer's refund keeps no reason a shopper may have written (see `erase`).
      await lockCustomer(tx, payment.customerId);
      const reason = (await isErased(tx, payment.customerId)) ? ERASED_REASON : refund.reason;
      const inserted = await tx.query(
        `INSERT INTO refunds (id, payment_id, capture_id, request_key, provider_refund_id, amount, currency, status, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [
          uuidv7(),
          payment.id,
          captureId,
          fullRefundKey(captureId),
          refund.providerRefundId,
          refund.amount.amount,
          refund.amount.currency,
          refund.status,
          reason,
        ],
      );
      if (inserted.rowCount === 0) {
        await expectExisting(tx, 'SELECT 1 FROM refunds WHERE capture_id = $1 AND NOT partial', captureId);
        return false;
      }
      await tx.query(`UPDATE payments SET status = 'REFUNDED', updated_at = now() WHERE id = $1`, [
        payment.id,
      ]);
      await enqueueEvent(tx, 'payment.refunded', {
        ...newEnvelope(),
        orderId: payment.orderId,
        paymentId: payment.id,
        amount: refund.amount,
        providerRefundId: refund.providerRefundId,
      });
      return true;
    });
  }

  /**
   * Claims a partial refund of the payment's capture under the payment's row lock: the refund named
   * `key` if it exists (the same amount, or 'other-terms'), else a new PENDING one, only while the
   * capture has that much left that no other refund (pending or done) holds. So concurrent
   * refunds never add up to more than was captured, whatever PayPal would allow.
   */
  async claimPartialRefund(
    orderId: string,
    part: { key: string; amount: Money; reason: string },
  ): Promise<PartialClaim> {
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query(
        `SELECT p.id, p.status, c.id AS capture_id, c.provider_capture_id, c.amount, c.currency
           FROM payments p LEFT JOIN captures c ON c.payment_id = p.id
          WHERE p.order_id = $1 FOR UPDATE OF p`,
        [orderId],
      );
      const payment = rows[0] as Row | undefined;
      const taken = await tx.query(
        'SELECT coalesce(sum(amount), 0) AS sum FROM refunds WHERE payment_id = $1',
        [payment?.id ?? null],
      );
      const left = payment?.capture_id ? Number(payment.amount) - Number(taken.rows[0].sum) : 0;
      const existing = await tx.query('SELECT * FROM refunds WHERE request_key = $1', [part.key]);
      const before = existing.rows[0] as Row | undefined;
      if (before) {
        const same =
          before.payment_id === payment?.id &&
          before.partial === true &&
          Number(before.amount) === part.amount.amount;
        return same
          ? { refund: toPartial(before), providerCaptureId: payment!.provider_capture_id as string }
          : { refused: 'other-terms', left };
      }
      if (!payment || payment.status !== 'CAPTURED') return { refused: 'not-captured', left };
      if (String(payment.currency).trim() !== part.amount.currency || part.amount.amount > left)
        return { refused: 'exceeds', left };
      const inserted = await tx.query(
        `INSERT INTO refunds (id, payment_id, capture_id, request_key, partial, amount, currency, status, reason)
         VALUES ($1, $2, $3, $4, true, $5, $6, 'PENDING', $7) RETURNING *`,
        [
          uuidv7(),
          payment.id,
          payment.capture_id,
          part.key,
          part.amount.amount,
          part.amount.currency,
          part.reason,
        ],
      );
      return {
        refund: toPartial(inserted.rows[0]),
        providerCaptureId: payment.provider_capture_id as string,
      };
    });
  }

  /** PayPal made the partial refund: its id and status are recorded (once; a repeat changes nothing). */
  async completePartialRefund(
    refundId: string,
    providerRefundId: string,
    status: string,
  ): Promise<PartialRefund> {
    await this.pool.query(
      `UPDATE refunds SET provider_refund_id = $2, status = $3, refunded_at = now()
        WHERE id = $1 AND provider_refund_id IS NULL`,
      [refundId, providerRefundId, status],
    );
    const { rows } = await this.pool.query('SELECT * FROM refunds WHERE id = $1', [refundId]);
    if (!rows[0]) throw new Error(`partial refund ${refundId} was given back while PayPal made it`);
    return toPartial(rows[0]);
  }

  /** PayPal refused the partial refund: the claim is given back, so its amount is free again. */
  async dropPartialRefund(refundId: string): Promise<void> {
    await this.pool.query('DELETE FROM refunds WHERE id = $1 AND partial AND provider_refund_id IS NULL', [
      refundId,
    ]);
  }

  /** What partial refunds already paid back of the payment's capture (compensation refunds the rest). */
  async partlyRefunded(paymentId: string): Promise<number> {
    const { rows } = await this.pool.query(
      'SELECT coalesce(sum(amount), 0) AS sum FROM refunds WHERE payment_id = $1 AND partial',
      [paymentId],
    );
    return Number(rows[0].sum);
  }

  /**
   * Compensation of a capture that partial refunds already paid back whole: REFUNDED, announced
   * with nothing more paid back (PayPal is not asked: nothing is left to refund).
   */
  async markRefunded(payment: Payment, dedupe?: Dedupe): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (dedupe && !(await claim(tx, dedupe))) return false;
      const updated = await tx.query(
        `UPDATE payments SET status = 'REFUNDED', updated_at = now() WHERE id = $1 AND status = 'CAPTURED'`,
        [payment.id],
      );
      if (updated.rowCount === 0) return false;
      await enqueueEvent(tx, 'payment.refunded', {
        ...newEnvelope(),
        orderId: payment.orderId,
        paymentId: payment.id,
        amount: { amount: 0, currency: payment.amount.currency },
        providerRefundId: '',
      });
      return true;
    });
  }

  /** The order went away before any money was taken: the payment can no longer be captured. */
  async markCancelled(payment: Payment, dedupe?: Dedupe): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (dedupe && !(await claim(tx, dedupe))) return false;
      const updated = await tx.query(
        `UPDATE payments SET status = 'CANCELLED', updated_at = now() WHERE id = $1 AND status = 'CREATED'`,
        [payment.id],
      );
      return updated.rowCount === 1;
    });
  }

  /**
   * The payment service's part of an erasure (`customer.deleted`), once per eventId: the
   * customer is listed as erased and their refunds' reasons (a shopper's words, passed on with
   * a cancellation) are replaced. Amounts, captures, refunds and statuses stay for the accounts.
   * Returns false for a redelivery.
   */
  async erase(event: CustomerDeleted): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      if (!(await firstDelivery(tx, event.eventId, 'customer.deleted'))) return false;
      await lockCustomer(tx, event.customerId);
      await recordErasure(tx, event.customerId);
      await tx.query(
        `UPDATE refunds r SET reason = $2 FROM payments p WHERE p.id = r.payment_id AND p.customer_id = $1`,
        [event.customerId, ERASED_REASON],
      );
      return true;
    });
  }

  /** Records a delivery that needs no change, so a redelivery is recognised. */
  async acknowledge(dedupe: Dedupe): Promise<boolean> {
    return inTransaction(this.pool, (tx) => claim(tx, dedupe));
  }

  async alreadyHandled(dedupe: Dedupe): Promise<boolean> {
    const { rowCount } =
      dedupe.kind === 'event'
        ? await this.pool.query('SELECT 1 FROM processed_events WHERE event_id = $1', [dedupe.eventId])
        : await this.pool.query('SELECT 1 FROM webhook_events WHERE id = $1', [dedupe.id]);
    return rowCount === 1;
  }
}

/** The compensation's refund of a capture: its row's key and PayPal's request id. */
export const fullRefundKey = (captureId: string) => `sidecart-refund-${captureId}`;

/** A skipped insert must be a repeat of ours, not a clash of provider ids between two payments. */
async function expectExisting(tx: pg.PoolClient, sql: string, id: string): Promise<void> {
  const { rowCount } = await tx.query(sql, [id]);
  if (rowCount !== 1) throw new Error(`a provider id was already recorded for another payment (${id})`);
}

async function claim(tx: pg.PoolClient, dedupe: Dedupe): Promise<boolean> {
  if (dedupe.kind === 'event') return firstDelivery(tx, dedupe.eventId, dedupe.topic as Topic);
  const result = await tx.query(
    'INSERT INTO webhook_events (id, event_type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
    [dedupe.id, dedupe.type],
  );
  return result.rowCount === 1;
}
