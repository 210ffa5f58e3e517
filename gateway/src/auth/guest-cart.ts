import { jwtVerify, SignJWT, type JWSHeaderParameters } from 'jose';
import { Uuid } from '@sidecart/contracts';
import { problem, uuidv7 } from '@sidecart/service-kit';
import type { TokenKeys } from './tokens';

/**
 * A signed-out shopper's cart is named by a token only the gateway makes: an HS256 JWT whose
 * subject is a random guest id (uuid v7), for an audience of its own, so it is never taken for
 * a bearer token nor a bearer token for it. A client cannot forge one, nor name a customer's
 * cart with it: the order service keeps guest carts under their own keys.
 */
export const GUEST_CART_HEADER = 'Guest-Cart';
const ISSUER = 'sidecart-gateway';
const AUDIENCE = 'sidecart-guest-cart';
/** As long as the order service keeps a guest cart after its last change. */
export const GUEST_CART_TTL_SECONDS = 7 * 24 * 3600;

const invalid = (message: string) =>
  problem(400, 'The guest cart token is invalid', { errors: [{ path: GUEST_CART_HEADER, message }] });

/** The key id of the current key, so a token made before a key rotation stays valid until it expires. */
function currentKeyId(keys: TokenKeys): string | undefined {
  for (const [id, key] of keys.byId) {
    if (Buffer.from(key).equals(Buffer.from(keys.current))) return id;
  }
  return undefined;
}

export async function mintGuestCart(keys: TokenKeys): Promise<{ guestId: string; token: string }> {
  const guestId = uuidv7();
  const kid = currentKeyId(keys);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', ...(kid ? { kid } : {}) })
    .setSubject(guestId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${GUEST_CART_TTL_SECONDS}s`)
    .sign(keys.current);
  return { guestId, token };
}

/** The guest id a token names; a malformed, forged or expired token is a 400 naming the header. */
export async function verifyGuestCart(token: string, keys: TokenKeys): Promise<string> {
  if (token.length > 1000 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    throw invalid('must be a guest cart token');
  try {
    const keyFor = (header: JWSHeaderParameters) => {
      const key = header.kid === undefined ? keys.current : keys.byId.get(header.kid);
      if (!key) throw new Error('unknown key');
      return key;
    };
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    });
    const guestId = Uuid.safeParse(payload.sub);
    if (!guestId.success) throw new Error('no guest id');
    return guestId.data;
  } catch {
    throw invalid('is not a guest cart token this shop made, or it has expired');
  }
}
