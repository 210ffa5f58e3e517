'use client';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { typedValue } from '@/lib/typed-values';
import { createProduct } from './actions';
import { PriceFields } from './PriceFields';

export function NewProductForm({ categories }: { categories: string[] }) {
  const [state, action] = useActionState(createProduct, null);
  const field = (name: string, fallback = '') => ({
    id: `new-product-${name}`,
    name,
    defaultValue: typedValue(state, name, fallback),
    state,
  });
  return (
    <form action={action} aria-label="New product">
      <div className="form-grid">
        <Field
          {...field('sku')}
          label="SKU"
          hint="Upper-case letters, digits and dashes"
          required
          minLength={3}
          maxLength={40}
          autoCapitalize="characters"
        />
        <Field {...field('name')} label="Name" required maxLength={200} />
        <Field
          {...field('category')}
          label="Category"
          hint="A slug such as home-kitchen"
          errorPath="categories.0"
          list="new-product-categories"
          required
          maxLength={40}
        />
        <PriceFields price={field('price')} currency={field('currency', 'EUR')} />
        <Field {...field('onHand', '0')} label="Units on hand" type="number" min={0} step={1} required />
      </div>
      <datalist id="new-product-categories">
        {categories.map((category) => (
          <option key={category} value={category} />
        ))}
      </datalist>
      <div className="field">
        <label htmlFor="new-product-description">Description (optional)</label>
        <textarea
          id="new-product-description"
          name="description"
          rows={3}
          maxLength={5000}
          defaultValue={typedValue(state, 'description')}
        />
      </div>
      <FormMessage state={state} />
      <SubmitButton pendingText="Adding…">Add product</SubmitButton>
    </form>
  );
}
