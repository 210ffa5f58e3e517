/**
 * The gateway as the single entry point: who may call what, through the real stack.
 * Every request here goes to http://127.0.0.1:8080/api/v1 like a browser's would.
 */
import { randomUUID } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import { createProduct, fillCart, newShopper } from '../src/shop';
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
    await fillCart(shopperA, [{ productId, quantity: 2 }]);
    const b = await api('GET', '/cart', shopperB);
    expect(b.body.customerId).toBe(shopperB.userId);
    expect(b.body.lines).toEqual([]);
    // B writing "my cart" writes B's, and A's is as A left it.
    await fillCart(shopperB, [{ productId, quantity: 1 }]);
    const a = await api('GET', '/cart', shopperA);
    expect(a.body.lines).toEqual([expect.objectContaining({ productId, quantity: 2 })]);
  });

  it('identity headers sent by a client are ignored: the token alone says who calls', async () => {
    await fillCart(shopperA, [{ productId, quantity: 2 }]);
    const forged = { 'x-sidecart-user-id': shopperA.userId, 'x-sidecart-user-role': 'admin' };
    // B names A (and the admin role) in the headers the gateway sets for services: B still gets B's cart.
    const asB = await api('GET', '/cart', newShopper(), undefined, forged);
    expect(asB.status).toBe(200);
    expect(asB.body.customerId).not.toBe(shopperA.userId);
    expect(asB.body.lines).toEqual([]);
    // Without a token the same headers reach nothing that needs a user.
    expect((await api('GET', '/cart', undefined, undefined, forged)).status).toBe(401);
    // And they grant no role: a shopper claiming admin cannot list every order.
    expect((await api('GET', '/admin/orders', shopperB, undefined, forged)).status).toBe(403);
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
