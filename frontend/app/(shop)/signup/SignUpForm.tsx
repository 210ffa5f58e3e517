'use client';
import { signIn } from 'next-auth/react';
import { useActionState, useEffect, useRef } from 'react';
import { Field, FormMessage, NewPasswordField, SubmitButton } from '@/components/forms';
import { typedValue, type TypedState } from '@/lib/typed-values';
import { safeReturnTo } from '@/lib/return-to';
import { register } from './actions';

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  // React resets a form after its action, so keep what was typed for the sign-in that follows.
  const typed = useRef({ email: '', password: '' });
  const [state, action] = useActionState(async (previous: TypedState, data: FormData) => {
    typed.current = { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') };
    return register(previous, data);
  }, null);

  // The account exists: sign in with what was just typed, then go where the shopper was heading.
  useEffect(() => {
    if (!state?.ok) return;
    void signIn('credentials', { ...typed.current, redirect: false }).then((result) =>
      window.location.assign(result?.ok ? safeReturnTo(callbackUrl) : '/signin'),
    );
  }, [state, callbackUrl]);

  return (
    <form action={action} className="stack" aria-label="Create account">
      <FormMessage state={state?.ok ? { ok: true, message: 'Account created. Signing you in…' } : state} />
      <Field
        name="name"
        label="Full name"
        autoComplete="name"
        required
        maxLength={100}
        state={state}
        defaultValue={typedValue(state, 'name')}
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        state={state}
        defaultValue={typedValue(state, 'email')}
      />
      <NewPasswordField name="password" label="Password" state={state} />
      <p>
        <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
      </p>
    </form>
  );
}
