import type { Metadata } from 'next';
import Link from 'next/link';
import type { Problem } from '@sidecart/contracts';
import { callApi } from '@/lib/gateway';
import { ResetPasswordForm } from './ResetPasswordForm';

export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false } };

/**
 * The page a reset mail's link opens. It asks first whether the link still works (without using
 * it), so an expired or used link says so before anyone types a password.
 */
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  const checked = await callApi<Problem | { expiresAt: string }>(null, '/customers/password-reset/check', {
    method: 'POST',
    body: { token },
    accept: [400],
  });
  if (checked.status === 400) {
    const reason = (checked.body as Problem).errors?.find((e) => e.path === 'token')?.message;
    return (
      <section className="narrow">
        <h1>This link cannot be used</h1>
        <p className="form-error" role="alert">
          {reason ? `This link ${reason}.` : 'This link is not complete: open it from the mail again.'}
        </p>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      <p>Every device signed in to your account will be signed out.</p>
      <ResetPasswordForm token={token} />
    </section>
  );
}
