'use client';
import { useActionState } from 'react';
import type { Product } from '@sidecart/contracts';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { attributesToText, majorUnitsText } from '@/lib/admin-edit';
import { typedValue } from '@/lib/typed-values';
import { PriceFields } from '../../PriceFields';
import { updateProduct } from './actions';

export function EditProductForm({ product }: { product: Product }) {
  const [state, action] = useActionState(updateProduct, null);
  const field = (name: string, current: string) => ({
    id: `edit-product-${name}`,
    name,
    defaultValue: typedValue(state, name, current),
    state,
  });
  const error = (path: string) => (state && !state.ok ? state.fields?.[path] : undefined);
  return (
    // A new key after each save: the fields show what was saved, not what React kept.
    <form action={action} aria-label="Edit product" key={product.updatedAt}>
      <input type="hidden" name="productId" value={product.id} />
      <div className="form-grid">
        <Field {...field('name', product.name)} label="Name" required maxLength={200} />
        <Field
          {...field('categories', product.categories.join(', '))}
          label="Categories"
          hint="Slugs such as home-kitchen, separated by commas"
          errorPath="categories"
          required
          maxLength={450}
        />
        <PriceFields
          price={field('price', majorUnitsText(product.price.amount))}
          currency={field('currency', product.price.currency)}
        />
      </div>
      <div className="field">
        <label htmlFor="edit-product-description">Description</label>
        <textarea
          id="edit-product-description"
          name="description"
          rows={4}
          maxLength={5000}
          defaultValue={typedValue(state, 'description', product.description)}
        />
      </div>
      <div className="field">
        <label htmlFor="edit-product-attributes">Details</label>
        <span id="edit-product-attributes-hint" className="hint">
          One a line, as “name: value”
        </span>
        <textarea
          id="edit-product-attributes"
          name="attributes"
          rows={4}
          aria-describedby="edit-product-attributes-hint"
          aria-invalid={error('attributes') ? true : undefined}
          defaultValue={typedValue(state, 'attributes', attributesToText(product.attributes))}
        />
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
    </form>
  );
}
