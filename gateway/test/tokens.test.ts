import { SignJWT, UnsecuredJWT } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, verifyBearer } from '../src/auth/tokens';

const key = new TextEncoder().encode('test-key-that-is-at-least-32-bytes-long!!');
const otherKey = new TextEncoder().encode('another-key-that-is-at-least-32-bytes-long');

const mint = (
  claims: Record<string, unknown> = { role: 'customer' },
  opts: { key?: Uint8Array; aud?: string; iss?: string; exp?: string | number } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
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
    expect(await verifyBearer(`Bearer ${await mint({ role: 'admin' })}`, key)).toEqual({
      userId: '6b065900492b27f54e76c9d7',
      role: 'admin',
    });
  });

  it('treats a request without a token as anonymous', async () => {
    expect(await verifyBearer(undefined, key)).toBeNull();
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
    expect(await status(verifyBearer(`Bearer ${await token()}`, key))).toBe(401);
  });

  it('refuses a malformed Authorization header', async () => {
    expect(await status(verifyBearer('Basic dXNlcjpwYXNz', key))).toBe(401);
  });
});
