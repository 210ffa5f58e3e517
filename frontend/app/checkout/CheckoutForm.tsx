'use client';
import { useActionState } from 'react';
import type { Address } from '@sidecart/contracts';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { COUNTRIES } from '@/lib/countries';
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
  const field = (name: string) => ({ name, state, errorPath: `shippingAddress.${name}` });
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
          defaultValue={address?.name}
          required
        />
        <Field
          {...field('line1')}
          label="Street and number"
          autoComplete="address-line1"
          defaultValue={address?.line1}
          required
        />
        <Field
          {...field('line2')}
          label="Apartment, suite (optional)"
          autoComplete="address-line2"
          defaultValue={address?.line2}
        />
        <Field
          {...field('postalCode')}
          label="Postal code"
          autoComplete="postal-code"
          defaultValue={address?.postalCode}
          required
        />
        <Field
          {...field('city')}
          label="City"
          autoComplete="address-level2"
          defaultValue={address?.city}
          required
        />
        <div className="field">
          <label htmlFor="field-country">Country</label>
          <select
            id="field-country"
            name="country"
            defaultValue={address?.country ?? 'DE'}
            autoComplete="country"
          >
            {COUNTRIES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p>
        <SubmitButton pendingText="Placing your order…">Place order and pay with PayPal</SubmitButton>
      </p>
    </form>
  );
}
