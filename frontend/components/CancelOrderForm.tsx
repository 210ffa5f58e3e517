'use client';
import { useActionState } from 'react';
import { cancelOrder } from '@/app/(shop)/checkout/actions';
import { FormMessage, SubmitButton } from './forms';

export function CancelOrderForm({ orderId }: { orderId: string }) {
  const [state, action] = useActionState(cancelOrder, null);
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <FormMessage state={state} />
      <SubmitButton className="danger" pendingText="Cancelling…">
        Cancel the order
      </SubmitButton>
    </form>
  );
}
