import { SignJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, tokenKeyId } from '@sidecart/contracts';
import type { Who } from './shop';
import { localSecrets } from './stack';

/** Signs a gateway token the way the storefront does (same shared secret, issuer and audience). */
export async function tokenFor(
  who: Who,
  options: { expiresIn?: string; audience?: string } = {},
): Promise<string> {
  const secret = localSecrets().GATEWAY_JWT_SECRET!;
  return new SignJWT({ role: who.role })
    .setProtectedHeader({ alg: 'HS256', kid: await tokenKeyId(secret) })
    .setSubject(who.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(secret));
}
