'use client';
import { useActionState } from 'react';
import type { AdjustStock } from '@sidecart/contracts';
import { FormMessage, SubmitButton } from '@/components/forms';
import { typedValue } from '@/lib/typed-values';
import { adjustStock } from './actions';

const REASONS: Record<AdjustStock['reason'], string> = {
  RESTOCK: 'Restock',
  CORRECTION: 'Correction',
  DAMAGED: 'Damaged',
  LOST: 'Lost',
  RETURNED: 'Returned',
};

/** One product's stock change; the labels name the product, as every row has the same form. */
export function StockAdjustForm({ productId, productName }: { productId: string; productName: string }) {
  const [state, action] = useActionState(adjustStock, null);
  const deltaId = `delta-${productId}`;
  const reasonId = `reason-${productId}`;
  return (
    <form action={action}>
      <input type="hidden" name="productId" value={productId} />
      <div className="row">
        <label htmlFor={deltaId} className="visually-hidden">
          Stock change for {productName}
        </label>
        <input
          id={deltaId}
          name="delta"
          type="number"
          step={1}
          required
          placeholder="±0"
          className="quantity-input"
          defaultValue={typedValue(state, 'delta')}
        />
        <label htmlFor={reasonId} className="visually-hidden">
          Reason for the stock change of {productName}
        </label>
        <select
          id={reasonId}
          name="reason"
          // Remounted when the default changes: React applies a select's default only on mount.
          key={typedValue(state, 'reason', 'RESTOCK')}
          defaultValue={typedValue(state, 'reason', 'RESTOCK')}
        >
          {Object.entries(REASONS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <SubmitButton className="secondary" pendingText="Adjusting…">
          Adjust<span className="visually-hidden"> stock of {productName}</span>
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
