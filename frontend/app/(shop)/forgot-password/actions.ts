'use server';
import { attempt, text } from '@/lib/actions';
import { callApi } from '@/lib/gateway';
import { keepTyped, type TypedState } from '@/lib/typed-values';

/**
 * Asks for a reset link. The shop answers the same whether or not the email has an account, and
 * so does this form.
 */
export async function requestReset(_: TypedState, form: FormData): Promise<TypedState> {
  const state = await attempt(async () => {
    await callApi(null, '/customers/password-reset', {
      method: 'POST',
      body: { email: text(form, 'email') },
    });
    return {
      ok: true,
      message:
        'If an account has this email, a link to choose a new password is on its way. It works once, and only for a while.',
    };
  });
  return keepTyped(state, form, ['email']);
}
