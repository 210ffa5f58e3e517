import type {
  AmendPayment,
  AmountBreakdown,
  CreatePayment,
  Money,
  Payment,
  PaymentRefund,
  PayPalWebhookEvent,
  RefundPart,
} from '@sidecart/contracts';
import { problem, Refused, uuidv7, type Logger } from '@sidecart/service-kit';
import { z } from 'zod';
import {
  captureDecision,
  compensationDecision,
  fromPayPalValue,
  MAX_PAYMENT_ATTEMPTS,
  retryDecision,
  toPayPalAmount,
  toPayPalValue,
} from './domain/payment';
import { DECLINE_ISSUES, PayPalRejection, type PayPalClient, type WebhookSignature } from './clients/paypal';
import { fullRefundKey, type Dedupe, type PaymentStore } from './store/payments';

const CapturedResource = z.object({
  id: z.string().min(1),
  status: z.string(),
  amount: z.object({ currency_code: z.enum(['EUR', 'USD', 'GBP']), value: z.string() }),
  supplementary_data: z.object({ related_ids: z.object({ order_id: z.string().min(1) }) }),
});

const sameTerms = (payment: Payment, input: CreatePayment) =>
  payment.customerId === input.customerId &&
  payment.amount.amount === input.amount.amount &&
  payment.amount.currency === input.amount.currency;

/** The payment's slot while PayPal captures it (see `PaymentStore.claimStep`). */
const CAPTURE_STEP = 'capture';

const paypalUnavailable = (err: unknown) =>
  problem(502, `PayPal could not complete the request: ${(err as Error).message}`);

/**
 * The payment use cases: PayPal is called first (with a request id, so a retry never
 * acts twice there), then the outcome is recorded with its event in one transaction.
 */
export class Payments {
  constructor(
    private readonly store: PaymentStore,
    private readonly paypal: PayPalClient,
    private readonly logger: Logger,
  ) {}

  find(orderId: string): Promise<Payment | null> {
    return this.store.findByOrder(orderId);
  }

  /** One payment per order: a repeated request gets the same payment (created: false). */
  async create(input: CreatePayment): Promise<{ payment: Payment; created: boolean }> {
    const existing = await this.store.findByOrder(input.orderId);
    if (existing) return { payment: this.sameOrConflict(existing, input), created: false };

    const { amount } = input;
    const order = await this.openPayPalOrder(input, 1);
    const created = await this.store.insert({
      id: uuidv7(),
      orderId: input.orderId,
      customerId: input.customerId,
      amount,
      breakdown: input.breakdown ?? null,
      providerOrderId: order.id,
      approveUrl: order.approveUrl,
      returnUrl: input.returnUrl,
      cancelUrl: input.cancelUrl,
    });
    const payment = (await this.store.findByOrder(input.orderId))!;
    return { payment: created ? payment : this.sameOrConflict(payment, input), created };
  }

  /**
   * The PayPal order of one attempt. Same order, terms and attempt → same request id → same PayPal
   * order, even if we crashed before recording it or two retries raced (the first attempt's id
   * is the one payments have always used).
   */
  private openPayPalOrder(
    terms: {
      orderId: string;
      amount: Money;
      breakdown?: AmountBreakdown | null | undefined;
      returnUrl: string;
      cancelUrl: string;
    },
    attempt: number,
  ) {
    const { orderId, amount } = terms;
    return this.paypal
      .createOrder({
        requestId: `sidecart-create-${orderId}-${amount.amount}${amount.currency}${attempt > 1 ? `-${attempt}` : ''}`,
        referenceId: orderId,
        amount: toPayPalAmount(amount, terms.breakdown),
        returnUrl: terms.returnUrl,
        cancelUrl: terms.cancelUrl,
      })
      .catch((err: unknown) => {
        throw err instanceof PayPalRejection
          ? problem(422, `PayPal refused the payment: ${err.issue}`)
          : paypalUnavailable(err);
      });
  }

  private sameOrConflict(payment: Payment, input: CreatePayment): Payment {
    if (!sameTerms(payment, input))
      throw new Refused('conflict', 'This order already has a payment with other terms');
    return payment;
  }

