'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { resendVerification } from './actions';

/** For an address not confirmed yet: mails a new link (the sign-up mail's may be lost or expired). */
export function VerifyEmailForm() {
  const [state, action] = useActionState(resendVerification, null);
  return (
    <form action={action} className="stack" aria-label="Confirm email address">
      <FormMessage state={state} />
      <p>
        <SubmitButton className="secondary" pendingText="Sending…">
          Mail me a new link
        </SubmitButton>
      </p>
    </form>
  );
}
