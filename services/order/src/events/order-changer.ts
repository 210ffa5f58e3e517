import type { Logger } from '@sidecart/service-kit';
import type { Payments } from '../clients/payments';
import type { Reservations } from '../clients/reservations';
import { breakdownOf } from '../domain/pricing';
import type { OrderStore } from '../store/orders';

export type ChangeOutcome = { result: 'applied' | 'open' | 'none' } | { result: 'refused'; reason: string };

/**
 * Carries out an order's open change of its lines (docs/architecture.md, "Changing an order"):
 * 1. the payment is held, so that nothing captures the old amount meanwhile (refused once it is
 *    captured or being captured: the change is refused);
 * 2. the product service reserves the new lines as the change's revision of the reservation
 *    (refused when stock is short: the payment is let go unchanged, the change refused);
 * 3. the PayPal order takes the new total and the payment is let go;
 * 4. the order applies the change (saga input `change-applied`, under its row lock).
 * Every step is keyed by the change's revision and safe to repeat, so a change left open by a
 * crash or an outage is finished by `sweep` from wherever it stood.
 */
export class OrderChanger {
  constructor(
    private readonly orders: OrderStore,
    private readonly reservations: Reservations,
    private readonly payments: Payments,
    private readonly logger: Logger,
  ) {}

  async run(orderId: string): Promise<ChangeOutcome> {
    const change = await this.orders.openChange(orderId);
    if (!change) return { result: 'none' };
    const { revision, total: amount } = change;
    // PayPal shows the payer the new split of goods, shipping and tax (none for an older change).
    const breakdown = change.charges ? breakdownOf(amount.amount, change.charges) : undefined;
    const refuse = async (reason: string) => {
      await this.orders.apply(orderId, { kind: 'change-refused', revision, reason });
      this.logger.info({ orderId, revision, reason }, 'order change refused');
      return { result: 'refused' as const, reason };
    };
    try {
      const held = await this.payments.amend({ orderId, revision, action: 'hold', amount });
      if (held.refused) return await refuse(held.refused);

      const reserved = await this.reservations.revise({
        orderId,
        revision,
        lines: change.lines.map(({ productId, quantity }) => ({ productId, quantity })),
      });
      if (reserved.status !== 'RESERVED') {
        await this.payments.amend({ orderId, revision, action: 'release', amount });
        const short = 'rejections' in reserved ? reserved.rejections[0] : undefined;
        return await refuse(
          short
            ? `only ${short.available} of a product are left, ${short.requested} more were asked for`
            : `the stock cannot be changed (${'detail' in reserved ? reserved.detail : 'not held'})`,
        );
      }

      const applied = await this.payments.amend({ orderId, revision, action: 'apply', amount, breakdown });
      if (applied.refused) {
        // Only if PayPal captured the old amount by a way the hold does not cover: stock and
        // payment now disagree, for an operator to settle (the order keeps its old lines).
        this.logger.error(
          { orderId, revision, reason: applied.refused },
          'payment refused a re-reserved change',
        );
        return await refuse(applied.refused);
      }
      const result = await this.orders.apply(orderId, { kind: 'change-applied', revision });
      this.logger.info({ orderId, revision, result }, 'order change applied');
      // 'ignored': a payment.succeeded at the new total applied it first.
      return { result: 'applied' };
    } catch (err) {
      this.logger.warn(
        { orderId, revision, err: (err as Error).message },
        'order change left open; the sweep goes on',
      );
      return { result: 'open' };
    }
  }

  /** Changes some seconds old and still open: finished from where they stood. */
  async sweep(graceSeconds = 5): Promise<number> {
    const open = await this.orders.changesLeftOpen(graceSeconds);
    for (const orderId of open) await this.run(orderId);
    return open.length;
  }
}