  /**
   * The shopper tries again after a decline: a new PayPal order for the same order and amount,
   * which the payment then waits on (CREATED). A payment still waiting for approval answers as it
   * is, so a double click opens one PayPal order; two concurrent retries send PayPal the same
   * request id (one PayPal order) and only one of them records it. The declined PayPal order is
   * never captured, and `captures` holds one row per order: at most one capture, however many tries.
   */
  async retry(payment: Payment): Promise<{ payment: Payment; reopened: boolean }> {
    const terms = await this.store.retryTerms(payment.id);
    const decision = retryDecision(payment.status, terms.attempt);
    if (decision === 'already-open') return { payment, reopened: false };
    if (decision === 'too-many')
      throw new Refused(
        'conflict',
        `This payment was tried ${MAX_PAYMENT_ATTEMPTS} times; cancel the order and order again`,
      );
    if (decision === 'not-retryable')
      throw new Refused('conflict', `A payment that is ${payment.status} cannot be tried again`);
    const { orderId } = payment;
    const order = await this.openPayPalOrder({ ...payment, ...terms }, terms.attempt + 1);
    const reopened = await this.store.reopen(payment, terms.attempt, {
      providerOrderId: order.id,
      approveUrl: order.approveUrl,
    });
    if (reopened) this.logger.info({ orderId, attempt: terms.attempt + 1 }, 'payment reopened');
    return { payment: (await this.store.findByOrder(orderId))!, reopened };
  }

  /**
   * Captures an approved payment once. A repeated call answers with the first outcome
   * (the capture, or the decline) and never captures again. While the order is being changed
   * (an amendment holds the payment) the capture is refused with 409: it would take the old amount.
   */
  async capture(payment: Payment): Promise<Payment> {
    const decision = captureDecision(payment.status);
    if (decision === 'not-capturable')
      throw new Refused('conflict', 'The payment was cancelled and cannot be captured');
    if (decision !== 'capture') return payment;
    if (!(await this.store.claimStep(payment.id, CAPTURE_STEP))) {
      const now = await this.store.findByOrder(payment.orderId);
      if (now && now.status !== 'CREATED') return this.capture(now);
      throw new Refused('conflict', 'The order is being changed: capture it again once the change is done');
    }
    try {
      return await this.captureClaimed(payment);
    } finally {
      // Captured or failed: the slot went with the status. Otherwise the capture may be tried again.
      await this.store.endStep(payment.id, CAPTURE_STEP);
    }
  }

  /**
   * One step of the order service's change of the order's amount (`AmendPayment`). `hold` takes
   * the payment's slot so that nothing captures it meanwhile; `apply` sets the PayPal order's
   * amount, records it and gives the slot back; `release` gives it back unchanged. Each is safe to
   * repeat, and a payment already at the new amount needs neither (a total that did not change,
   * or a repeat after `apply`: then even a capture since is fine). 409 once the payment is
   * captured at another amount, being captured, or closed.
   */
  async amend(input: AmendPayment): Promise<Payment> {
    const payment = await this.store.findByOrder(input.orderId);
    if (!payment) throw problem(404, 'This order has no payment');
    if (input.amount.currency !== payment.amount.currency)
      throw problem(400, 'The currency of a payment cannot change', {
        errors: [{ path: 'amount.currency', message: `must be ${payment.amount.currency}` }],
      });
    const step = `amendment:${input.revision}`;
    if (input.action === 'release') {
      await this.store.endStep(payment.id, step);
      return (await this.store.findByOrder(input.orderId))!;
    }
    const taken = payment.capture?.amount.amount ?? payment.amount.amount;
    const atNewAmount = taken === input.amount.amount && ['CREATED', 'CAPTURED'].includes(payment.status);
    if (atNewAmount) {
      await this.store.endStep(payment.id, step);
      return payment;
    }
    if (!(await this.store.claimStep(payment.id, step))) {
      const holder = await this.store.stepInFlight(payment.id);
      throw problem(
        409,
        payment.status !== 'CREATED'
          ? `The payment is ${payment.status.toLowerCase()}: the order can no longer change`
          : holder === CAPTURE_STEP
            ? 'The payment is being captured: the order can no longer change'
            : 'Another change of this order is under way',
      );
    }
    if (input.action === 'hold') return payment;
    await this.paypal
      .updateAmount(payment.providerOrderId, payment.orderId, toPayPalAmount(input.amount, input.breakdown))
      .catch((err: unknown) => {
        if (err instanceof PayPalRejection)
          throw new Refused('conflict', `PayPal refused the new amount: ${err.issue}`);
        throw paypalUnavailable(err);
      });
    await this.store.endStep(payment.id, step, input.amount, input.breakdown ?? null);
    this.logger.info(
      { orderId: payment.orderId, revision: input.revision, amount: input.amount },
      'payment amount changed',
    );
    return (await this.store.findByOrder(input.orderId))!;
  }

