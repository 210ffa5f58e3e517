import type { Logger } from '@sidecart/service-kit';
import type { OrderStore } from '../store/orders';
import type { Payments } from '../clients/payments';

/**
 * Opens the PayPal payment of a reserved order. `openSoon` runs right after
 * `stock.reserved` is applied, in the background and concurrently for independent orders
 * (at most `concurrency` at once); `sweep` is the safety net for anything that failed or
 * was dropped (crash, payment service down), run on a timer in every replica. Opening is
 * idempotent per order (the payment service returns the first payment; `attachPayment`
 * writes only into an empty slot), so a race between replicas costs a call, not a payment.
 * Measured with 20 shoppers: placed → approval link p50 12.5 s when a 500 ms poller
 * opened payments one by one.
 */
export class PaymentOpener {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly orders: OrderStore,
    private readonly payments: Payments,
    private readonly logger: Logger,
    private readonly options: { concurrency: number; graceSeconds: number } = {
      concurrency: 32,
      graceSeconds: 5,
    },
  ) {}

  /** Opens this order's payment now, without waiting; false when it was left to the sweep. */
  openSoon(orderId: string): boolean {
    if (this.inFlight.has(orderId) || this.inFlight.size >= this.options.concurrency) return false;
    void this.openTracked(orderId, async () => this.orders.awaitingPaymentOf(orderId));
    return true;
  }

  /** Reserved orders that still have no payment some seconds after their reservation. */
  async sweep(): Promise<number> {
    const waiting = await this.orders.awaitingPayment(20, this.options.graceSeconds);
    const opened = await Promise.all(
      waiting.filter((o) => !this.inFlight.has(o.id)).map((o) => this.openTracked(o.id, async () => o)),
    );
    return opened.filter(Boolean).length;
  }

  private async openTracked(
    orderId: string,
    load: () => Promise<Parameters<Payments['open']>[0] | null>,
  ): Promise<boolean> {
    this.inFlight.add(orderId);
    try {
      const order = await load();
      if (!order) return false;
      const payment = await this.payments.open(order);
      await this.orders.attachPayment(order.id, payment.id, payment.approveUrl);
      this.logger.info({ orderId, paymentId: payment.id }, 'payment opened');
      return true;
    } catch (err) {
      this.logger.warn(
        { orderId, err: (err as Error).message },
        'opening the payment failed; the sweep retries',
      );
      return false;
    } finally {
      this.inFlight.delete(orderId);
    }
  }
}
