'use server';
import { redirect } from 'next/navigation';
import type { FormState } from '@/lib/form-state';
import { attempt } from '@/lib/actions';
import { callApi } from '@/lib/gateway';

/**
 * Sets the new password with the link's token, then sends the shopper to sign in with it. The
 * gateway ended every session of the account up to the second after the reset, so a sign-in
 * within the same second would begin a session that counts as ended: the sign-in page opens once
 * that second is over (at most a second's wait).
 */
export async function resetPassword(_: FormState, form: FormData): Promise<FormState> {
  // Not trimmed: spaces may be part of a password.
  const newPassword = String(form.get('newPassword') ?? '');
  if (newPassword !== String(form.get('repeatPassword') ?? '')) {
    const mismatch = 'does not match the new password';
    return { ok: false, message: `The repeated password ${mismatch}.`, fields: { repeatPassword: mismatch } };
  }
  const state = await attempt(async () => {
    await callApi(null, '/customers/password-reset/complete', {
      method: 'POST',
      body: { token: String(form.get('token') ?? ''), newPassword },
    });
  });
  if (!state?.ok) {
    const token = state?.fields?.token;
    return token ? { ok: false, message: `This link ${token}.`, fields: state.fields } : state;
  }
  await new Promise((next) => setTimeout(next, 1050 - (Date.now() % 1000)));
  redirect('/signin?reset=1');
}
