/**
 * What a server action tells its form: nothing yet, success (with an optional message),
 * or a failure in words, with the fields the API named.
 */
export type FormState =
  null | { ok: true; message?: string } | { ok: false; message: string; fields?: Record<string, string> };
