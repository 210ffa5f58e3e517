import { formatMoney, type Money } from '@sidecart/contracts';
import type { OrderLine, OrderStatus } from './order';

/** Refunds and returns of a paid order (docs/architecture.md, "Refunds and returns"). */
export type RefundKind = 'refund' | 'return';

/** What an admin asks for: whole lines (by product) or an amount; a return names lines only. */
export type RefundRequest = {
  kind: RefundKind;
  lines?: { productId: string }[];
  amount?: Money;
  reason: string;
};

/** A refund the order has had: its lines' products and amount count unless it FAILED. */
export type PastRefund = {
  kind: RefundKind;
  status: 'REQUESTED' | 'COMPLETED' | 'FAILED';
  amount: number;
  lines: { productId: string }[];
};

export type FieldError = { path: string; message: string };

/** What the refund will be: its amount and the lines it covers (none for an amount). */
export type RefundPlan =
  | { ok: true; amount: Money; lines: OrderLine[] }
  | { ok: false; refused: string }
  | { ok: false; errors: FieldError[] };

/** A line's money as the order holds it: what refunding the line pays back. */
export const lineTotal = (line: OrderLine): number => line.unitPrice.amount * line.quantity;

/** Paid and not cancelled: money may go back. Goods come back only once delivered. */
const REFUNDABLE: readonly OrderStatus[] = ['CONFIRMED', 'SHIPPED', 'DELIVERED'];

/**
 * Decides a refund or return of a paid order, as a pure function of the order, its refunds so
 * far and the request: never more than was paid (the order's total) in all, each line refunded
 * or returned at most once, a line's refund its total as stored. Wrong input names its field
 * (400); a request the order's state does not allow is refused (409).
 */
export function planRefund(
  order: { status: OrderStatus; total: Money; lines: OrderLine[] },
  past: PastRefund[],
  request: RefundRequest,
): RefundPlan {
  if (request.kind === 'return' && order.status !== 'DELIVERED')
    return { ok: false, refused: `Goods come back only from a delivered order; this one is ${order.status}` };
  if (!REFUNDABLE.includes(order.status))
    return { ok: false, refused: `An order that is ${order.status} cannot be refunded` };

  const counted = past.filter((r) => r.status !== 'FAILED');
  const left = order.total.amount - counted.reduce((sum, r) => sum + r.amount, 0);
  const done = new Set(counted.flatMap((r) => r.lines.map((l) => l.productId)));

  let amount: number;
  let lines: OrderLine[] = [];
  if (request.lines) {
    const errors: FieldError[] = [];
    request.lines.forEach(({ productId }, i) => {
      const line = order.lines.find((l) => l.productId === productId);
      if (!line) errors.push({ path: `lines[${i}].productId`, message: 'is not a line of this order' });
      else lines.push(line);
    });
    if (errors.length > 0) return { ok: false, errors };
    const again = lines.find((l) => done.has(l.productId));
    if (again) return { ok: false, refused: `The line ${again.sku} was refunded or returned already` };
    amount = lines.reduce((sum, l) => sum + lineTotal(l), 0);
  } else if (request.amount) {
    if (request.amount.currency !== order.total.currency)
      return {
        ok: false,
        errors: [
          { path: 'amount.currency', message: `must be ${order.total.currency}, the order's currency` },
        ],
      };
    amount = request.amount.amount;
    lines = [];
  } else {
    return { ok: false, errors: [{ path: 'lines', message: 'name either lines or an amount' }] };
  }
  const money = (minor: number) => formatMoney({ amount: minor, currency: order.total.currency });
  if (amount > left)
    return {
      ok: false,
      refused: `${money(amount)} is more than the ${money(Math.max(left, 0))} left to refund on this order`,
    };
  return { ok: true, amount: { amount, currency: order.total.currency }, lines };
}

/** The order's timeline entry for a refund that was made, or could not be. */
export function refundNote(
  refund: { kind: RefundKind; amount: Money; lines: Pick<OrderLine, 'sku' | 'quantity'>[]; reason: string },
  failure?: string,
): string {
  const what = refund.lines.map((l) => (l.quantity > 1 ? `${l.sku} ×${l.quantity}` : l.sku)).join(', ');
  const money = formatMoney(refund.amount);
  if (failure) return `${refund.kind === 'return' ? 'Return' : 'Refund'} of ${money} failed: ${failure}`;
  if (refund.kind === 'return') return `Returned ${what}, refunded ${money}: ${refund.reason}`;
  return `Refunded ${money}${what ? ` (${what})` : ''}: ${refund.reason}`;
}
