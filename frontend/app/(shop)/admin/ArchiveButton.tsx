'use client';
import { useActionState, type FormEvent } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { archiveProduct } from './actions';

export function ArchiveButton({
  productId,
  productName,
  returnTo,
}: {
  productId: string;
  productName: string;
  returnTo: string;
}) {
  const [state, action] = useActionState(archiveProduct, null);
  // Archiving takes the product out of the shop at once: one click too many is cheaper than a slip.
  const confirmFirst = (event: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Archive “${productName}”? The shop will stop showing it.`)) event.preventDefault();
  };
  return (
    <form action={action} onSubmit={confirmFirst}>
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <SubmitButton className="danger" pendingText="Archiving…">
        Archive<span className="visually-hidden"> {productName}</span>
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
