'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { addToCart } from '@/app/(shop)/cart/actions';
import { FormMessage, SubmitButton } from '@/components/forms';

export function AddToCart({ productId, available }: { productId: string; available: number }) {
  const [state, action] = useActionState(addToCart, null);
  if (available <= 0) {
    return (
      <p>
        <button type="button" disabled>
          Out of stock
        </button>
      </p>
    );
  }
  return (
    <form action={action} className="stack" aria-label="Add to cart">
      <input type="hidden" name="productId" value={productId} />
      <div className="row">
        <label htmlFor="quantity">Quantity</label>
        <input
          id="quantity"
          name="quantity"
          type="number"
          min={1}
          max={Math.min(99, available)}
          defaultValue={1}
          className="quantity-input"
          required
        />
        <SubmitButton pendingText="Adding…">Add to cart</SubmitButton>
      </div>
      <FormMessage state={state} />
      {state?.ok && (
        <p>
          <Link href="/cart">Go to your cart</Link>
        </p>
      )}
    </form>
  );
}
