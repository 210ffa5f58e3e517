'use client';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { typedValue } from '@/lib/typed-values';
import { requestReset } from './actions';

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestReset, null);
  return (
    <form action={action} className="stack" aria-label="Reset password">
      <FormMessage state={state} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        state={state}
        defaultValue={typedValue(state, 'email')}
      />
      <p>
        <SubmitButton pendingText="Sending…">Mail me a link</SubmitButton>
      </p>
    </form>
  );
}
