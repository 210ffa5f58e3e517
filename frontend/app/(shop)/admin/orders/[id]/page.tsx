import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { randomUUID } from 'node:crypto';
import type { OrderDetail } from '@sidecart/contracts';
import { OrderTimeline } from '@/components/OrderTimeline';
import { StatusBadge } from '@/components/StatusBadge';
import { oneParam } from '@/lib/admin';
import { requireAdmin } from '@/lib/auth';
import { formatDateTime, shortOrderId } from '@/lib/dates';
import { callApi } from '@/lib/gateway';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';
import { AmountForm, CancelForm, LinesForm } from './RefundForms';

export const metadata: Metadata = { title: 'Admin: order' };

/** Paid and not cancelled: money may go back (docs/architecture.md, "Refunds and returns"). */
const REFUNDABLE = new Set(['CONFIRMED', 'SHIPPED', 'DELIVERED']);
/** A paid order the shop may still call off (before it ships). */
const CANCELLABLE = new Set(['PAID', 'CONFIRMED']);

const DONE: Record<string, string> = {
  refund: 'The refund is made.',
  return: 'The return is recorded: the units are back on the shelf and the lines refunded.',
  cancel: 'The order is cancelled: its stock is released and its payment refunded.',
};

export default async function AdminOrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ done?: string | string[] }>;
}) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/orders/${id}`);
  const done = oneParam((await searchParams).done);
  const [answer, locale] = await Promise.all([
    callApi<OrderDetail>(admin, `/orders/${encodeURIComponent(id)}`, { accept: [400, 404] }),
    shopperLocale(),
  ]);
  if (answer.status !== 200) notFound();
  const order = answer.body;
  const money = (amount: number) => formatMoney({ amount, currency: order.total.currency }, locale);
  const counted = order.refunds.filter((r) => r.status !== 'FAILED');
  const taken = new Set(counted.flatMap((r) => r.lines.map((l) => l.productId)));
  const left = order.total.amount - counted.reduce((sum, r) => sum + r.amount.amount, 0);
  const open = order.lines
    .filter((l) => !taken.has(l.productId))
    .map((l) => ({ ...l, total: money(l.unitPrice.amount * l.quantity) }));
  const refundable = REFUNDABLE.has(order.status) && left > 0;

  return (
    <article className="stack">
      <h1>
        Order {shortOrderId(order.id)} <StatusBadge status={order.status} />
      </h1>
      <p className="muted">
        Placed {formatDateTime(order.createdAt, locale)} by {order.customerId}. Total{' '}
        {money(order.total.amount)}
        {counted.length > 0 && <>, {money(left)} left to refund</>}.
      </p>
      {done && DONE[done] && (
        <p className="notice ok" role="status">
          {DONE[done]}
        </p>
      )}

      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">Lines</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">SKU</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Line total
                </th>
                <th scope="col">Refunded</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.productId}>
                  <td>{line.name}</td>
                  <td className="nowrap">{line.sku}</td>
                  <td className="num">{line.quantity}</td>
                  <td className="num nowrap">{money(line.unitPrice.amount * line.quantity)}</td>
                  <td>{taken.has(line.productId) ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="refunds-heading">
        <h2 id="refunds-heading">Refunds and returns</h2>
        {order.refunds.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul data-testid="order-refunds">
            {order.refunds.map((r) => (
              <li key={r.id}>
                {r.kind === 'return' ? 'Return' : 'Refund'} of {formatMoney(r.amount, locale)}
                {r.lines.length > 0 && <> ({r.lines.map((l) => l.sku).join(', ')})</>}: {r.reason}.{' '}
                <strong>
                  {r.status === 'COMPLETED' ? 'Paid back' : r.status === 'FAILED' ? 'Failed' : 'Under way'}
                </strong>
                {r.failure && <> ({r.failure})</>}{' '}
                <span className="muted">{formatDateTime(r.requestedAt, locale)}</span>
              </li>
            ))}
          </ul>
        )}
        {refundable && open.length > 0 && (
          <LinesForm kind="refund" orderId={order.id} idempotencyKey={randomUUID()} lines={open} />
        )}
        {refundable && (
          <AmountForm
            orderId={order.id}
            idempotencyKey={randomUUID()}
            currency={order.total.currency}
            left={money(left)}
          />
        )}
        {order.status === 'DELIVERED' && open.length > 0 && (
          <LinesForm kind="return" orderId={order.id} idempotencyKey={randomUUID()} lines={open} />
        )}
      </section>

      {CANCELLABLE.has(order.status) && (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Cancel</h2>
          <CancelForm orderId={order.id} idempotencyKey={randomUUID()} />
        </section>
      )}

      <OrderTimeline history={order.history} locale={locale} heading="Timeline" />
      <p>
        <Link href="/admin/orders">All orders</Link>
      </p>
    </article>
  );
}
