'use client';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { safeReturnTo } from '@/lib/return-to';

export function SignInForm({
  callbackUrl,
  providers,
}: {
  callbackUrl: string;
  providers: { id: string; name: string }[];
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const returnTo = safeReturnTo(callbackUrl);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      // A full navigation so every server component sees the new session.
      window.location.assign(returnTo);
      return;
    }
    setError(
      result?.error === 'CredentialsSignin'
        ? 'The email or the password is not correct.'
        : (result?.error ?? 'Sign-in failed. Please try again.'),
    );
  }

  return (
    <>
      <form onSubmit={submit} className="stack" aria-label="Sign in">
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="signin-email">Email</label>
          <input id="signin-email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Password</label>
          <input
            id="signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <p>
          <button type="submit" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </p>
      </form>
      {providers.map((p) => (
        <p key={p.id}>
          <button type="button" className="secondary" onClick={() => signIn(p.id, { callbackUrl: returnTo })}>
            Sign in with {p.name}
          </button>
        </p>
      ))}
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <p>
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(returnTo)}`}>Create an account</Link>
      </p>
    </>
  );
}
