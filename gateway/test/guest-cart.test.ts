import { SignJWT } from 'jose';
import { mintGuestCart, verifyGuestCart } from '../src/auth/guest-cart';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, tokenKeys, verifyBearer, type TokenKeys } from '../src/auth/tokens';

const SECRET = 'test-key-that-is-at-least-32-bytes-long!!';
const NEXT_SECRET = 'the-next-key-that-is-at-least-32-bytes-long';
let keys: TokenKeys;
beforeAll(async () => {
  keys = await tokenKeys(SECRET);
});

/** The 400 problem a bad token gets, with the header it names. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: { status?: number; errors?: { path: string }[] }) => ({
      status: err.status,
      paths: err.errors?.map((e) => e.path),
    }),
  );
const REFUSED = { status: 400, paths: ['Guest-Cart'] };

describe('guest cart tokens', () => {
  it('name a fresh guest id that only this gateway can vouch for', async () => {
    const a = await mintGuestCart(keys);
    const b = await mintGuestCart(keys);
    expect(a.guestId).not.toBe(b.guestId);
    expect(await verifyGuestCart(a.token, keys)).toBe(a.guestId);
    expect(await refusal(verifyGuestCart(a.token, await tokenKeys(NEXT_SECRET)))).toEqual(REFUSED);
  });

  it('stay valid through a key rotation (the previous key still verifies)', async () => {
    const { guestId, token } = await mintGuestCart(keys);
    expect(await verifyGuestCart(token, await tokenKeys(NEXT_SECRET, SECRET))).toBe(guestId);
  });

  it('refuse a changed payload, garbage and a bearer token, as a 400 naming the header', async () => {
    const { token } = await mintGuestCart(keys);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '0190d0e4-0000-7000-8000-000000000000' }));
    expect(
      await refusal(verifyGuestCart(`${header}.${forged.toString('base64url')}.${signature}`, keys)),
    ).toEqual(REFUSED);
    expect(await refusal(verifyGuestCart('not-a-token', keys))).toEqual(REFUSED);
    const bearer = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('0190d0e4-0000-7000-8000-000000000000')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect(await refusal(verifyGuestCart(bearer, keys))).toEqual(REFUSED);
  });

  it('are never taken for a bearer token', async () => {
    const { token } = await mintGuestCart(keys);
    await expect(verifyBearer(`Bearer ${token}`, keys)).rejects.toMatchObject({ status: 401 });
  });

  it('expire', async () => {
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('0190d0e4-0000-7000-8000-000000000000')
      .setIssuer('sidecart-gateway')
      .setAudience('sidecart-guest-cart')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    expect(await refusal(verifyGuestCart(expired, keys))).toEqual(REFUSED);
  });
});
