'use client';
import { useActionState } from 'react';
import type { ShippingAddress } from '@sidecart/contracts';
import { changeShippingAddress } from '@/app/(shop)/checkout/actions';
import { COUNTRIES } from '@/lib/countries';
import { typedValue } from '@/lib/typed-values';
import { Field, FormMessage, SubmitButton } from './forms';
import { SelectField } from './SelectField';

/**
 * Where an order not shipped yet goes, to change (`PUT /orders/{id}/shipping-address`): by the
 * shopper or, on the same page, by an admin. The API's message for a field shows at that field.
 */
export function ChangeAddressForm({ orderId, address }: { orderId: string; address: ShippingAddress }) {
  const [state, action] = useActionState(changeShippingAddress, null);
  const field = (name: keyof ShippingAddress & string) => ({
    name,
    id: `address-${name}`,
    state,
    errorPath: `shippingAddress.${name}`,
    defaultValue: typedValue(state, name, address[name] ?? ''),
  });
  return (
    // Folded until asked for; kept open while a refused change is shown.
    <details className="change-address" open={state?.ok === false || undefined}>
      <summary>Change the shipping address</summary>
      <form action={action} className="stack" aria-label="New shipping address">
        <input type="hidden" name="orderId" value={orderId} />
        <p className="muted">Until the order ships, it can go to another address.</p>
        <FormMessage state={state} />
        <div className="form-grid">
          <Field {...field('name')} label="Full name" autoComplete="shipping name" required />
          <Field
            {...field('line1')}
            label="Street and number"
            autoComplete="shipping address-line1"
            required
          />
          <Field
            {...field('line2')}
            label="Apartment, suite (optional)"
            autoComplete="shipping address-line2"
          />
          <Field {...field('postalCode')} label="Postal code" autoComplete="shipping postal-code" required />
          <Field {...field('city')} label="City" autoComplete="shipping address-level2" required />
          <SelectField
            name="country"
            id="address-country"
            label="Country"
            autoComplete="shipping country"
            options={COUNTRIES}
            state={state}
            errorPath="shippingAddress.country"
            defaultValue={typedValue(state, 'country', address.country)}
          />
        </div>
        <p>
          <SubmitButton pendingText="Saving the address…">Save the new address</SubmitButton>
        </p>
      </form>
    </details>
  );
}
