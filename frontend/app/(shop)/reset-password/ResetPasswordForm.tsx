'use client';
import { useActionState } from 'react';
import { Field, FormMessage, NewPasswordField, SubmitButton } from '@/components/forms';
import { resetPassword } from './actions';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPassword, null);
  return (
    <form action={action} className="stack" aria-label="Choose a new password">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <NewPasswordField name="newPassword" label="New password" state={state} />
      <Field
        name="repeatPassword"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        state={state}
      />
      <p>
        <SubmitButton pendingText="Saving…">Set the new password</SubmitButton>
      </p>
    </form>
  );
}
