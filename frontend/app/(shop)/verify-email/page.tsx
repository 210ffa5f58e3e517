import type { Metadata } from 'next';
import Link from 'next/link';
import type { Problem } from '@sidecart/contracts';
import { callApi } from '@/lib/gateway';

export const metadata: Metadata = { title: 'Confirm your email address', robots: { index: false } };

/** The page the sign-up mail's link opens: opening it confirms the address (once). */
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  const answer = await callApi<Problem | null>(null, '/customers/email/verify', {
    method: 'POST',
    body: { token },
    accept: [400],
  });
  if (answer.status === 400) {
    const reason = (answer.body as Problem).errors?.find((e) => e.path === 'token')?.message;
    return (
      <section className="narrow">
        <h1>This link cannot be used</h1>
        <p className="form-error" role="alert">
          {reason ? `This link ${reason}.` : 'This link is not complete: open it from the mail again.'}
        </p>
        <p>
          If you confirmed your address already, there is nothing more to do. Otherwise your{' '}
          <Link href="/account">account page</Link> mails you a new link.
        </p>
      </section>
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
