import type { Money } from '@sidecart/contracts';
import type { Dapr } from '@sidecart/service-kit';
import { z } from 'zod';

const OpenedPayment = z.object({ id: z.uuid(), approveUrl: z.string() });

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
  }): Promise<z.infer<typeof OpenedPayment>> {
    return this.dapr.call('payment', 'payments', OpenedPayment, {
      method: 'POST',
      // The payment service opens one payment per order: a repeat returns the first.
      idempotent: true,
      body: {
        orderId: order.id,
        customerId: order.customerId,
        amount: order.total,
        returnUrl: `${this.storefrontUrl}/checkout/return?orderId=${order.id}`,
        cancelUrl: `${this.storefrontUrl}/checkout/cancelled?orderId=${order.id}`,
      },
    });
  }
}
