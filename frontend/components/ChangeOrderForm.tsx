'use client';
import { useActionState } from 'react';
import { changeOrder } from '@/app/(shop)/checkout/actions';
import { FormMessage, SubmitButton } from './forms';

type Line = { productId: string; name: string; quantity: number };

/** The quantities of an order not paid yet, to change (0 removes a line); repriced from the catalog. */
export function ChangeOrderForm({ orderId, etag, lines }: { orderId: string; etag: string; lines: Line[] }) {
  const [state, action] = useActionState(changeOrder, null);
  return (
    <section aria-labelledby="change-heading">
      <h2 id="change-heading">Change the order</h2>
      <form action={action} className="stack">
        <input type="hidden" name="orderId" value={orderId} />
        <input type="hidden" name="etag" value={etag} />
        <p className="muted">Set a quantity to 0 to remove the item. Prices are those of the shop today.</p>
        {lines.map((line) => (
          <div className="field" key={line.productId}>
            <label htmlFor={`quantity-${line.productId}`}>Quantity of {line.name}</label>
            <input
              id={`quantity-${line.productId}`}
              name={`quantity:${line.productId}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={99}
              required
              defaultValue={line.quantity}
            />
          </div>
        ))}
        <FormMessage state={state} />
        <SubmitButton pendingText="Updating…">Update the order</SubmitButton>
      </form>
    </section>
  );
}
