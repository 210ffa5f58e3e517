import { errors, jwtVerify } from 'jose';
import type { Identity } from '@sidecart/service-kit';
import { HttpProblem } from '@sidecart/service-kit';
import { z } from 'zod';

/** Who signs the tokens the gateway accepts, and for whom. The storefront signs with the same values. */
export const TOKEN_ISSUER = 'sidecart-storefront';
export const TOKEN_AUDIENCE = 'sidecart-api';

// The subject becomes a segment of service paths (`customers/<sub>`): letters, digits, `_` and `-` only.
const Claims = z.object({
  sub: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/),
  role: z.enum(['customer', 'admin']),
});

const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer' });

/**
 * Verifies a bearer token: HS256 only (so `alg: none` and algorithm swaps fail), signed
 * with the shared key, issued by the storefront for this API, not expired.
 */
export async function verifyBearer(header: string | undefined, key: Uint8Array): Promise<Identity | null> {
  if (!header) return null;
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1]!, key, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    });
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw unauthorized('The token does not name a user and a role');
    return { userId: claims.data.sub, role: claims.data.role };
  } catch (err) {
    if (err instanceof HttpProblem) throw err;
    if (err instanceof errors.JWTExpired) throw unauthorized('The token has expired');
    throw unauthorized('The token is not valid');
  }
}
