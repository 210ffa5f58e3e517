import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth';
import { ConfirmPayment } from './ConfirmPayment';

export const metadata: Metadata = { title: 'Confirming your payment' };

/** PayPal sends the shopper here after they approve (the order's return URL). */
export default async function PayPalReturnPage({
  searchParams,
}: {
  searchParams: Promise<{ orderId?: string }>;
}) {
  const { orderId } = await searchParams;
  if (!orderId) notFound();
  await requireUser(`/checkout/return?orderId=${encodeURIComponent(orderId)}`);
  return (
    <section className="narrow">
      <ConfirmPayment orderId={orderId} />
    </section>
  );
}
