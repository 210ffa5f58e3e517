import Link from 'next/link';
import type { OrderList } from '@sidecart/contracts';
import { StatusBadge } from '@/components/StatusBadge';
import { formatDateTime, shortOrderId } from '@/lib/dates';
import { formatMoney } from '@/lib/money';

/** Orders, one row each (number linking to the order, when placed, status, total): a shopper's list, or a customer's in the admin lookup. */
export function OrderSummaryTable({
  orders,
  caption,
  locale,
}: {
  orders: OrderList['items'];
  /** Read by screen readers only. */
  caption: string;
  locale: string;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
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
          {orders.map((order) => (
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
  );
}
