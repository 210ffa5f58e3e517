'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { deleteAddress, makeDefaultAddress } from './actions';

/** Per address: make it the default, or delete it. `name` tells screen readers which address. */
export function AddressActions({
  addressId,
  name,
  isDefault,
}: {
  addressId: string;
  name: string;
  isDefault: boolean;
}) {
  const [defaultState, makeDefault] = useActionState(makeDefaultAddress, null);
  const [deleteState, remove] = useActionState(deleteAddress, null);
  return (
    <div className="stack">
      <div className="row">
        {!isDefault && (
          <form action={makeDefault}>
            <input type="hidden" name="addressId" value={addressId} />
            <SubmitButton className="secondary" pendingText="Saving…">
              Make default<span className="visually-hidden"> address {name}</span>
            </SubmitButton>
          </form>
        )}
        <form action={remove}>
          <input type="hidden" name="addressId" value={addressId} />
          <SubmitButton className="secondary" pendingText="Deleting…">
            Delete<span className="visually-hidden"> address {name}</span>
          </SubmitButton>
        </form>
      </div>
      <FormMessage state={defaultState} />
      <FormMessage state={deleteState} />
    </div>
  );
}
