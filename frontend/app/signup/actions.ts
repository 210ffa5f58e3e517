'use server';
import { attempt, text } from '@/lib/actions';
import { callApi } from '@/lib/gateway';
import type { FormState } from '@/lib/form-state';

/** Opens an account; the form then signs the shopper in with the same credentials. */
export async function register(_: FormState, form: FormData): Promise<FormState> {
  return attempt(async () => {
    await callApi(null, '/customers', {
      method: 'POST',
      body: {
        name: text(form, 'name'),
        email: text(form, 'email'),
        password: String(form.get('password') ?? ''),
      },
    });
  });
}
