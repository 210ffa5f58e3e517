'use client';
import { signOut } from 'next-auth/react';
import { useEffect, useRef } from 'react';

export function SigningOut({ accountDeleted }: { accountDeleted: boolean }) {
  // Effects run twice in development; one sign-out request is enough.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signOut({ callbackUrl: '/' });
  }, []);
  return (
    <section className="stack narrow">
      {accountDeleted && (
        <p className="notice ok" role="status">
          Your account has been deleted.
        </p>
      )}
      <h1 aria-live="polite">Signing you out…</h1>
      <noscript>
        <p>
          <a href="/api/auth/signout">Continue to sign out</a>
        </p>
      </noscript>
    </section>
  );
}
