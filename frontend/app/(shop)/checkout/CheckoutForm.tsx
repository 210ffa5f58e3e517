'use client';
import { useActionState } from 'react';
import type { Address } from '@sidecart/contracts';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { SelectField } from '@/components/SelectField';
import { COUNTRIES } from '@/lib/countries';
import { typedValue } from '@/lib/typed-values';
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
  const field = (name: keyof Address & string) => ({
    name,
    state,
    errorPath: `shippingAddress.${name}`,
    defaultValue: typedValue(state, name, String(address?.[name] ?? '')),
  });
  return (
    <form action={action} aria-label="Shipping address and payment">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="currency" value={currency} />
      <FormMessage state={state} />
      <h2>Shipping address</h2>
      <div className="form-grid">
        <Field
          {...field('name')}
          label="Full name"
          autoComplete="name"

          required
        />
        <Field
          {...field('line1')}
          label="Street and number"
          autoComplete="address-line1"

          required
        />
        <Field {...field('line2')} label="Apartment, suite (optional)" autoComplete="address-line2" />
        <Field
          {...field('postalCode')}
          label="Postal code"
          autoComplete="postal-code"

          required
        />
        <Field
          {...field('city')}
          label="City"
          autoComplete="address-level2"

          required
        />
        <SelectField
          name="country"
          label="Country"
          autoComplete="country"
          options={COUNTRIES}
          state={state}
          errorPath="shippingAddress.country"
          defaultValue={typedValue(state, 'country', address?.country ?? 'DE')}
        />
      </div>
      <p>
        <SubmitButton pendingText="Placing your order…">Place order and pay with PayPal</SubmitButton>
      </p>
    </form>
  );
}
