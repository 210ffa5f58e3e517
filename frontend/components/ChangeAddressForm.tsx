'use client';
import { useActionState } from 'react';
import type { ShippingAddress } from '@sidecart/contracts';
import { changeShippingAddress } from '@/app/(shop)/checkout/actions';
import { AddressFields } from './AddressFields';
import { FormMessage, SubmitButton } from './forms';

/**
 * Where an order not shipped yet goes, to change (`PUT /orders/{id}/shipping-address`): by the
 * shopper or, on the same page, by an admin. The API's message for a field shows at that field.
 */
export function ChangeAddressForm({ orderId, address }: { orderId: string; address: ShippingAddress }) {
  const [state, action] = useActionState(changeShippingAddress, null);
  return (
    // Folded until asked for; kept open while a refused change is shown.
    <details className="change-address" open={state?.ok === false || undefined}>
      <summary>Change the shipping address</summary>
      <form action={action} className="stack" aria-label="New shipping address">
        <input type="hidden" name="orderId" value={orderId} />
        <p className="muted">Until the order ships, it can go to another address.</p>
        <FormMessage state={state} />
        <AddressFields state={state} address={address} country={address.country} />
        <p>
          <SubmitButton pendingText="Saving the address…">Save the new address</SubmitButton>
        </p>
      </form>
    </details>
  );
}
