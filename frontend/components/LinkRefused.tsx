import type { ReactNode } from 'react';
import type { Problem } from '@sidecart/contracts';

/** The token of a mailed link's page (`?token=`), as the page was opened. */
export const linkToken = (raw: string | string[] | undefined): string =>
  (Array.isArray(raw) ? raw[0] : raw) ?? '';

/**
 * What a mailed link's page (password reset, email verification) shows when the shop refused its
 * token: the reason the shop gave (unknown, expired, used), then what to do instead.
 */
export function LinkRefused({ problem, children }: { problem: Problem; children: ReactNode }) {
  const reason = problem.errors?.find((e) => e.path === 'token')?.message;
  return (
    <section className="narrow">
      <h1>This link cannot be used</h1>
      <p className="form-error" role="alert">
        {reason ? `This link ${reason}.` : 'This link is not complete: open it from the mail again.'}
      </p>
      {children}
    </section>
  );
}
