import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { authOptions, currentUser } from '@/lib/auth';
import { safeReturnTo } from '@/lib/return-to';
import { SignInForm } from './SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; reset?: string }>;
}) {
  const params = await searchParams;
  const callbackUrl = safeReturnTo(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const oauth = authOptions.providers
    .filter((p) => p.type === 'oauth')
    .map((p) => ({ id: p.id, name: p.name }));
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {params.reset === '1' && (
        <p className="notice ok" role="status">
          Your password is changed. Sign in with the new one.
        </p>
      )}
      {callbackUrl !== '/' && <p className="notice">Please sign in to continue.</p>}
      <SignInForm callbackUrl={callbackUrl} providers={oauth} />
    </section>
  );
}
