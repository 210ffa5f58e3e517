'use client';
import { useActionState } from 'react';
import { retryPayment } from '@/app/(shop)/checkout/actions';
import { FormMessage, SubmitButton } from './forms';

/** "Retry payment" after a decline: a new PayPal order for the same order, then PayPal's page. */
export function RetryPaymentForm({ orderId }: { orderId: string }) {
  const [state, action] = useActionState(retryPayment, null);
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <FormMessage state={state} />
      <SubmitButton pendingText="Opening PayPal…">Retry payment</SubmitButton>
    </form>
  );
}
