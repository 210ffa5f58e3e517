import { errors, jwtVerify, type JWSHeaderParameters } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, tokenKeyId } from '@sidecart/contracts';
import type { Identity } from '@sidecart/service-kit';
import { HttpProblem, problem } from '@sidecart/service-kit';
import { z } from 'zod';

/** Who signs the tokens the gateway accepts, and for whom. The storefront signs with the same values. */
export { TOKEN_AUDIENCE, TOKEN_ISSUER };

/**
 * The keys tokens may be signed with, by key id: the current one, and during a rotation the
 * previous one (GATEWAY_JWT_PREVIOUS_SECRET), so tokens signed just before it stay valid until
 * they expire. A token without a `kid` is checked against the current key.
 */
export type TokenKeys = { current: Uint8Array; byId: Map<string, Uint8Array> };

export async function tokenKeys(current: string, previous?: string): Promise<TokenKeys> {
  const byId = new Map<string, Uint8Array>();
  for (const secret of [previous, current]) {
    if (secret) byId.set(await tokenKeyId(secret), new TextEncoder().encode(secret));
  }
  return { current: new TextEncoder().encode(current), byId };
}

// The subject becomes a segment of service paths (`customers/<sub>`): letters, digits, `_` and `-` only.
const Claims = z.object({
  sub: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/),
  role: z.enum(['customer', 'admin']),
  iat: z.number().optional(),
  /** When the user signed in (seconds): the storefront's session start, else the token's issue time. */
  auth_time: z.number().optional(),
});

/** A verified caller, with the time its session began (to honour ended sessions). */
export type Session = Identity & { authTime: number };

const unauthorized = (detail: string) => problem(401, detail, { headers: { 'www-authenticate': 'Bearer' } });

/**
 * Verifies a bearer token: HS256 only (so `alg: none` and algorithm swaps fail), signed
 * with the shared key its `kid` names, issued by the storefront for this API, not expired.
 */
export async function verifyBearer(header: string | undefined, keys: TokenKeys): Promise<Session | null> {
  if (!header) return null;
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
  try {
    const keyFor = (header: JWSHeaderParameters) => {
      const key = header.kid === undefined ? keys.current : keys.byId.get(header.kid);
      if (!key) throw unauthorized('The token was signed with a key this API does not know');
      return key;
    };
    const { payload } = await jwtVerify(match[1]!, keyFor, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    });
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw unauthorized('The token does not name a user and a role');
    const authTime = claims.data.auth_time ?? claims.data.iat ?? 0;
    return { userId: claims.data.sub, role: claims.data.role, authTime };
  } catch (err) {
    if (err instanceof HttpProblem) throw err;
    if (err instanceof errors.JWTExpired) throw unauthorized('The token has expired');
    throw unauthorized('The token is not valid');
  }
}
