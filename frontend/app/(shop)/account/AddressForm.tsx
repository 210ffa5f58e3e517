'use client';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { COUNTRIES } from '@/lib/countries';
import { addAddress } from './actions';
import { SelectField } from '@/components/SelectField';
import { typedChecked, typedValue } from '@/lib/typed-values';

export function AddressForm({ isFirst }: { isFirst: boolean }) {
  const [state, action] = useActionState(addAddress, null);
  const field = (name: string) => ({
    id: `address-${name}`,
    name,
    defaultValue: typedValue(state, name),
    state,
  });
  return (
    <form action={action} aria-labelledby="new-address-heading">
      <div className="form-grid">
        <Field {...field('label')} label="Label (optional)" hint="For example Home or Work" maxLength={40} />
        <Field {...field('name')} label="Full name" autoComplete="name" required maxLength={100} />
        <Field
          {...field('line1')}
          label="Street and number"
          autoComplete="address-line1"
          required
          maxLength={200}
        />
        <Field
          {...field('line2')}
          label="Address line 2 (optional)"
          autoComplete="address-line2"
          maxLength={200}
        />
        <Field
          {...field('postalCode')}
          label="Postal code"
          autoComplete="postal-code"
          required
          maxLength={20}
        />
        <Field {...field('city')} label="City" autoComplete="address-level2" required maxLength={100} />
        <SelectField
          {...field('country')}
          label="Country"
          options={COUNTRIES}
          placeholder="Choose a country"
          autoComplete="country"
          required
        />
        <Field {...field('phone')} label="Phone (optional)" type="tel" autoComplete="tel" maxLength={30} />
      </div>
      {isFirst ? (
        <p className="muted">Your first address becomes your default address.</p>
      ) : (
        <div className="checkbox">
          <input
            id="address-isDefault"
            type="checkbox"
            name="isDefault"
            defaultChecked={typedChecked(state, 'isDefault', false)}
          />
          <label htmlFor="address-isDefault">Make this my default address</label>
        </div>
      )}
      <FormMessage state={state} />
      <SubmitButton pendingText="Adding…">Add address</SubmitButton>
    </form>
  );
}
