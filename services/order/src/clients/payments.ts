import type { AmendPayment, AmountBreakdown, Money } from '@sidecart/contracts';
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
   * A step of changing the order's amount before capture (the payment service's `AmendPayment`).
   * A refusal (409: captured, being captured, closed) is an answer, not an error.
   */
  async amend(input: AmendPayment): Promise<{ refused: string | null }> {
    try {
      await this.dapr.call('payment', 'payments/amendments', z.unknown(), {
        method: 'POST',
        idempotent: true,
        body: input,
      });
      return { refused: null };
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 409) return { refused: err.detail ?? err.title };
      throw err;
    }
  }
}