  private async captureClaimed(payment: Payment): Promise<Payment> {
    let captured;
    try {
      // Per PayPal order: a retry's capture must not be answered with the declined attempt's outcome.
      captured = await this.paypal.captureOrder(
        payment.providerOrderId,
        `sidecart-capture-${payment.id}-${payment.providerOrderId}`,
      );
    } catch (err) {
      if (!(err instanceof PayPalRejection)) throw paypalUnavailable(err);
      if (DECLINE_ISSUES.has(err.issue)) {
        await this.store.recordFailure(payment, err.issue);
        this.logger.info({ orderId: payment.orderId, issue: err.issue }, 'payment declined');
        return (await this.store.findByOrder(payment.orderId))!;
      }
      if (err.issue === 'ORDER_NOT_APPROVED')
        throw new Refused('conflict', 'The shopper has not approved this payment yet');
      if (err.issue !== 'ORDER_ALREADY_CAPTURED') throw paypalUnavailable(err);
      // Captured before under another request id: read that capture and record it.
      captured = await this.paypal.findCapture(payment.providerOrderId);
      if (!captured) throw paypalUnavailable(err);
    }
    await this.store.recordCapture(payment, {
      providerCaptureId: captured.captureId,
      amount: fromPayPalValue(captured.amount.value, payment.amount.currency),
      status: captured.status,
    });
    return (await this.store.findByOrder(payment.orderId))!;
  }

  /**
   * Compensation when the order is cancelled: refund a capture in full, or close a
   * payment still waiting for approval. Safe to repeat: PayPal sees the same request
   * id, and the refund is recorded once (UNIQUE capture_id, and the eventId if any).
   */
  async compensate(orderId: string, reason: string, dedupe?: Dedupe): Promise<Payment | null> {
    if (dedupe && (await this.store.alreadyHandled(dedupe))) return this.store.findByOrder(orderId);
    const payment = await this.store.findByOrder(orderId);
    const decision = compensationDecision(payment?.status);
    if (!payment || decision === 'nothing' || decision === 'already-refunded') {
      if (dedupe) await this.store.acknowledge(dedupe);
      return payment;
    }
    if (decision === 'cancel') {
      await this.store.markCancelled(payment, dedupe);
      return this.store.findByOrder(orderId);
    }
    const capture = payment.capture!;
    if ((await this.store.partlyRefunded(payment.id)) >= capture.amount.amount) {
      // Refunded in parts already: nothing is left to pay back, the payment is refunded all the same.
      await this.store.markRefunded(payment, dedupe);
      return this.store.findByOrder(orderId);
    }
    const refund = await this.paypal
      .refundCapture(capture.providerCaptureId, fullRefundKey(capture.id), reason)
      .catch((err: unknown) => {
        throw paypalUnavailable(err);
      });
    await this.store.recordRefund(
      payment,
      {
        providerRefundId: refund.id,
        amount: refund.amount
          ? fromPayPalValue(refund.amount.value, capture.amount.currency)
          : capture.amount,
        status: refund.status,
        reason,
      },
      dedupe,
    );
    this.logger.info({ orderId, providerRefundId: refund.id }, 'payment refunded');
    return this.store.findByOrder(orderId);
  }

