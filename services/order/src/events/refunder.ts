import type { Logger } from '@sidecart/service-kit';
import type { Payments } from '../clients/payments';
import type { RefundStore, StoredRefund } from '../store/refunds';

export type RefundOutcome = { result: 'completed' | 'open' } | { result: 'failed'; reason: string };

/**
 * Carries out a refund or return the order service asked for (docs/architecture.md, "Refunds and
 * returns"): the payment service refunds its amount of the capture, keyed by the refund's id (its
 * PayPal request id too), then the refund is closed: COMPLETED with `order.refunded`, or FAILED
 * when the payment service refused it. Safe to repeat at any point: a refund left open by an
 * outage or a crash is finished by `sweep`, or by the admin's repeated request, and the payment
 * service and PayPal answer a repeated key with the first refund.
 */
export class Refunder {
  constructor(
    private readonly refunds: RefundStore,
    private readonly payments: Payments,
    private readonly logger: Logger,
  ) {}

  async run(refund: StoredRefund): Promise<RefundOutcome> {
    const log = this.logger.child({ orderId: refund.orderId, refundId: refund.id, kind: refund.kind });
    try {
      const paid = await this.payments.refundPart({
        orderId: refund.orderId,
        key: refund.id,
        amount: refund.amount,
        reason: refund.reason,
      });
      if (paid.refused) {
        await this.refunds.fail(refund.id, paid.refused);
        log.info({ reason: paid.refused }, 'refund refused');
        return { result: 'failed', reason: paid.refused };
      }
      await this.refunds.complete(refund.id);
      log.info({ amount: refund.amount }, 'refund completed');
      return { result: 'completed' };
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'refund left open; the sweep goes on');
      return { result: 'open' };
    }
  }

  /** Refunds some seconds old and still open: asked of the payment service again. */
  async sweep(graceSeconds = 5): Promise<number> {
    const open = await this.refunds.leftOpen(graceSeconds);
    for (const refund of open) await this.run(refund);
    return open.length;
  }
}
