'use client';
import { signOut } from 'next-auth/react';
import { useEffect, useRef } from 'react';

export function SigningOut({
  accountDeleted,
  sessionEnded = false,
}: {
  accountDeleted: boolean;
  sessionEnded?: boolean;
}) {
  // Effects run twice in development; one sign-out request is enough.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // An ended session (password changed, signed out everywhere) goes on to sign in again.
    void signOut({ callbackUrl: sessionEnded ? '/signin' : '/' });
  }, [sessionEnded]);
  return (
    <section className="stack narrow">
      {sessionEnded && (
        <p className="notice" role="status">
          Your session has ended (your password was changed or you signed out everywhere). Please sign in
          again.
        </p>
      )}
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
