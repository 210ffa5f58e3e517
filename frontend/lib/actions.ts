import 'server-only';
import { GatewayError } from './gateway';
import type { FormState } from './form-state';

/**
 * Runs a server action's API work and turns a gateway failure into words for the form.
 * Anything else (a bug) is rethrown so the error page shows it.
 */
export async function attempt(work: () => Promise<FormState | void>): Promise<FormState> {
  try {
    return (await work()) ?? { ok: true };
  } catch (err) {
    if (err instanceof GatewayError) return { ok: false, message: err.message, fields: err.fieldErrors };
    throw err;
  }
}

/** A form field as a trimmed string ('' when absent). */
export const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
