'use client';
import { signIn } from 'next-auth/react';
import { useActionState, useEffect, useRef } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/forms';
import { safeReturnTo } from '@/lib/return-to';
import { register } from './actions';

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(register, null);
  const form = useRef<HTMLFormElement>(null);

  // The account exists: sign in with what was just typed, then go where the shopper was heading.
  useEffect(() => {
    if (!state?.ok || !form.current) return;
    const data = new FormData(form.current);
    void signIn('credentials', {
      email: String(data.get('email') ?? ''),
      password: String(data.get('password') ?? ''),
      redirect: false,
    }).then(() => window.location.assign(safeReturnTo(callbackUrl)));
  }, [state, callbackUrl]);

  return (
    <form ref={form} action={action} className="stack" aria-label="Create account">
      <FormMessage state={state?.ok ? { ok: true, message: 'Account created. Signing you in…' } : state} />
      <Field name="name" label="Full name" autoComplete="name" required maxLength={100} state={state} />
      <Field name="email" label="Email" type="email" autoComplete="email" required state={state} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters, with a letter and a digit."
        required
        minLength={10}
        state={state}
      />
      <p>
        <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
      </p>
    </form>
  );
}
