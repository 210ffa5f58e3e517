import type { Metadata } from 'next';
import Link from 'next/link';
import type { OrderList } from '@sidecart/contracts';
import { OrderSummaryTable } from '@/components/OrderSummaryTable';
import { requireUser } from '@/lib/auth';
import { callApi } from '@/lib/gateway';
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
        <OrderSummaryTable orders={orders.items} caption="Your orders, newest first" locale={locale} />
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
