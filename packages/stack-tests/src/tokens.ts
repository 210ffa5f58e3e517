import { SignJWT } from 'jose';
import type { Who } from './shop';
import { localSecrets } from './stack';

/** Signs a gateway token the way the storefront does (same shared secret, issuer and audience). */
export function tokenFor(who: Who, options: { expiresIn?: string; audience?: string } = {}): Promise<string> {
  return new SignJWT({ role: who.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(who.userId)
    .setIssuer('sidecart-storefront')
    .setAudience(options.audience ?? 'sidecart-api')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(localSecrets().GATEWAY_JWT_SECRET));
}
