import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CancelOrderForm } from '@/components/CancelOrderForm';
import { requireUser } from '@/lib/auth';

export const metadata: Metadata = { title: 'Payment cancelled' };

/** PayPal sends the shopper here when they cancel on its page (the order's cancel URL). */
export default async function PayPalCancelledPage({
  searchParams,
}: {
  searchParams: Promise<{ orderId?: string }>;
}) {
  const { orderId } = await searchParams;
  if (!orderId) notFound();
  await requireUser(`/checkout/cancelled?orderId=${encodeURIComponent(orderId)}`);
  return (
    <section className="narrow stack">
      <h1>Payment not completed</h1>
      <p>You left PayPal without paying. We hold your items for a few minutes.</p>
      <p className="row">
        <Link href={`/checkout/pay?orderId=${encodeURIComponent(orderId)}`} className="button">
          Try paying again
        </Link>
      </p>
      <CancelOrderForm orderId={orderId} />
    </section>
  );
}
