/**
 * A signed-out shopper's cart, through the public gateway as a client calls it: the gateway
 * starts a guest cart and names it by a token it signs (`Guest-Cart`), the order service keeps
 * it in the state store, and at sign-in it joins the account's cart once. Then the same journey
 * in a real browser, where the token lives in the storefront's http-only cookie.
 */
import { randomUUID } from 'node:crypto';
import { api } from '../src/api';
import { browserForTests, screenshots, seriousViolations, signIn, STOREFRONT } from '../src/browser';
import { ADMIN, createProduct, fillCart, fromNewClient, newShopper, type Who } from '../src/shop';
import { race } from '../src/stack';
import { tokenFor } from '../src/tokens';

const lineOf = (cart: { lines: { productId: string; quantity: number }[] }) =>
  Object.fromEntries(cart.lines.map((l) => [l.productId, l.quantity]));

/** A guest cart with `lines`, started through the gateway; returns its token. */
async function guestCart(lines: { productId: string; quantity: number }[], client = fromNewClient()) {
  const res = await api('PUT', '/guest-cart', undefined, { lines }, client);
  expect(res.status).toBe(200);
  const token = res.headers.get('guest-cart');
  expect(token).toEqual(expect.any(String));
  return token!;
}

const merge = (who: Who, token: string) =>
  api('POST', '/cart/merge', who, undefined, { 'guest-cart': token });

describe('guest cart', () => {
  it('a signed-out shopper fills a cart; at sign-in it joins the account cart (quantities added, capped at 99), once', async () => {
    const [mug, tee] = await Promise.all([createProduct(10), createProduct(10)]);
    const client = fromNewClient();
    const first = await api(
      'PUT',
      '/guest-cart',
      undefined,
      { lines: [{ productId: mug.id, quantity: 2 }] },
      client,
    );
    expect(first.status).toBe(200);
    const token = first.headers.get('guest-cart')!;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // The same token names the same cart; changes carry its ETag as a signed-in cart's do.
    const read = await api('GET', '/guest-cart', undefined, undefined, { ...client, 'guest-cart': token });
    expect(read.status).toBe(200);
    expect(read.body.lines).toEqual([
      expect.objectContaining({ productId: mug.id, quantity: 2, name: mug.name }),
    ]);
    const blind = await api(
      'PUT',
      '/guest-cart',
      undefined,
      { lines: [] },
      { ...client, 'guest-cart': token },
    );
    expect(blind.status).toBe(409);
    const changed = await api(
      'PUT',
      '/guest-cart',
      undefined,
      {
        lines: [
          { productId: mug.id, quantity: 3 },
          { productId: tee.id, quantity: 98 },
        ],
      },
      { ...client, 'guest-cart': token, 'if-match': read.headers.get('etag')! },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('guest-cart')).toBeNull();

    const shopper = newShopper();
    await fillCart(shopper, [{ productId: tee.id, quantity: 5 }]);
    const merged = await merge(shopper, token);
    expect(merged.status).toBe(200);
    // The account's lines first, the guest's added: 5 + 98 capped at 99, and the mug joins.
    expect(merged.body.lines.map((l: { productId: string }) => l.productId)).toEqual([tee.id, mug.id]);
    expect(lineOf(merged.body)).toEqual({ [tee.id]: 99, [mug.id]: 3 });
    expect(lineOf((await api('GET', '/cart', shopper)).body)).toEqual({ [tee.id]: 99, [mug.id]: 3 });

    // Signing in again (or a retried request) adds nothing: the guest cart is gone.
    const again = await merge(shopper, token);
    expect(again.status).toBe(200);
    expect(lineOf(again.body)).toEqual({ [tee.id]: 99, [mug.id]: 3 });
    const gone = await api('GET', '/guest-cart', undefined, undefined, { 'guest-cart': token });
    expect(gone.body.lines).toEqual([]);
  });

  it('two sign-ins at once merge the guest cart once', async () => {
    const mug = await createProduct(10);
    const token = await guestCart([{ productId: mug.id, quantity: 4 }]);
    const shopper = newShopper();
    await fillCart(shopper, [{ productId: mug.id, quantity: 1 }]);
    const runs = await race(3, () => merge(shopper, token));
    for (const run of runs) expect(run.result.status).toBe(200);
    expect(lineOf((await api('GET', '/cart', shopper)).body)).toEqual({ [mug.id]: 5 });
  });

  it('a merge drops products no longer sold instead of failing', async () => {
    const [kept, withdrawn] = await Promise.all([createProduct(10), createProduct(10)]);
    const token = await guestCart([
      { productId: kept.id, quantity: 1 },
      { productId: withdrawn.id, quantity: 1 },
    ]);
    const archived = await api('POST', `/products/${withdrawn.id}/archive`, ADMIN);
    expect(archived.status).toBe(200);
    const shopper = newShopper();
    const merged = await merge(shopper, token);
    expect(merged.status).toBe(200);
    expect(lineOf(merged.body)).toEqual({ [kept.id]: 1 });
  });

  it('guest cart tokens cannot be left out, forged, or swapped with bearer tokens: 4xx problem+json naming the header', async () => {
    const mug = await createProduct(10);
    const client = fromNewClient();
    const token = await guestCart([{ productId: mug.id, quantity: 1 }], client);
    const problemAbout = (res: {
      status: number;
      headers: Headers;
      body: { errors?: { path: string }[] };
    }) => {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.path)).toContain('Guest-Cart');
    };
    problemAbout(await api('GET', '/guest-cart', undefined, undefined, client));
    problemAbout(await api('POST', '/cart/merge', newShopper(), undefined, client));

    // Another guest id in the payload, the signature kept: refused.
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    problemAbout(
      await api('GET', '/guest-cart', undefined, undefined, {
        ...client,
        'guest-cart': `${header}.${forgedPayload}.${signature}`,
      }),
    );
    // A shopper's bearer token is no guest cart token (another audience), nor the other way round.
    const bearer = await tokenFor(newShopper());
    problemAbout(await api('GET', '/guest-cart', undefined, undefined, { ...client, 'guest-cart': bearer }));
    expect((await api('GET', '/cart', `Bearer ${token}`)).status).toBe(401);

    // Bad lines: 400 naming the field, and nothing is written.
    const tooMany = await api(
      'PUT',
      '/guest-cart',
      undefined,
      { lines: [{ productId: mug.id, quantity: 100 }] },
      { ...client, 'guest-cart': token },
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors.map((e: { path: string }) => e.path)).toContain('lines.0.quantity');
    const unknown = await api(
      'PUT',
      '/guest-cart',
      undefined,
      { lines: [{ productId: 'f'.repeat(24), quantity: 1 }] },
      { ...client, 'guest-cart': token },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toContain('lines.0.productId');
    const kept = await api('GET', '/guest-cart', undefined, undefined, { ...client, 'guest-cart': token });
    expect(lineOf(kept.body)).toEqual({ [mug.id]: 1 });
  });

  it('anonymous cart routes draw on the same rate budgets as other routes', async () => {
    const client = fromNewClient();
    const write = await api('PUT', '/guest-cart', undefined, { lines: [] }, client);
    expect(write.status).toBe(200);
    const signedInWrite = await api('PUT', '/cart', newShopper(), { lines: [] });
    expect(write.headers.get('ratelimit-limit')).toEqual(expect.any(String));
    expect(write.headers.get('ratelimit-limit')).toBe(signedInWrite.headers.get('ratelimit-limit'));
    const read = await api('GET', '/guest-cart', undefined, undefined, {
      ...client,
      'guest-cart': write.headers.get('guest-cart')!,
    });
    const catalogRead = await api('GET', '/products?limit=1', undefined, undefined, client);
    expect(read.headers.get('ratelimit-limit')).toBe(catalogRead.headers.get('ratelimit-limit'));
    // One client, one budget: the guest cart's requests counted with the catalog's.
    expect(Number(catalogRead.headers.get('ratelimit-remaining'))).toBeLessThan(
      Number(read.headers.get('ratelimit-remaining')),
    );
  });
});

