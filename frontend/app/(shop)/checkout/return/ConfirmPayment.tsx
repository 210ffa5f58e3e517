'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { isFinal, waitForOrder } from '@/lib/order-progress';
import { RetryPaymentForm } from '@/components/RetryPaymentForm';
import { capturePayment } from '../actions';

type Stage = 'capturing' | 'confirmed' | 'failed' | 'slow';

/** Back from PayPal: take the payment, then wait for the order to be confirmed. */
export function ConfirmPayment({ orderId }: { orderId: string }) {
  const [stage, setStage] = useState<Stage>('capturing');
  const [detail, setDetail] = useState('');
  const [declined, setDeclined] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const captured = await capturePayment(orderId);
      if (abort.signal.aborted) return;
      if (!captured?.ok) {
        setStage('failed');
        setDetail(captured?.message ?? 'The payment could not be taken.');
        setDeclined(captured?.declined === true);
        return;
      }
      const progress = await waitForOrder(
        orderId,
        (p) => p.status === 'CONFIRMED' || p.status === 'SHIPPED' || isFinal(p.status),
        90_000,
        abort.signal,
      );
      if (abort.signal.aborted) return;
      if (!progress) setStage('slow');
      else if (isFinal(progress.status)) {
        setStage('failed');
        setDetail(`The order was cancelled: ${progress.cancelReason ?? 'the payment did not go through'}.`);
      } else setStage('confirmed');
    })().catch((err: Error) => {
      setStage('failed');
      setDetail(err.message);
    });
    return () => abort.abort();
  }, [orderId]);

  if (stage === 'confirmed') {
    return (
      <div className="stack">
        <h1>Thank you for your order!</h1>
        <p className="notice ok" role="status">
          Your payment went through and your order is confirmed.
        </p>
        <p className="row">
          <Link href={`/orders/${orderId}`} className="button">
            View your order
          </Link>
          <Link href="/search">Continue shopping</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>Confirming your payment</h1>
      {stage === 'capturing' && (
        <p role="status" aria-live="polite" className="notice">
          Taking your payment and confirming the order…
        </p>
      )}
      {stage === 'slow' && (
        <p role="status" className="notice">
          This is taking longer than usual. Your order page will show when it is confirmed.
        </p>
      )}
      {stage === 'failed' && (
        <p role="alert" className="form-error">
          {detail}
        </p>
      )}
      {declined && <RetryPaymentForm orderId={orderId} />}
      {stage !== 'capturing' && (
        <p>
          <Link href={`/orders/${orderId}`}>See the order</Link>
        </p>
      )}
    </div>
  );
}
