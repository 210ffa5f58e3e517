'use server';
import { attempt, text } from '@/lib/actions';
import { callApi } from '@/lib/gateway';
import { keepTyped, type TypedState } from '@/lib/typed-values';

/** Opens an account; the form then signs the shopper in with the same credentials. */
export async function register(_: TypedState, form: FormData): Promise<TypedState> {
  const state = await attempt(async () => {
    await callApi(null, '/customers', {
      method: 'POST',
      body: {
        name: text(form, 'name'),
        email: text(form, 'email'),
        password: String(form.get('password') ?? ''),
      },
    });
  });
  // Never the password: a rejected form shows an empty password field.
  return keepTyped(state, form, ['name', 'email']);
}
