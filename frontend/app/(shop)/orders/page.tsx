import type { Metadata } from 'next';
import Link from 'next/link';
import type { OrderList } from '@sidecart/contracts';
import { StatusBadge } from '@/components/StatusBadge';
import { requireUser } from '@/lib/auth';
import { formatDateTime, shortOrderId } from '@/lib/dates';
import { callApi } from '@/lib/gateway';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';

export const metadata: Metadata = { title: 'Your orders' };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { cursor } = await searchParams;
  const user = await requireUser('/orders');
  const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) });
  const [{ body: orders }, locale] = await Promise.all([
    callApi<OrderList>(user, `/orders?${query}`),
    shopperLocale(),
  ]);
  return (
    <section>
      <h1>Your orders</h1>
      {orders.items.length === 0 ? (
        <div className="panel">
          <p>You have no orders yet.</p>
          <p>
            <Link href="/search">Start shopping</Link>
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.items.map((order) => (
                <tr key={order.id} data-order-id={order.id}>
                  <td>
                    <Link href={`/orders/${order.id}`}>Order {shortOrderId(order.id)}</Link>
                  </td>
                  <td>{formatDateTime(order.createdAt, locale)}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td className="num">{formatMoney(order.total, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="pagination">
        {cursor && <Link href="/orders">Newest orders</Link>}
        {orders.nextCursor && (
          <Link href={`/orders?cursor=${encodeURIComponent(orders.nextCursor)}`}>Older orders</Link>
        )}
      </nav>
    </section>
  );
}
