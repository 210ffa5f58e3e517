import type { ShippingAddress } from '@sidecart/contracts';
import { COUNTRIES } from '@/lib/countries';
import { typedValue, type TypedState } from '@/lib/typed-values';
import { Field } from './forms';
import { SelectField } from './SelectField';

/**
 * The fields of a shipping address, as checkout asks for it and an order's address change does:
 * shown with `address` (or what was typed into a refused form), each showing the API's message for
 * `shippingAddress.<field>`.
 */
export function AddressFields({
  state,
  address,
  country,
  onCountryChange,
}: {
  state: TypedState;
  address: Partial<ShippingAddress> | undefined;
  /** The country chosen when `address` has none. */
  country: string;
  /** Told when the shopper picks another country (checkout prices shipping and tax again). */
  onCountryChange?: () => void;
}) {
  const field = (name: keyof ShippingAddress & string) => ({
    name,
    state,
    errorPath: `shippingAddress.${name}`,
    defaultValue: typedValue(state, name, String(address?.[name] ?? '')),
  });
  return (
    <div className="form-grid">
      <Field {...field('name')} label="Full name" autoComplete="name" required />
      <Field {...field('line1')} label="Street and number" autoComplete="address-line1" required />
      <Field {...field('line2')} label="Apartment, suite (optional)" autoComplete="address-line2" />
      <Field {...field('postalCode')} label="Postal code" autoComplete="postal-code" required />
      <Field {...field('city')} label="City" autoComplete="address-level2" required />
      <SelectField
        name="country"
        label="Country"
        autoComplete="country"
        options={COUNTRIES}
        state={state}
        errorPath="shippingAddress.country"
        defaultValue={typedValue(state, 'country', address?.country ?? country)}
        onChange={onCountryChange}
      />
    </div>
  );
}
