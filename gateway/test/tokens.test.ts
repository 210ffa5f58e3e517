import { SignJWT, UnsecuredJWT } from 'jose';
import { tokenKeyId } from '@sidecart/contracts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, tokenKeys, verifyBearer, type TokenKeys } from '../src/auth/tokens';

const SECRET = 'test-key-that-is-at-least-32-bytes-long!!';
const OTHER_SECRET = 'another-key-that-is-at-least-32-bytes-long';
const key = new TextEncoder().encode(SECRET);
const otherKey = new TextEncoder().encode(OTHER_SECRET);
let keys: TokenKeys;
beforeAll(async () => {
  keys = await tokenKeys(SECRET);
});

const mint = (
  claims: Record<string, unknown> = { role: 'customer' },
  opts: { key?: Uint8Array; aud?: string; iss?: string; exp?: string | number; kid?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', ...(opts.kid ? { kid: opts.kid } : {}) })
    .setSubject('6b065900492b27f54e76c9d7')
    .setIssuer(opts.iss ?? TOKEN_ISSUER)
    .setAudience(opts.aud ?? TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(opts.key ?? key);

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (err: { status?: number }) => err.status,
  );

describe('verifyBearer', () => {
  it('returns the identity of a valid token', async () => {
    expect(await verifyBearer(`Bearer ${await mint({ role: 'admin' })}`, keys)).toEqual({
      userId: '6b065900492b27f54e76c9d7',
      role: 'admin',
      authTime: expect.any(Number),
    });
  });

  it("takes the session's start from auth_time, else from the issue time", async () => {
    const signedIn = await mint({ role: 'customer', auth_time: 1_700_000_000 });
    expect((await verifyBearer(`Bearer ${signedIn}`, keys))?.authTime).toBe(1_700_000_000);
    const plain = await verifyBearer(`Bearer ${await mint()}`, keys);
    expect(Math.abs(plain!.authTime - Date.now() / 1000)).toBeLessThan(5);
  });

  it('treats a request without a token as anonymous', async () => {
    expect(await verifyBearer(undefined, keys)).toBeNull();
  });

  it.each([
    ['signed with another key', () => mint(undefined, { key: otherKey })],
    ['for another audience', () => mint(undefined, { aud: 'someone-else' })],
    ['from another issuer', () => mint(undefined, { iss: 'evil' })],
    ['expired', () => mint(undefined, { exp: Math.floor(Date.now() / 1000) - 10 })],
    ['without a role', () => mint({})],
    ['with an unknown role', () => mint({ role: 'root' })],
    [
      'unsigned (alg: none)',
      async () =>
        new UnsecuredJWT({ role: 'admin' })
          .setSubject('x')
          .setIssuer(TOKEN_ISSUER)
          .setAudience(TOKEN_AUDIENCE)
          .setExpirationTime('5m')
          .encode(),
    ],
    [
      'tampered',
      async () => {
        const [h, , s] = (await mint()).split('.');
        const forged = Buffer.from(
          JSON.stringify({ sub: 'x', role: 'admin', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: 9e9 }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
    ],
  ])('refuses a token %s with 401', async (_name, token) => {
    expect(await status(verifyBearer(`Bearer ${await token()}`, keys))).toBe(401);
  });

  it('refuses a malformed Authorization header', async () => {
    expect(await status(verifyBearer('Basic dXNlcjpwYXNz', keys))).toBe(401);
  });

  it('during a rotation accepts tokens of the current and the previous key by their kid', async () => {
    const rotated = await tokenKeys(OTHER_SECRET, SECRET);
    const byOld = await mint({ role: 'customer' }, { key, kid: await tokenKeyId(SECRET) });
    const byNew = await mint({ role: 'customer' }, { key: otherKey, kid: await tokenKeyId(OTHER_SECRET) });
    expect(await status(verifyBearer(`Bearer ${byOld}`, rotated))).toBe(200);
    expect(await status(verifyBearer(`Bearer ${byNew}`, rotated))).toBe(200);
    // After the rotation ends, the old key's tokens are refused.
    expect(await status(verifyBearer(`Bearer ${byOld}`, await tokenKeys(OTHER_SECRET)))).toBe(401);
  });

  it('refuses a kid it does not know, and a kid that names another key than the signature', async () => {
    const unknown = await mint({ role: 'customer' }, { kid: 'not-a-key-we-have' });
    expect(await status(verifyBearer(`Bearer ${unknown}`, keys))).toBe(401);
    const mislabelled = await mint({ role: 'customer' }, { key: otherKey, kid: await tokenKeyId(SECRET) });
    expect(await status(verifyBearer(`Bearer ${mislabelled}`, keys))).toBe(401);
  });
});
