import { Field } from '@/components/forms';
import { SelectField } from '@/components/SelectField';
import { CURRENCIES } from '@/lib/admin-edit';
import type { TypedState } from '@/lib/typed-values';

type Input = { id: string; name: string; defaultValue: string; state: TypedState };

/** A product's price in major units and its currency, as the new-product and edit forms ask for it. */
export function PriceFields({ price, currency }: { price: Input; currency: Input }) {
  return (
    <>
      <Field
        {...price}
        label="Price"
        hint="In major units, such as 12.99"
        errorPath="price.amount"
        inputMode="decimal"
        pattern={'\\d{1,9}([.,]\\d{1,2})?'}
        required
      />
      <SelectField {...currency} label="Currency" options={CURRENCIES} errorPath="price.currency" />
    </>
  );
}
