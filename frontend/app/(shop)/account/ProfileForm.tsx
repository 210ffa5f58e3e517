'use client';
import { useActionState } from 'react';
import type { CustomerProfile } from '@sidecart/contracts';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { updateProfile } from './actions';
import { CURRENCIES, LANGUAGES } from './choices';
import { SelectField } from '@/components/SelectField';
import { typedChecked, typedValue } from '@/lib/typed-values';

export function ProfileForm({ profile }: { profile: CustomerProfile }) {
  const [state, action] = useActionState(updateProfile, null);
  const { preferences } = profile;
  return (
    <form action={action} aria-labelledby="profile-heading">
      <div className="form-grid">
        <Field
          id="profile-name"
          name="name"
          label="Name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={typedValue(state, 'name', profile.name)}
          state={state}
        />
        <Field
          id="profile-email"
          name="email"
          label="Email"
          type="email"
          readOnly
          value={profile.email}
          hint="You sign in with this address. It cannot be changed here."
        />
        <SelectField
          id="profile-currency"
          name="currency"
          label="Currency"
          options={CURRENCIES}
          defaultValue={typedValue(state, 'currency', preferences.currency)}
          errorPath="preferences.currency"
          state={state}
        />
        <SelectField
          id="profile-language"
          name="language"
          label="Language"
          options={LANGUAGES}
          defaultValue={typedValue(state, 'language', preferences.language)}
          errorPath="preferences.language"
          state={state}
        />
      </div>
      <div className="checkbox">
        <input
          id="profile-marketing"
          type="checkbox"
          name="marketingConsent"
          defaultChecked={typedChecked(state, 'marketingConsent', preferences.marketingConsent)}
        />
        <label htmlFor="profile-marketing">Send me news and offers by email</label>
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}
