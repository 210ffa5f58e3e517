import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth';
import { GoToPayPal } from './GoToPayPal';

export const metadata: Metadata = { title: 'Payment' };

export default async function PayPage({ searchParams }: { searchParams: Promise<{ orderId?: string }> }) {
  const { orderId } = await searchParams;
  if (!orderId) notFound();
  await requireUser(`/checkout/pay?orderId=${encodeURIComponent(orderId)}`);
  return (
    <section className="narrow">
      <h1>Payment</h1>
      <GoToPayPal orderId={orderId} />
    </section>
  );
}
