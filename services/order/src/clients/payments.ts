import type { AmendPayment, AmountBreakdown, Money, RefundPart } from '@sidecart/contracts';
import { HttpProblem, type Dapr } from '@sidecart/service-kit';
import { z } from 'zod';

const OpenedPayment = z.object({ id: z.uuid(), approveUrl: z.string() });

const RetriedPayment = z.object({ id: z.uuid(), status: z.string(), approveUrl: z.string().nullable() });

/** The payment service, reached through Dapr. Opening a payment twice for one order returns the first. */
export class Payments {
  constructor(
    private readonly dapr: Dapr,
    private readonly storefrontUrl: string,
  ) {}

  async open(order: {
    id: string;
    customerId: string;
    total: Money;
    breakdown: AmountBreakdown;
  }): Promise<z.infer<typeof OpenedPayment>> {
    return this.dapr.call('payment', 'payments', OpenedPayment, {
      method: 'POST',
      // The payment service opens one payment per order: a repeat returns the first.
      idempotent: true,
      body: {
        orderId: order.id,
        customerId: order.customerId,
        amount: order.total,
        breakdown: order.breakdown,
        returnUrl: `${this.storefrontUrl}/checkout/return?orderId=${order.id}`,
        cancelUrl: `${this.storefrontUrl}/checkout/cancelled?orderId=${order.id}`,
      },
    });
  }

  /** A new PayPal order for a declined payment (or the open one, if it waits for approval still). */
  async retry(orderId: string, headers: Record<string, string>): Promise<z.infer<typeof RetriedPayment>> {
    return this.dapr.call('payment', `payments/order/${orderId}/retry`, RetriedPayment, {
      method: 'POST',
      // Safe to repeat: a payment waiting for approval answers as it is.
      idempotent: true,
      headers,
    });
  }

  /**
   * Pays back part of the order's capture (an admin's refund or a return), keyed by the refund:
   * a repeat refunds nothing more. A refusal (409: not captured, more than is left) is an answer.
   */
  async refundPart(input: RefundPart): Promise<{ refused: string | null }> {
    return this.refusalOf(() =>
      this.dapr.call('payment', 'payments/refunds', z.unknown(), {
        method: 'POST',
        idempotent: true,
        body: input,
      }),
    );
  }

  /**
   * A step of changing the order's amount before capture (the payment service's `AmendPayment`).
   * A refusal (409: captured, being captured, closed) is an answer, not an error.
   */
  async amend(input: AmendPayment): Promise<{ refused: string | null }> {
    return this.refusalOf(() =>
      this.dapr.call('payment', 'payments/amendments', z.unknown(), {
        method: 'POST',
        idempotent: true,
        body: input,
      }),
    );
  }

  /** A call whose 409 is an answer (the payment service refused), not an error. */
  private async refusalOf(call: () => Promise<unknown>): Promise<{ refused: string | null }> {
    try {
      await call();
      return { refused: null };
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 409) return { refused: err.detail ?? err.title };
      throw err;
    }
  }
}
