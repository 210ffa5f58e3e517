import type { Metadata } from 'next';
import Link from 'next/link';
import { safeReturnTo } from '@/lib/return-to';
import { SignUpForm } from './SignUpForm';

export const metadata: Metadata = { title: 'Create account' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const callbackUrl = safeReturnTo((await searchParams).callbackUrl);
  return (
    <section className="narrow">
      <h1>Create your account</h1>
      <SignUpForm callbackUrl={callbackUrl} />
      <p>
        Already have an account?{' '}
        <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </section>
  );
}
