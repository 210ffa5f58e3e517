'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { deliverOrder } from './actions';

export function DeliverButton({
  orderId,
  orderName,
  returnTo,
}: {
  orderId: string;
  orderName: string;
  returnTo: string;
}) {
  const [state, action] = useActionState(deliverOrder, null);
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <SubmitButton className="secondary" pendingText="Saving…">
        Mark delivered<span className="visually-hidden"> order {orderName}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
