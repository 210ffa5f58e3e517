import type { Metadata } from 'next';
import Link from 'next/link';
import type { Problem } from '@sidecart/contracts';
import { LinkRefused, linkToken } from '@/components/LinkRefused';
import { callApi } from '@/lib/gateway';

export const metadata: Metadata = { title: 'Confirm your email address', robots: { index: false } };

/** The page the sign-up mail's link opens: opening it confirms the address (once). */
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const token = linkToken((await searchParams).token);
  const answer = await callApi<Problem | null>(null, '/customers/email/verify', {
    method: 'POST',
    body: { token },
    accept: [400],
  });
  if (answer.status === 400) {
    return (
      <LinkRefused problem={answer.body as Problem}>
        <p>
          If you confirmed your address already, there is nothing more to do. Otherwise your{' '}
          <Link href="/account">account page</Link> mails you a new link.
        </p>
      </LinkRefused>
    );
  }
  return (
    <section className="narrow">
      <h1>Email address confirmed</h1>
      <p className="notice ok" role="status">
        Thank you: your email address is confirmed.
      </p>
      <p>
        <Link href="/">Go shopping</Link>
      </p>
    </section>
  );
}