  /**
   * The order service's refund of part of a capture (`RefundPart`). The part is claimed first
   * (never more than the capture has left, counting refunds under way), then PayPal refunds it
   * with the key as request id, then it is recorded. A repeat with the key answers the same
   * refund; one that finds it claimed but unanswered (a crash, an outage) asks PayPal again, which
   * answers the first refund. 409 when the payment is not captured, the amount is more than is
   * left, or the key was used for another amount.
   */
  async refundPart(input: RefundPart): Promise<PaymentRefund> {
    const claim = await this.store.claimPartialRefund(input.orderId, input);
    if ('refused' in claim) {
      const money = (amount: number) => toPayPalValue({ amount, currency: input.amount.currency });
      throw new Refused(
        'conflict',
        claim.refused === 'not-captured'
          ? 'The order has no captured payment to refund'
          : claim.refused === 'exceeds'
            ? `Only ${money(Math.max(claim.left, 0))} ${input.amount.currency} of the payment is left to refund`
            : 'This refund key was used for another refund',
      );
    }
    const { refund, providerCaptureId } = claim;
    if (refund.providerRefundId) return { ...refund, providerRefundId: refund.providerRefundId };
    const made = await this.paypal
      .refundCapture(providerCaptureId, `sidecart-refund-${input.key}`, input.reason, {
        currency_code: input.amount.currency,
        value: toPayPalValue(input.amount),
      })
      .catch(async (err: unknown) => {
        // Only PayPal's refusal of the refund itself (422: more than is left, another currency) frees
        // the claim; anything else leaves it PENDING for a repeat, which PayPal answers as the first.
        if (!(err instanceof PayPalRejection) || err.status !== 422) throw paypalUnavailable(err);
        await this.store.dropPartialRefund(refund.id);
        throw new Refused('conflict', `PayPal refused the refund: ${err.issue}`);
      });
    const done = await this.store.completePartialRefund(refund.id, made.id, made.status);
    this.logger.info(
      { orderId: input.orderId, key: input.key, amount: input.amount, providerRefundId: made.id },
      'payment partly refunded',
    );
    return { ...done, providerRefundId: made.id };
  }

  /**
   * A PayPal webhook, acted on only after PayPal's verification API confirms the
   * signature. Captures completed or denied elsewhere (e.g. the shopper closed the tab
   * after approving) are recorded like our own; other event types are acknowledged.
   */
  async handleWebhook(
    signature: WebhookSignature,
    event: PayPalWebhookEvent,
    /** The event exactly as delivered (field order included): that is what was signed. */
    delivered: unknown,
  ): Promise<'handled' | 'ignored'> {
    const genuine = await this.paypal.verifyWebhookSignature(signature, delivered).catch((err: unknown) => {
      throw paypalUnavailable(err);
    });
    if (!genuine) throw problem(400, 'The webhook signature could not be verified');
    const dedupe: Dedupe = { kind: 'webhook', id: event.id, type: event.event_type };

    if (event.event_type !== 'PAYMENT.CAPTURE.COMPLETED' && event.event_type !== 'PAYMENT.CAPTURE.DENIED') {
      await this.store.acknowledge(dedupe);
      return 'ignored';
    }
    const parsed = CapturedResource.safeParse(event.resource);
    if (!parsed.success) throw problem(400, 'The webhook resource is not a capture');
    const resource = parsed.data;
    const payment = await this.store.findByProviderOrder(resource.supplementary_data.related_ids.order_id);
    if (!payment) {
      this.logger.warn(
        { webhookId: event.id, providerOrderId: resource.supplementary_data.related_ids.order_id },
        'webhook for an unknown PayPal order',
      );
      await this.store.acknowledge(dedupe);
      return 'ignored';
    }
    if (event.event_type === 'PAYMENT.CAPTURE.DENIED') {
      await this.store.recordFailure(payment, 'CAPTURE_DENIED', dedupe);
    } else {
      await this.store.recordCapture(
        payment,
        {
          providerCaptureId: resource.id,
          amount: fromPayPalValue(resource.amount.value, resource.amount.currency_code),
          status: resource.status,
        },
        dedupe,
      );
    }
    return 'handled';
  }
}
