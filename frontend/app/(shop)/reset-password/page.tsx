import type { Metadata } from 'next';
import Link from 'next/link';
import type { Problem } from '@sidecart/contracts';
import { LinkRefused, linkToken } from '@/components/LinkRefused';
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
  const token = linkToken((await searchParams).token);
  const checked = await callApi<Problem | { expiresAt: string }>(null, '/customers/password-reset/check', {
    method: 'POST',
    body: { token },
    accept: [400],
  });
  if (checked.status === 400) {
    return (
      <LinkRefused problem={checked.body as Problem}>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      </LinkRefused>
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
