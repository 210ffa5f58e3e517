'use client';
import { useActionState } from 'react';
import { Field, FormMessage, NewPasswordField, SubmitButton } from '@/components/forms';
import { changePassword } from './actions';

export function PasswordForm() {
  const [state, action] = useActionState(changePassword, null);
  return (
    <form action={action} className="narrow" aria-labelledby="password-heading">
      <Field
        id="password-current"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={128}
        state={state}
      />
      <NewPasswordField id="password-new" name="newPassword" label="New password" state={state} />
      <Field
        id="password-repeat"
        name="repeatPassword"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        state={state}
      />
      <FormMessage state={state} />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
