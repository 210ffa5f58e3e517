import type { Metadata } from 'next';
import Link from 'next/link';
import { ORDER_STATUSES, type AdminOrderList, type OrderStatus } from '@sidecart/contracts';
import { StatusBadge, statusLabel } from '@/components/StatusBadge';
import { listAllOrders, oneParam } from '@/lib/admin';
import { readOrProblem } from '@/lib/gateway';
import { requireAdmin } from '@/lib/auth';
import { formatDateTime, shortOrderId } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';
import { DeliverButton } from './DeliverButton';
import { ShipForm } from './ShipForm';

export const metadata: Metadata = { title: 'Admin: orders' };

type Params = Record<
  'status' | 'cursor' | 'shipped' | 'delivered' | 'invoiceFailed',
  string | string[] | undefined
>;

const isStatus = (value: string | undefined): value is OrderStatus =>
  (ORDER_STATUSES as readonly string[]).includes(value ?? '');
/**
 * Enough of an order id to tell orders apart at a glance. The tail, not the head: ids are uuid v7,
 * whose first characters are a timestamp that orders placed in the same minute share.
 */
const isOrderId = (value: string | undefined): value is string => /^[0-9a-f-]{36}$/.test(value ?? '');

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<Params> }) {
  const admin = await requireAdmin('/admin/orders');
  const params = await searchParams;
  const requested = oneParam(params.status);
  const status = isStatus(requested) ? requested : undefined;
  const cursor = oneParam(params.cursor);
  const shipped = oneParam(params.shipped);
  const delivered = oneParam(params.delivered);
  const invoiceFailed = oneParam(params.invoiceFailed);

  const [locale, listing] = await Promise.all([
    shopperLocale(),
    readOrProblem(listAllOrders(admin, { status, cursor })),
  ]);
  const orders = listing.value;

  const here = (changes: { cursor?: string }) => {
    const next = new URLSearchParams();
    if (status) next.set('status', status);
    if (changes.cursor) next.set('cursor', changes.cursor);
    return next.size > 0 ? `/admin/orders?${next}` : '/admin/orders';
  };

  return (
    <div className="stack">
      <h1>Orders</h1>
      {isOrderId(shipped) && (
        <p className="notice ok" role="status">
          Order {shortOrderId(shipped)} is marked as shipped.
        </p>
      )}
      {isOrderId(delivered) && (
        <p className="notice ok" role="status">
          Order {shortOrderId(delivered)} is marked as delivered.
        </p>
      )}

      {isOrderId(invoiceFailed) && (
        <p className="form-error" role="alert">
          The invoice of order {shortOrderId(invoiceFailed)} could not be downloaded (not issued yet, or the
          shop did not answer).
        </p>
      )}

      <form method="get" action="/admin/orders" className="filters" aria-label="Filter orders">
        <div className="field">
          <label htmlFor="orders-status">Status</label>
          <select id="orders-status" name="status" defaultValue={status ?? ''}>
            <option value="">All statuses</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>

      {listing.problem && (
        <p className="form-error" role="alert">
          {listing.problem}
        </p>
      )}
      {orders && <OrderTable orders={orders} status={status} locale={locale} returnTo={here({ cursor })} />}
      <nav aria-label="Pages" className="pagination">
        {cursor && <Link href={here({})}>First page</Link>}
        {orders?.nextCursor && <Link href={here({ cursor: orders.nextCursor })}>Next page</Link>}
      </nav>
    </div>
  );
}

function OrderTable({
  orders,
  status,
  locale,
  returnTo,
}: {
  orders: AdminOrderList;
  status?: OrderStatus;
  locale: string;
  returnTo: string;
}) {
  if (orders.items.length === 0) {
    return <p className="panel">{status ? `No orders are “${statusLabel(status)}”.` : 'No orders yet.'}</p>;
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Customer</th>
            <th scope="col">Placed</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Invoice</th>
            <th scope="col">Next step</th>
          </tr>
        </thead>
        <tbody>
          {orders.items.map((order) => {
            const name = shortOrderId(order.id);
            return (
              <tr key={order.id}>
                <th scope="row">
                  <Link href={`/admin/orders/${order.id}`} title={order.id}>
                    {name}
                  </Link>
                </th>
                <td>{order.customerId}</td>
                <td className="nowrap">
                  <time dateTime={order.createdAt}>{formatDateTime(order.createdAt, locale)}</time>
                </td>
                <td className="nowrap">
                  <StatusBadge status={order.status} />
                </td>
                <td className="num nowrap">{formatMoney(order.total, locale)}</td>
                <td className="nowrap">
                  {order.invoice && (
                    <a
                      href={`/admin/orders/${order.id}/invoice`}
                      download
                      aria-label={`Invoice ${order.invoice.number} of order ${name} (PDF)`}
                    >
                      {order.invoice.number}
                    </a>
                  )}
                  {order.creditNotes.map((note) => (
                    <span key={note.number}>
                      <br />
                      <a
                        href={`/admin/orders/${order.id}/credit-notes/${note.number}`}
                        download
                        aria-label={`Credit note ${note.number} of order ${name} (PDF)`}
                      >
                        {note.number}
                      </a>
                    </span>
                  ))}
                </td>
                <td>
                  {order.status === 'CONFIRMED' && (
                    <ShipForm orderId={order.id} orderName={name} returnTo={returnTo} />
                  )}
                  {order.status === 'SHIPPED' && (
                    <DeliverButton orderId={order.id} orderName={name} returnTo={returnTo} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
