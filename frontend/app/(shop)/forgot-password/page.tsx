import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from './ForgotPasswordForm';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ForgotPasswordPage() {
  return (
    <section className="narrow">
      <h1>Reset your password</h1>
      <p>Enter the email of your account: we will mail you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p>
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </section>
  );
}
