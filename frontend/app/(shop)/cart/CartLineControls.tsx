'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { removeFromCart, updateQuantity } from './actions';

export function CartLineControls({
  productId,
  name,
  quantity,
}: {
  productId: string;
  name: string;
  quantity: number;
}) {
  const [updateState, update] = useActionState(updateQuantity, null);
  const [removeState, remove] = useActionState(removeFromCart, null);
  return (
    <div className="stack">
      <div className="row">
        <form action={update} className="row">
          <input type="hidden" name="productId" value={productId} />
          <label htmlFor={`qty-${productId}`} className="visually-hidden">
            Quantity of {name}
          </label>
          <input
            id={`qty-${productId}`}
            name="quantity"
            type="number"
            min={0}
            max={99}
            defaultValue={quantity}
            className="quantity-input"
          />
          <SubmitButton className="secondary" pendingText="Updating…">
            Update<span className="visually-hidden"> quantity of {name}</span>
          </SubmitButton>
        </form>
        <form action={remove}>
          <input type="hidden" name="productId" value={productId} />
          <SubmitButton className="secondary" pendingText="Removing…">
            Remove<span className="visually-hidden"> {name}</span>
          </SubmitButton>
        </form>
      </div>
      <FormMessage state={updateState?.ok ? null : updateState} />
      <FormMessage state={removeState?.ok ? null : removeState} />
    </div>
  );
}
