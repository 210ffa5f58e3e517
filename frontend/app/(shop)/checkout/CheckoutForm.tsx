'use client';
import { useActionState } from 'react';
import type { Address } from '@sidecart/contracts';
import { AddressFields } from '@/components/AddressFields';
import { FormMessage, SubmitButton } from '@/components/forms';
import { placeOrder } from './actions';

export function CheckoutForm({
  address,
  idempotencyKey,
  currency,
}: {
  address: Address | undefined;
  idempotencyKey: string;
  currency: string;
}) {
  const [state, action] = useActionState(placeOrder, null);
  return (
    <form action={action} aria-label="Shipping address and payment">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="currency" value={currency} />
      <FormMessage state={state} />
      <h2>Shipping address</h2>
      <AddressFields state={state} address={address} country="DE" />
      <p>
        <SubmitButton pendingText="Placing your order…">Place order and pay with PayPal</SubmitButton>
      </p>
    </form>
  );
}
