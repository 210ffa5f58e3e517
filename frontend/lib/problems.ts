import type { Problem } from '@sidecart/contracts';

/**
 * What a shopper reads when something goes wrong. The gateway's problem details are for
 * developers; these say what happened and what to do, in plain words.
 */
export function describeProblem(status: number, problem: Problem | null): string {
  switch (status) {
    case 400: {
      const fields = (problem?.errors ?? []).map((e) => `${fieldLabel(e.path)} ${e.message}`);
      return fields.length > 0
        ? `Please check: ${fields.join('; ')}.`
        : (problem?.detail ?? 'Some of what you entered is not valid.');
    }
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      return 'You are not allowed to do that.';
    case 404:
      return 'We could not find what you were looking for.';
    case 409:
      return problem?.detail ?? 'Something changed in the meantime. Please try again.';
    case 413:
      return 'That is more than we can take in one go.';
    case 429:
      return 'You are going a bit fast. Please wait a moment and try again.';
    case 503:
      return 'This part of the shop is not available right now. Please try again in a minute.';
    case 504:
      return 'The shop is taking too long to answer. Please try again.';
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}

/** `shippingAddress.postalCode` → `postal code`. */
export function fieldLabel(path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? path;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
