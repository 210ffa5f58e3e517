/**
 * The gateway as the single entry point: who may call what, through the real stack.
 * Every request here goes to http://127.0.0.1:8080/api/v1 like a browser's would.
 */
import { randomUUID } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import { createProduct, newShopper } from '../src/shop';
import { api } from '../src/api';
import { eventually } from '../src/stack';
import { tokenFor } from '../src/tokens';

describe('authorization through the gateway', () => {
  const shopperA = newShopper();
  const shopperB = newShopper();
  let productId: string;

  beforeAll(async () => {
    productId = (await createProduct(20)).id;
  });

  it('B never reaches A’s cart: "my cart" is always the token’s own', async () => {
    const b = await api('GET', '/cart', shopperB);
    expect(b.body.customerId).toBe(shopperB.userId);
    expect(b.body.lines).toEqual([]);
  });

  it('identity headers sent by a client are ignored', async () => {
    const res = await api(
      'POST',
      '/products',
      shopperA,
      {},
      { 'x-sidecart-user-role': 'admin', 'x-sidecart-user-id': 'x' },
    );
    expect(res.status).toBe(403);
  });

  it.each([
    ['garbage', 'Bearer not.a.token'],
    ['wrong scheme', 'Basic dXNlcjpwYXNz'],
  ])('a %s token gets 401 even on a public route', async (_name, header) => {
    const res = await api('GET', '/products', header);
    expect(res.status).toBe(401);
  });

  it('an unsigned (alg: none) or tampered token gets 401', async () => {
    const unsigned = new UnsecuredJWT({ role: 'admin' })
      .setSubject(shopperA.userId)
      .setIssuer('sidecart-storefront')
      .setAudience('sidecart-api')
      .setExpirationTime('5m')
      .encode();
    expect((await api('GET', '/cart', `Bearer ${unsigned}`)).status).toBe(401);
    const [header, , signature] = (await tokenFor(shopperA)).split('.');
    const claims = Buffer.from(
      JSON.stringify({
        sub: shopperA.userId,
        role: 'admin',
        iss: 'sidecart-storefront',
        aud: 'sidecart-api',
        exp: 9e9,
      }),
    ).toString('base64url');
    const tampered = await api('POST', '/products', `Bearer ${header}.${claims}.${signature}`, {});
    expect(tampered.status).toBe(401);
  });

  it('an expired or wrong-audience token gets 401', async () => {
    const expired = await tokenFor(shopperA, { expiresIn: '-1m' });
    expect((await api('GET', '/cart', `Bearer ${expired}`)).status).toBe(401);
    const foreign = await tokenFor(shopperA, { audience: 'another-api' });
    expect((await api('GET', '/cart', `Bearer ${foreign}`)).status).toBe(401);
  });

  it('sign-up and the catalog need no token', async () => {
    const res = await api('POST', '/customers', undefined, {
      email: `gw-${randomUUID()}@example.com`,
      password: 'correct-horse-42',
      name: 'Gateway Test',
    });
    expect(res.status).toBe(201);
    await eventually(async () =>
      (await api('GET', `/products/${productId}`)).status === 200 ? true : undefined,
    );
  });
});
