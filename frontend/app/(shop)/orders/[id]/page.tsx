import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { OrderDetail, Payment } from '@sidecart/contracts';
import { CancelOrderForm } from '@/components/CancelOrderForm';
import { ChangeAddressForm } from '@/components/ChangeAddressForm';
import { ChangeOrderForm } from '@/components/ChangeOrderForm';
import { PostalAddress } from '@/components/PostalAddress';
import { PriceBreakdown } from '@/components/PriceBreakdown';
import { RetryPaymentForm } from '@/components/RetryPaymentForm';
import { ProductImage } from '@/components/ProductImage';
import { OrderTimeline } from '@/components/OrderTimeline';
import { StatusBadge } from '@/components/StatusBadge';
import { requireUser } from '@/lib/auth';
import { formatDateTime, shortOrderId } from '@/lib/dates';
import { callApi } from '@/lib/gateway';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';

export const metadata: Metadata = { title: 'Order' };

/** States from which the shopper may still call the order off (docs/architecture.md: before payment). */
const CANCELLABLE = new Set(['PENDING', 'STOCK_RESERVED']);
/** States in which the order may still go elsewhere (docs/architecture.md: until it ships). */
const ADDRESS_CHANGEABLE = new Set(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
/** States an order has been confirmed in: its invoice is issued a moment after the confirmation. */
const INVOICED = new Set(['CONFIRMED', 'SHIPPED', 'DELIVERED']);

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ address?: string | string[]; invoice?: string | string[] }>;
}) {
  const [{ id }, { address, invoice }] = await Promise.all([params, searchParams]);
  const invoiceFailed = invoice === 'unavailable';
  const user = await requireUser(`/orders/${id}`);
  // Someone else's order and a malformed id look the same: not found.
  const [answer, locale] = await Promise.all([
    callApi<OrderDetail>(user, `/orders/${encodeURIComponent(id)}`, { accept: [400, 404] }),
    shopperLocale(),
  ]);
  if (answer.status !== 200) notFound();
  const order = answer.body;
  // An order still holding its stock may have a declined payment, which the shopper can retry.
  const payment =
    order.status === 'STOCK_RESERVED' && order.payment.paymentId
      ? await callApi<Payment>(user, `/orders/${encodeURIComponent(order.id)}/payment`, { accept: [404] })
      : null;
  const declined = payment?.status === 200 && payment.body.status === 'FAILED';
  return (
    <article className="stack">
      <h1>
        Order {shortOrderId(order.id)} <StatusBadge status={order.status} />
      </h1>
      <p className="muted">Placed {formatDateTime(order.createdAt, locale)}</p>

      {declined && (
        <div className="notice stack" data-testid="payment-declined">
          <p>
            PayPal declined the payment ({payment.body.failureReason ?? 'declined'}). Your items are held for
            you: try again, for example with another card.
          </p>
          <RetryPaymentForm orderId={order.id} />
        </div>
      )}
      {!declined && order.status === 'STOCK_RESERVED' && order.payment.approveUrl && (
        <p className="notice">
          This order is waiting for your payment. <a href={order.payment.approveUrl}>Pay with PayPal</a>
        </p>
      )}
      {order.cancelReason && <p className="form-error">Cancelled: {order.cancelReason}</p>}
      {order.tracking && (
        <p className="notice ok">
          Shipped{order.tracking.carrier ? ` with ${order.tracking.carrier}` : ''}, tracking number{' '}
          <strong>{order.tracking.trackingNumber}</strong>
        </p>
      )}

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Price
                </th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.productId}>
                  <td>
                    <div className="row">
                      <div style={{ width: '4rem' }}>
                        <ProductImage src={line.product?.images[0]} name={line.name} />
                      </div>
                      {line.product ? (
                        <Link href={`/products/${line.product.slug}`}>{line.name}</Link>
                      ) : (
                        line.name
                      )}
                    </div>
                  </td>
                  <td className="num">{line.quantity}</td>
                  <td className="num">{formatMoney(line.unitPrice, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <PriceBreakdown breakdown={order} locale={locale} testId="order" caption="Order total" />
      </section>

      <section aria-labelledby="invoice-heading">
        <h2 id="invoice-heading">Invoice</h2>
        {invoiceFailed && (
          <p className="form-error" role="alert">
            The invoice could not be downloaded just now. Please try again in a moment.
          </p>
        )}
        {order.invoice ? (
          <>
            <p>
              <a href={`/orders/${order.id}/invoice`} download data-testid="invoice-link">
                Download invoice {order.invoice.number} (PDF)
              </a>
            </p>
            {order.creditNotes.length > 0 && (
              <ul data-testid="credit-notes">
                {order.creditNotes.map((note) => (
                  <li key={note.number}>
                    <a href={`/orders/${order.id}/credit-notes/${note.number}`} download>
                      Download credit note {note.number} (PDF)
                    </a>{' '}
                    <span className="muted">refund of {formatMoney(note.amount, locale)}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p className="muted">
            {INVOICED.has(order.status)
              ? 'Your invoice is being prepared: it appears here in a moment.'
              : 'The invoice is issued once the order is confirmed.'}
          </p>
        )}
      </section>

      <section aria-labelledby="address-heading" className="stack">
        <h2 id="address-heading">Shipping to</h2>
        {address === 'changed' && (
          <p className="notice ok" role="status">
            The shipping address is changed.
          </p>
        )}
        <PostalAddress address={order.shippingAddress} />
        {ADDRESS_CHANGEABLE.has(order.status) && (
          <ChangeAddressForm orderId={order.id} address={order.shippingAddress} />
        )}
      </section>

      <OrderTimeline history={order.history} locale={locale} heading="Status" />

      {order.status === 'STOCK_RESERVED' && order.payment.paymentId && answer.etag && (
        <ChangeOrderForm orderId={order.id} etag={answer.etag} lines={order.lines} />
      )}
      {CANCELLABLE.has(order.status) && <CancelOrderForm orderId={order.id} />}
      <p>
        <Link href="/orders">All your orders</Link>
      </p>
    </article>
  );
}
