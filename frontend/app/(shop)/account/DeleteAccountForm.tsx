'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { deleteAccount } from './actions';

export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccount, null);
  return (
    <form action={action} className="narrow" aria-labelledby="delete-heading">
      <p>
        This deletes your profile, your addresses and your order history, and signs you out. It cannot be
        undone. You may want to download your data first.
      </p>
      <div className="checkbox">
        <input id="delete-confirm" type="checkbox" name="confirm" required />
        <label htmlFor="delete-confirm">I understand my account and order history will be deleted</label>
      </div>
      <FormMessage state={state} />
      <SubmitButton className="danger" pendingText="Deleting…">
        Delete my account
      </SubmitButton>
    </form>
  );
}
