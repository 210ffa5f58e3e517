'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { isFinal, waitForOrder } from '@/lib/order-progress';

/**
 * The order is placed; the shop now reserves the stock and opens a PayPal payment. When
 * the approval link is there, the shopper goes to PayPal.
 */
export function GoToPayPal({ orderId }: { orderId: string }) {
  const [message, setMessage] = useState('Reserving your items and preparing the payment…');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    waitForOrder(
      orderId,
      (p) => Boolean(p.approveUrl) || isFinal(p.status) || p.status === 'CONFIRMED',
      90_000,
      abort.signal,
    )
      .then((progress) => {
        if (abort.signal.aborted) return;
        if (!progress) {
          setFailed(true);
          setMessage(
            'Preparing the payment is taking longer than usual. Please check your order in a minute.',
          );
        } else if (progress.approveUrl) {
          setMessage('Taking you to PayPal…');
          window.location.assign(progress.approveUrl);
        } else if (progress.status === 'CONFIRMED') {
          window.location.assign(`/orders/${orderId}`);
        } else {
          setFailed(true);
          setMessage(`Your order could not go ahead: ${progress.cancelReason ?? 'it was cancelled'}.`);
        }
      })
      .catch((err: Error) => {
        setFailed(true);
        setMessage(err.message);
      });
    return () => abort.abort();
  }, [orderId]);

  return (
    <div className="stack">
      <p role="status" aria-live="polite" className={failed ? 'form-error' : 'notice'}>
        {message}
      </p>
      {failed && (
        <p className="row">
          <Link href={`/orders/${orderId}`}>See the order</Link>
          <Link href="/cart">Back to the cart</Link>
        </p>
      )}
    </div>
  );
}
