/**
 * The bearer tokens the gateway accepts: HS256, issued by the storefront for this API, with a
 * key id (`kid`) so the signing key can be rotated while tokens signed with the previous one are
 * still honoured until they expire.
 */
export const TOKEN_ISSUER = 'sidecart-storefront';
export const TOKEN_AUDIENCE = 'sidecart-api';

/** A key's id: the first 16 hex digits of its SHA-256, so it names the key without revealing it. */
export async function tokenKeyId(secret: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)]
    .slice(0, 8)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}
