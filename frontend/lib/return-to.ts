/** Only a path on this site may be a place to come back to (no open redirect). */
export function safeReturnTo(value: string | null | undefined, fallback = '/'): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : fallback;
}