describe('guest cart in a real browser', () => {
  const browser = browserForTests();

  it('a signed-out visitor fills a cart, signs in, and finds it merged into the account cart', async () => {
    const shot = screenshots('guest-cart');
    const product = await createProduct(10);
    const email = `guest-${randomUUID()}@example.com`;
    const password = 'guest-cart-test-42';
    const signUp = await api(
      'POST',
      '/customers',
      undefined,
      { email, password, name: 'Guest Shopper' },
      fromNewClient(),
    );
    expect(signUp.status).toBe(201);
    const account: Who = { userId: signUp.body.id, role: 'customer' };
    await fillCart(account, [{ productId: product.id, quantity: 1 }]);

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${STOREFRONT}/products/${product.slug}`);
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    // Signed out, adding leads to the cart.
    await page.waitForURL(`${STOREFRONT}/cart`);
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    // The token is in an http-only cookie of the storefront's: scripts on the page cannot read it.
    const cookie = (await context.cookies()).find((c) => c.name === 'sidecart_guest_cart');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate('document.cookie')).not.toContain('sidecart_guest_cart');

    await page.getByRole('cell', { name: product.name, exact: true }).waitFor();
    await page.getByTestId('guest-cart-note').waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    expect(await page.getByLabel(`Quantity of ${product.name}`).inputValue()).toBe('2');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'guest-cart');

    await page.getByRole('link', { name: 'Sign in to check out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await signIn(page, email, password, '/checkout');
    await page.goto(`${STOREFRONT}/cart`);
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await page.getByRole('cell', { name: product.name, exact: true }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    // 1 already in the account's cart + 2 from the guest cart.
    expect(await page.getByLabel(`Quantity of ${product.name}`).inputValue()).toBe('3');
    expect(await page.getByTestId('guest-cart-note').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'merged-cart');
    expect((await context.cookies()).find((c) => c.name === 'sidecart_guest_cart')).toBeUndefined();
    expect(lineOf((await api('GET', '/cart', account)).body)).toEqual({ [product.id]: 3 });
    await context.close();
  });
});
